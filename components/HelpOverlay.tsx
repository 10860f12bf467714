import { Box, Text } from 'ink';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import { bindingsFor, displayKeys } from '../src/keymap/table.js';

/** `?`: every binding of the key table, and the `:` commands. Esc or ? closes it. */
export function HelpOverlay(props: { width: number; height: number }) {
  const { color, ascii } = useTheme();
  const keymap = useDash((s) => s.keymap);
  const commands = useDash((s) => s.commands);
  const bindings = bindingsFor(
    keymap,
    useDash((s) => s.source.kind),
  );
  const longest = Math.max(...bindings.map((b) => displayKeys(b, ascii).length));
  const keyWidth = Math.min(Math.max(12, Math.floor(props.width / 2)), longest + 2);
  const lines = [
    ...bindings.map((b) => ({ key: displayKeys(b, ascii), text: b.description, id: b.action })),
    { key: '', text: '', id: 'gap' },
    ...commands.map((c) => ({ key: `:${c.name}`, text: c.summary, id: `cmd-${c.name}` })),
  ];
  const body = Math.max(0, props.height - 2);
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden" paddingLeft={1}>
      <Text bold {...(color ? { color: 'cyan' } : {})}>
        Keys (Esc or ? closes)
      </Text>
      {lines.slice(0, body).map((l) => (
        <Box key={l.id} height={1} width={props.width - 1} overflow="hidden">
          <Text wrap="truncate-end">
            <Text bold>{l.key.padEnd(keyWidth)}</Text>
            <Text>{l.text}</Text>
          </Text>
        </Box>
      ))}
      {lines.length > body ? (
        <Text dimColor={color}>… {lines.length - body} more (enlarge the terminal)</Text>
      ) : null}
    </Box>
  );
}
