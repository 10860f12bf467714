import { Box, Text } from 'ink';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import { footerHints } from '../src/keymap/table.js';
import { cut, plain } from './theme.js';

/**
 * Bottom line: the status message if any, then 4–7 key hints from the key table for the mode, the focused
 * panel and the selection (answer only on a waiting agent, attach only on the local server).
 */
export function Footer(props: { width: number }) {
  const { color, ascii } = useTheme();
  const keymap = useDash((s) => s.keymap);
  const mode = useDash((s) => s.mode);
  const message = useDash((s) => s.message);
  const panel = useDash((s) => s.panel);
  const local = useDash((s) => s.source.kind === 'embedded');
  const waiting = useDash(
    (s) =>
      s.selected !== undefined && s.selected === s.cursor && s.world.agents[s.selected]?.state === 'waiting',
  );
  const anyWaiting = useDash((s) => Object.values(s.world.agents).some((a) => a.state === 'waiting'));
  const hints = footerHints(keymap, mode, { panel, waiting, anyWaiting, local });
  return (
    <Box width={props.width} height={1} overflow="hidden">
      <Text wrap={cut(ascii)}>
        {message ? <Text {...(color ? { color: 'yellow' } : {})}>{plain(message, ascii)}</Text> : null}
        {message ? <Text dimColor={color}>{ascii ? '  |  ' : '  │  '}</Text> : null}
        {hints.map((h) => (
          <Text key={h.label}>
            <Text bold inverse={!color} {...(color ? { color: 'cyan' } : {})}>
              {plain(h.key, ascii)}
            </Text>
            <Text> {h.label} </Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
