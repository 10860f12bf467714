import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import type { AgentState } from '../src/model/types.js';
import { stateCounts } from '../src/store/rows.js';
import type { DashState } from '../src/store/types.js';
import { glyph, STATE_COLOR, tint } from './theme.js';

const SHOWN: AgentState[] = ['waiting', 'working', 'idle', 'error', 'exited'];

function connectionText(
  c: DashState['connection'],
  running: boolean,
  kind: string,
): { text: string; color: string } {
  switch (c.status) {
    case 'connecting':
      return { text: 'connecting…', color: 'yellow' };
    case 'reconnecting':
      return { text: `reconnecting in ${Math.ceil(c.inMs / 1000)}s`, color: 'yellow' };
    case 'closed':
      return { text: `disconnected${c.error ? `: ${c.error}` : ''}`, color: 'red' };
    case 'connected':
      if (kind === 'embedded' && !running) return { text: 'no tmux server', color: 'red' };
      return { text: 'connected', color: 'green' };
  }
}

/** Top line: source, connection, per-state counts. */
export function StatusBar(props: { width: number }) {
  const { color, ascii } = useTheme();
  const source = useDash((s) => s.source);
  const connection = useDash((s) => s.connection);
  const running = useDash((s) => s.world.snapshot.server.running);
  const agents = useDash((s) => s.world.agents);
  const counts = useMemo(
    () => stateCounts({ snapshot: { takenAt: 0, server: { running, socket: '' }, sessions: [] }, agents }),
    [agents, running],
  );
  const conn = connectionText(connection, running, source.kind);
  return (
    <Box width={props.width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>tmo</Text>
        <Text> {source.label} </Text>
        <Text {...tint(color, conn.color)}>{conn.text}</Text>
        {SHOWN.filter((s) => counts[s] > 0 || s === 'waiting' || s === 'working').map((s) => (
          <Text key={s} {...tint(color, STATE_COLOR[s])}>
            {`  ${glyph(s, ascii)} ${counts[s]} ${s}`}
          </Text>
        ))}
      </Text>
    </Box>
  );
}
