import { Box, Text } from 'ink';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import { footerHints } from '../src/keymap/table.js';

/** Bottom line: the status message if any, else 4–7 key hints for the current mode, from the key table. */
export function Footer(props: { width: number }) {
  const { color, ascii } = useTheme();
  const keymap = useDash((s) => s.keymap);
  const mode = useDash((s) => s.mode);
  const message = useDash((s) => s.message);
  const kind = useDash((s) => s.source.kind);
  const hints = footerHints(keymap, mode, kind);
  return (
    <Box width={props.width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {message ? <Text {...(color ? { color: 'yellow' } : {})}>{message}</Text> : null}
        {message ? <Text dimColor={color}>{ascii ? '  |  ' : '  │  '}</Text> : null}
        {hints.map((h) => (
          <Text key={h.label}>
            <Text bold inverse={!color} {...(color ? { color: 'cyan' } : {})}>
              {h.key}
            </Text>
            <Text> {h.label} </Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
