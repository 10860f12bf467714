import { Box, Text } from 'ink';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import { cut, plain } from './theme.js';

/** A destructive action's y/N question, naming what dies. */
export function ConfirmLine(props: { width: number }) {
  const { color, ascii } = useTheme();
  const confirm = useDash((s) => s.confirm);
  return (
    <Box width={props.width} height={1} overflow="hidden">
      <Text wrap={cut(ascii)} bold {...(color ? { color: 'red' } : { inverse: true })}>
        {plain(`y/N  ${confirm?.question ?? ''}`, ascii)}
      </Text>
    </Box>
  );
}
