import { Box } from 'ink';
import { useDash } from '../hooks/use-dash.js';
import { useNow } from '../hooks/use-now.js';
import { useTheme } from '../hooks/use-theme.js';
import { useTree } from '../hooks/use-tree.js';
import { isAgent } from '../src/store/rows.js';
import { AgentLine } from './AgentLine.js';
import { EmptyState } from './EmptyState.js';
import { PanelTitle } from './PanelTitle.js';
import { TreeHeader } from './TreeHeader.js';

const clock = (t: number) => new Date(t).toTimeString().slice(0, 5);

/**
 * Sessions → windows → panes (every pane, or agents only; or a flat waiting-first list), scrolled to keep
 * the cursor in view. Only the lines that fit are rendered, so 500 panes cost what 40 do.
 */
export function AgentList(props: { width: number; height: number; focused: boolean }) {
  const { color, ascii } = useTheme();
  const { lines, rows } = useTree();
  const cursor = useDash((s) => s.cursor);
  const sorted = useDash((s) => s.sortWaiting);
  const agentsOnly = useDash((s) => s.agentsOnly);
  const filter = useDash((s) => s.filters.agents);
  const marks = useDash((s) => s.marks);
  // Before the first tree arrives nothing is known: no count is claimed (not "0 panes").
  const known = useDash((s) => s.world.snapshot.sessions.length > 0 || s.connection.status === 'connected');
  const drafts = useDash((s) => s.drafts);
  const staleSince = useDash((s) => s.staleSince);
  const body = Math.max(0, props.height - 1);
  const at = Math.max(
    0,
    lines.findIndex((l) => l.key === cursor),
  );
  const start = Math.max(0, Math.min(at - Math.floor(body / 2), lines.length - body));
  const shown = lines.slice(start, start + body);
  // Ages tick every second while a shown one is under a minute, else every 15 s (no needless frames).
  const fresh = shown.some((l) => l.type === 'pane' && Date.now() - (l.row.since ?? 0) < 60_000);
  const now = useNow(fresh ? 1000 : 15_000);
  const agents = rows.filter(isAgent).length;
  const labelWidth = Math.min(
    16,
    Math.max(
      6,
      ...shown.map((l) =>
        l.type === 'pane' && l.depth === 1 ? `${l.row.windowIndex}${l.row.window}`.length + 2 : 6,
      ),
    ),
  );
  const extra = [
    staleSince ? `STALE since ${clock(staleSince)}` : '',
    sorted ? 'waiting first' : '',
    filter ? `/${filter}` : '',
    !known && !staleSince
      ? 'connecting…'
      : agentsOnly || sorted
        ? `${agents}`
        : `${rows.length} panes · ${agents} agents`,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <PanelTitle
        title={agentsOnly || sorted ? 'Agents' : 'Sessions'}
        focused={props.focused}
        width={props.width}
        color={color}
        extra={extra}
      />
      {lines.length === 0 ? <EmptyState width={props.width} height={body} filtered={filter !== ''} /> : null}
      {lines.length === 0
        ? null
        : shown.map((line) =>
            line.type === 'pane' ? (
              <AgentLine
                key={line.key}
                row={line.row}
                number={line.number}
                depth={line.depth}
                labelWidth={labelWidth}
                selected={line.key === cursor}
                marked={marks[line.key] !== undefined}
                hasDraft={drafts[line.key] !== undefined}
                staleSince={staleSince}
                width={props.width}
                now={now}
                color={color}
                ascii={ascii}
              />
            ) : (
              <TreeHeader
                key={line.key}
                line={line}
                selected={line.key === cursor}
                agentsOnly={agentsOnly}
                stale={staleSince !== undefined}
                width={props.width}
                color={color}
                ascii={ascii}
              />
            ),
          )}
      {lines.length > 0 && agents === 0 && !filter && body - shown.length > 2 ? (
        <EmptyState width={props.width} height={body - shown.length} filtered={false} />
      ) : null}
    </Box>
  );
}
