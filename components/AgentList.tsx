import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { useDash } from '../hooks/use-dash.js';
import { useNow } from '../hooks/use-now.js';
import { useTheme } from '../hooks/use-theme.js';
import { useVisibleRows } from '../hooks/use-visible-rows.js';
import { treeLines } from '../src/store/rows.js';
import { AgentLine } from './AgentLine.js';
import { EmptyState } from './EmptyState.js';
import { PanelTitle } from './PanelTitle.js';

/** Sessions → windows → agents (or a flat waiting-first list), scrolled to keep the selection in view. */
export function AgentList(props: { width: number; height: number; focused: boolean }) {
  const { color, ascii } = useTheme();
  const rows = useVisibleRows();
  const selected = useDash((s) => s.selected);
  const sorted = useDash((s) => s.sortWaiting);
  const filter = useDash((s) => s.filters.agents);
  const marks = useDash((s) => s.marks);
  const drafts = useDash((s) => s.drafts);
  const sessions = useDash((s) => s.world.snapshot.sessions);
  // Ages tick every second while one is under a minute, else every 15 s (no needless frames when idle).
  const fresh = rows.some((r) => Date.now() - r.since < 60_000);
  const now = useNow(fresh ? 1000 : 15_000);
  const lines = useMemo(() => {
    const attached = Object.fromEntries(sessions.map((s) => [s.id, s.attached]));
    return treeLines(rows, sorted, attached);
  }, [rows, sorted, sessions]);

  const body = Math.max(0, props.height - 1);
  const at = Math.max(
    0,
    lines.findIndex((l) => l.type === 'agent' && l.key === selected),
  );
  const start = Math.max(0, Math.min(at - Math.floor(body / 2), lines.length - body));
  const shown = lines.slice(start, start + body);
  const extra = [sorted ? 'waiting first' : '', filter ? `/${filter}` : '', `${rows.length}`]
    .filter(Boolean)
    .join(' · ');
  const branch = ascii ? '+ ' : '▸ ';

  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <PanelTitle title="Agents" focused={props.focused} width={props.width} color={color} extra={extra} />
      {rows.length === 0 ? (
        <EmptyState width={props.width} height={body} filtered={filter !== ''} />
      ) : (
        shown.map((line) =>
          line.type === 'agent' ? (
            <AgentLine
              key={line.key}
              row={line.row}
              number={line.number}
              selected={line.key === selected}
              marked={marks[line.key] !== undefined}
              hasDraft={drafts[line.key] !== undefined}
              indent={sorted ? 0 : 2}
              flat={sorted}
              width={props.width}
              now={now}
              color={color}
              ascii={ascii}
            />
          ) : (
            <Box key={line.key} width={props.width} height={1} overflow="hidden">
              <Text
                wrap="truncate-end"
                bold={line.type === 'session'}
                dimColor={line.type === 'window' && color}
              >
                {line.type === 'session'
                  ? `${branch}${line.name}${line.attached ? ' (attached)' : ''}`
                  : `   ${line.index}:${line.name}`}
              </Text>
            </Box>
          ),
        )
      )}
    </Box>
  );
}
