import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import { filterFeed } from '../src/store/rows.js';
import type { FeedEntry } from '../src/store/types.js';
import { PanelTitle } from './PanelTitle.js';
import { cut, glyph, oneLine, plain, STATE_COLOR, tint } from './theme.js';

const KIND_COLOR: Record<FeedEntry['kind'], string> = {
  state: 'white',
  session: 'blue',
  window: 'blue',
  server: 'green',
  error: 'red',
  send: 'cyan',
  info: 'gray',
};

const clock = (t: number) => new Date(t).toTimeString().slice(0, 8);

const FeedLine = memo(function FeedLine(p: {
  entry: FeedEntry;
  width: number;
  color: boolean;
  ascii: boolean;
}) {
  const { entry } = p;
  const c = entry.state ? STATE_COLOR[entry.state] : KIND_COLOR[entry.kind];
  const mark = entry.state ? glyph(entry.state, p.ascii) : entry.kind === 'error' ? '!' : '-';
  return (
    <Box width={p.width} height={1} overflow="hidden">
      <Text wrap={cut(p.ascii)}>
        <Text dimColor={p.color}>{clock(entry.time)} </Text>
        <Text {...tint(p.color, c)}>{mark} </Text>
        <Text>{plain(oneLine(entry.text), p.ascii)}</Text>
      </Text>
    </Box>
  );
});

/** The merged event feed, newest at the bottom, filterable with `/` when focused. */
export function EventFeed(props: { width: number; height: number; focused: boolean }) {
  const { color, ascii } = useTheme();
  const feed = useDash((s) => s.feed);
  const filter = useDash((s) => s.filters.feed);
  const body = Math.max(0, props.height - 1);
  const shown = useMemo(() => filterFeed(feed, filter).slice(-body), [feed, filter, body]);
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <PanelTitle
        title="Events"
        focused={props.focused}
        width={props.width}
        color={color}
        extra={filter ? `/${filter}` : ''}
      />
      {shown.length === 0 ? (
        <Text dimColor={color}> {filter ? 'no event matches the filter' : 'no events yet'}</Text>
      ) : (
        shown.map((e) => <FeedLine key={e.id} entry={e} width={props.width} color={color} ascii={ascii} />)
      )}
    </Box>
  );
}
