import { Box, Text } from 'ink';
import { useDash } from '../hooks/use-dash.js';
import { useNow } from '../hooks/use-now.js';
import { useTheme } from '../hooks/use-theme.js';
import { retrySeconds } from '../src/model/connection.js';
import { plain, tint } from './theme.js';

/** What to do when there is nothing to show: no server, not connected, no agents, or nothing matches. */
export function EmptyState(props: { width: number; height: number; filtered: boolean }) {
  const { color, ascii } = useTheme();
  const connection = useDash((s) => s.connection);
  const running = useDash((s) => s.world.snapshot.server.running);
  const socket = useDash((s) => s.world.snapshot.server.socket);
  const kind = useDash((s) => s.source.kind);
  const sessions = useDash((s) => s.world.snapshot.sessions.length);
  let lines: string[];
  useNow(connection.status === 'reconnecting' ? 1000 : null);
  const seconds = retrySeconds(connection, Date.now());
  const retry =
    connection.status === 'reconnecting' ? (seconds > 0 ? `Retrying in ${seconds}s.` : 'Retrying…') : '';
  if (props.filtered) {
    lines = ['No agent matches the filter.', 'Press / to change it, Esc to clear it.'];
  } else if (!running && kind === 'embedded' && (connection.status === 'connected' || retry)) {
    // The embedded source retries while the server is down: say how to start one, not just "retrying".
    const flag = socket && socket !== 'default' ? ` ${socket}` : '';
    lines = [
      'No tmux server is running.',
      `Start one: tmux${flag} new-session -d -s work`,
      'then run an agent in it (claude, codex, gemini, aider…).',
      'Or try `tmo demo` for simulated agents.',
      retry,
    ];
  } else if (connection.status === 'closed' || connection.status === 'reconnecting') {
    lines = [
      kind !== 'remote'
        ? 'Not connected to tmux.'
        : connection.host
          ? `Not connected to ${connection.host}.`
          : 'Not connected to the server.',
      connection.error ? `(${connection.error})` : '',
      retry,
    ];
  } else if (connection.status === 'connecting') {
    lines = ['Connecting…'];
  } else {
    lines = [
      sessions ? `No agents in ${sessions} session(s).` : 'No tmux sessions yet.',
      'Agents are recognised by the pane command',
      '(claude, codex, gemini, aider, opencode…)',
      'and by what their screen shows.',
      'Start one in a tmux pane; it appears here.',
    ];
  }
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden" paddingLeft={1}>
      {lines
        .filter(Boolean)
        .slice(0, Math.max(0, props.height))
        .map((l, i) => (
          <Text key={l} wrap="truncate-end" {...(i === 0 ? tint(color, 'yellow') : {})}>
            {plain(l, ascii)}
          </Text>
        ))}
    </Box>
  );
}
