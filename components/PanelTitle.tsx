import { Box, Text } from 'ink';
import { memo } from 'react';
import { useTheme } from '../hooks/use-theme.js';
import { cut, plain } from './theme.js';

/** A panel's title line; the focused panel's title is inverse. */
export const PanelTitle = memo(function PanelTitle(props: {
  title: string;
  focused: boolean;
  width: number;
  color: boolean;
  extra?: string;
}) {
  const { ascii } = useTheme();
  return (
    <Box width={props.width} height={1} overflow="hidden">
      <Text wrap={cut(ascii)}>
        <Text inverse={props.focused} bold {...(props.color && !props.focused ? { color: 'blue' } : {})}>
          {` ${plain(props.title, ascii)} `}
        </Text>
        {props.extra ? <Text dimColor={props.color}> {plain(props.extra, ascii)}</Text> : null}
      </Text>
    </Box>
  );
});
