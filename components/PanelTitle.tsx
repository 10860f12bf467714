import { Box, Text } from 'ink';
import { memo } from 'react';

/** A panel's title line; the focused panel's title is inverse. */
export const PanelTitle = memo(function PanelTitle(props: {
  title: string;
  focused: boolean;
  width: number;
  color: boolean;
  extra?: string;
}) {
  return (
    <Box width={props.width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        <Text inverse={props.focused} bold {...(props.color && !props.focused ? { color: 'blue' } : {})}>
          {` ${props.title} `}
        </Text>
        {props.extra ? <Text dimColor={props.color}> {props.extra}</Text> : null}
      </Text>
    </Box>
  );
});
