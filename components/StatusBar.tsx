import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { useDash } from '../hooks/use-dash.js';
import { useNow } from '../hooks/use-now.js';
import { useTheme } from '../hooks/use-theme.js';
import { useTree } from '../hooks/use-tree.js';
import { describeConnection } from '../src/model/connection.js';
import type { AgentState } from '../src/model/types.js';
import { stateCounts } from '../src/store/rows.js';
import type { DashState } from '../src/store/types.js';
import { cut, glyph, plain, STATE_COLOR, tint } from './theme.js';

const SHOWN: AgentState[] = ['waiting', 'working', 'idle', 'error', 'exited'];

function connectionText(
  c: DashState['connection'],
  running: boolean,
  kind: string,
  now: number,
): { text: string; color: string } {
  const text = describeConnection(c, now, { lastError: true });
  switch (c.status) {
    case 'connecting':
    case 'reconnecting':
      return { text, color: 'yellow' };
    case 'closed':
      return { text, color: 'red' };
    case 'connected':
      if (kind === 'embedded' && !running) return { text: 'no tmux server', color: 'red' };
      return { text, color: 'green' };
  }
}

/** Top line: source, connection, per-state counts. */
export function StatusBar(props: { width: number }) {
  const { color, ascii } = useTheme();
  const source = useDash((s) => s.source);
  const connection = useDash((s) => s.connection);
  const running = useDash((s) => s.world.snapshot.server.running);
  // The counts of exactly the panes the tree shows (folded ones included: their header sums them up).
  const { rows } = useTree();
  const counts = useMemo(() => stateCounts(rows), [rows]);
  const filtered = useDash((s) => s.filters.agents !== '');
  // "reconnecting in Ns" counts down: a 1 s tick only while a retry is pending.
  useNow(connection.status === 'reconnecting' ? 1000 : null);
  const conn = connectionText(connection, running, source.kind, Date.now());
  return (
    <Box width={props.width} height={1} overflow="hidden">
      <Text wrap={cut(ascii)}>
        <Text bold>tmo</Text>
        <Text> {plain(source.label, ascii)} </Text>
        <Text {...tint(color, conn.color)}>{plain(conn.text, ascii)}</Text>
        {SHOWN.filter((s) => counts[s] > 0 || s === 'waiting' || s === 'working').map((s) => (
          <Text key={s} {...tint(color, STATE_COLOR[s])}>
            {`  ${glyph(s, ascii)} ${counts[s]} ${s}`}
          </Text>
        ))}
        {filtered ? <Text dimColor={color}> (filtered)</Text> : null}
      </Text>
    </Box>
  );
}
