import type { AgentKind, AgentState, WaitReason, WorldState } from '../model/types.js';
import { AGENT_STATES } from '../model/types.js';
import type { FeedEntry } from './types.js';

export interface AgentRow {
  paneId: string;
  sessionId: string;
  session: string;
  windowId: string;
  window: string;
  windowIndex: number;
  paneIndex: number;
  kind: AgentKind;
  state: AgentState;
  reason?: WaitReason;
  since: number;
  title: string;
}

/** A line of the agents tree: a session or window header, or an agent. */
export type TreeLine =
  | { type: 'session'; key: string; name: string; attached: boolean }
  | { type: 'window'; key: string; name: string; index: number }
  | { type: 'agent'; key: string; row: AgentRow; number: number };

/** Waiting first, then error, working, idle, … (when the operator asks for it). */
const URGENCY: Record<AgentState, number> = {
  waiting: 0,
  error: 1,
  working: 2,
  idle: 3,
  unknown: 4,
  exited: 5,
};

/** Every pane with an agent status, in tree order. */
export function agentRows(world: WorldState): AgentRow[] {
  const rows: AgentRow[] = [];
  for (const s of world.snapshot.sessions) {
    for (const w of s.windows) {
      for (const p of w.panes) {
        const a = world.agents[p.id];
        if (!a) continue;
        const row: AgentRow = {
          paneId: p.id,
          sessionId: s.id,
          session: s.name,
          windowId: w.id,
          window: w.name,
          windowIndex: w.index,
          paneIndex: p.index,
          kind: a.kind,
          state: a.state,
          since: a.since,
          title: p.title,
        };
        if (a.reason) row.reason = a.reason;
        rows.push(row);
      }
    }
  }
  return rows;
}

export function matchesFilter(row: AgentRow, filter: string): boolean {
  if (!filter) return true;
  const f = filter.toLowerCase();
  return [row.session, row.window, row.kind, row.state, row.reason ?? '', row.paneId, row.title].some((x) =>
    x.toLowerCase().includes(f),
  );
}

/** Filtered and (optionally) urgency-sorted rows: the order that j/k and 1–9 follow. */
export function visibleRows(world: WorldState, filter: string, sortWaiting: boolean): AgentRow[] {
  const rows = agentRows(world).filter((r) => matchesFilter(r, filter));
  if (!sortWaiting) return rows;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => URGENCY[a.r.state] - URGENCY[b.r.state] || a.r.since - b.r.since || a.i - b.i)
    .map((x) => x.r);
}

/** The tree: headers for sessions and windows around their agents (sorted mode: a flat list). */
export function treeLines(
  rows: AgentRow[],
  sorted: boolean,
  sessionsAttached: Record<string, boolean> = {},
): TreeLine[] {
  const lines: TreeLine[] = [];
  let lastSession = '';
  let lastWindow = '';
  rows.forEach((row, i) => {
    if (!sorted && row.sessionId !== lastSession) {
      lines.push({
        type: 'session',
        key: row.sessionId,
        name: row.session,
        attached: sessionsAttached[row.sessionId] ?? false,
      });
      lastSession = row.sessionId;
      lastWindow = '';
    }
    if (!sorted && row.windowId !== lastWindow) {
      lines.push({ type: 'window', key: row.windowId, name: row.window, index: row.windowIndex });
      lastWindow = row.windowId;
    }
    lines.push({ type: 'agent', key: row.paneId, row, number: i + 1 });
  });
  return lines;
}

export function stateCounts(world: WorldState): Record<AgentState, number> {
  const counts = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
  for (const a of Object.values(world.agents)) counts[a.state] += 1;
  return counts;
}

export function filterFeed(feed: FeedEntry[], filter: string): FeedEntry[] {
  if (!filter) return feed;
  const f = filter.toLowerCase();
  return feed.filter((e) => e.text.toLowerCase().includes(f) || e.kind === f);
}
