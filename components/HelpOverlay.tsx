import { Box, Text } from 'ink';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import { bindingsFor, displayKeys } from '../src/keymap/table.js';
import { cut, plain } from './theme.js';

interface Line {
  key: string;
  text: string;
  id: string;
}

function Column(props: { lines: Line[]; width: number; height: number; ascii: boolean }) {
  const keyWidth = Math.min(
    Math.floor(props.width / 2),
    Math.max(6, ...props.lines.map((l) => l.key.length)) + 2,
  );
  const shown = props.lines.length > props.height ? props.lines.slice(0, props.height - 1) : props.lines;
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      {shown.map((l) => (
        <Box key={l.id} height={1} width={props.width} overflow="hidden">
          <Text wrap={cut(props.ascii)}>
            <Text bold>
              {plain(l.key.length < keyWidth ? l.key.padEnd(keyWidth) : `${l.key} `, props.ascii)}
            </Text>
            <Text>{plain(l.text, props.ascii)}</Text>
          </Text>
        </Box>
      ))}
      {shown.length < props.lines.length ? (
        <Text>{`... ${props.lines.length - shown.length} more (enlarge the terminal)`}</Text>
      ) : null}
    </Box>
  );
}

/**
 * `?`: every binding of the key table, and the `:` commands. Two columns when the terminal is wide enough:
 * the normal-mode keys, then the keys of the other modes and the commands. Esc or ? closes it.
 */
export function HelpOverlay(props: { width: number; height: number }) {
  const { color, ascii } = useTheme();
  const keymap = useDash((s) => s.keymap);
  const commands = useDash((s) => s.commands);
  const bindings = bindingsFor(
    keymap,
    useDash((s) => s.source.kind),
  );
  const line = (b: (typeof keymap.bindings)[number]): Line => ({
    key: displayKeys(b, ascii),
    text: b.description,
    id: `${b.action}-${b.modes.join()}`,
  });
  const normal = bindings.filter((b) => b.modes.includes('normal')).map(line);
  const others = [
    ...bindings.filter((b) => !b.modes.includes('normal')).map(line),
    { key: '', text: '', id: 'gap' },
    ...commands.map((c) => ({ key: `:${c.name}`, text: c.summary, id: `cmd-${c.name}` })),
  ];
  const body = Math.max(1, props.height - 1);
  const two = props.width >= 90;
  const half = Math.floor((props.width - 1) / 2);
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden" paddingLeft={1}>
      <Text bold {...(color ? { color: 'cyan' } : {})}>
        Keys (Esc or ? closes)
      </Text>
      {two ? (
        <Box flexDirection="row" width={props.width - 1} height={body}>
          <Column lines={normal} width={half} height={body} ascii={ascii} />
          <Column lines={others} width={props.width - 1 - half} height={body} ascii={ascii} />
        </Box>
      ) : (
        <Column lines={[...normal, ...others]} width={props.width - 1} height={body} ascii={ascii} />
      )}
    </Box>
  );
}
