import { Box, Text } from 'ink';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import { plain } from './theme.js';

/** The `/` filter or `:` command line being typed. */
export function InputLine(props: { width: number }) {
  const { color, ascii } = useTheme();
  const mode = useDash((s) => s.mode);
  const input = useDash((s) => s.input);
  const panel = useDash((s) => s.panel);
  const commands = useDash((s) => s.commands);
  const prefix = mode === 'filter' ? `filter ${panel === 'feed' ? 'events' : 'agents'} /` : ':';
  const name = input.split(' ')[0] ?? '';
  const matches =
    mode === 'command' ? commands.filter((c) => c.name.startsWith(name)).map((c) => c.name) : [];
  return (
    <Box width={props.width} height={1} overflow="hidden">
      <Text wrap="truncate-start">
        <Text bold {...(color ? { color: 'cyan' } : {})}>
          {prefix}
        </Text>
        <Text>{plain(input, ascii)}</Text>
        <Text>{ascii ? '_' : '█'}</Text>
        {matches.length ? <Text dimColor={color}>{`   ${matches.join(' ')}`}</Text> : null}
      </Text>
    </Box>
  );
}
