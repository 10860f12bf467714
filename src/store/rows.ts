import { isPending } from '../model/events.js';
import type {
  AgentKind,
  AgentState,
  ChoiceOption,
  PaneInfo,
  WaitReason,
  WindowInfo,
  WindowType,
  WorldState,
} from '../model/types.js';
import { AGENT_STATES } from '../model/types.js';
import { windowType } from '../model/window-type.js';
import type { FeedEntry } from './types.js';

/** One pane of the tmux world: where it is, what runs in it and, for an agent, its state. */
export interface PaneRow {
  paneId: string;
  sessionId: string;
  session: string;
  windowId: string;
  window: string;
  windowIndex: number;
  paneIndex: number;
  /** Panes in its window (a window of one pane is drawn as one line). */
  siblings: number;
  command: string;
  title: string;
  dead: boolean;
  deadStatus?: number;
  /** What the pane is for: agent, dev-server, project-manager, shell, unknown. */
  type: WindowType;
  kind?: AgentKind;
  state?: AgentState;
  reason?: WaitReason;
  since?: number;
  /** An agent found but not looked at yet: its state is not known (`unknown`), its age means nothing. */
  pending?: boolean;
  message?: string;
  options?: ChoiceOption[];
}

/** A pane with an agent in it. */
export type AgentRow = PaneRow & { kind: AgentKind; state: AgentState; since: number };

export const isAgent = (row: PaneRow): row is AgentRow => row.state !== undefined;

/** A line of the tree: a session, a window of several panes, or a pane (a window of one pane is its pane). */
export type TreeLine =
  | {
      type: 'session';
      key: string;
      name: string;
      attached: boolean;
      open: boolean;
      windows: number;
      panes: number;
      agents: number;
      waiting: number;
    }
  | {
      type: 'window';
      key: string;
      sessionId: string;
      name: string;
      index: number;
      open: boolean;
      wtype: WindowType;
      panes: number;
      agents: number;
    }
  | { type: 'pane'; key: string; row: PaneRow; number: number; depth: number; flat: boolean };

/** Waiting first, then error, working, idle, … (when the operator asks for it). */
const URGENCY: Record<AgentState, number> = {
  waiting: 0,
  error: 1,
  working: 2,
  idle: 3,
  unknown: 4,
  exited: 5,
};

/** What one pane is for: its process first (a shell is a shell, whatever the window is called), then the window's name. */
function paneType(w: WindowInfo, p: PaneInfo, world: WorldState): WindowType {
  const byProcess = windowType({ window: { ...w, name: '', panes: [p] }, agents: world.agents });
  return byProcess !== 'unknown'
    ? byProcess
    : windowType({ window: { ...w, panes: [p] }, agents: world.agents });
}

/** Every pane of every session, in tree order, with its agent status when it has one. */
export function paneRows(world: WorldState): PaneRow[] {
  const rows: PaneRow[] = [];
  for (const s of world.snapshot.sessions) {
    for (const w of s.windows) {
      for (const p of w.panes) {
        const a = world.agents[p.id];
        const row: PaneRow = {
          paneId: p.id,
          sessionId: s.id,
          session: s.name,
          windowId: w.id,
          window: w.name,
          windowIndex: w.index,
          paneIndex: p.index,
          siblings: w.panes.length,
          command: p.command,
          title: p.title,
          dead: p.dead,
          type: paneType(w, p, world),
        };
        if (p.deadStatus !== undefined) row.deadStatus = p.deadStatus;
        if (a) {
          row.kind = a.kind;
          row.state = a.state;
          row.since = a.since;
          if (isPending(a)) row.pending = true;
          if (a.reason) row.reason = a.reason;
          if (a.message) row.message = a.message;
          if (a.options?.length) row.options = a.options;
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

/** Every pane with an agent status, in tree order. */
export const agentRows = (world: WorldState): AgentRow[] => paneRows(world).filter(isAgent);

export function matchesFilter(row: PaneRow, filter: string): boolean {
  if (!filter) return true;
  const f = filter.toLowerCase();
  return [
    row.session,
    row.window,
    row.kind ?? '',
    row.state ?? '',
    row.reason ?? '',
    row.paneId,
    row.title,
    row.command,
    row.type,
  ].some((x) => x.toLowerCase().includes(f));
}

/** Filtered and (optionally) urgency-sorted agents: the sorted view's order. */
export function visibleRows(world: WorldState, filter: string, sortWaiting: boolean): AgentRow[] {
  const rows = agentRows(world).filter((r) => matchesFilter(r, filter));
  if (!sortWaiting) return rows;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => URGENCY[a.r.state] - URGENCY[b.r.state] || a.r.since - b.r.since || a.i - b.i)
    .map((x) => x.r);
}

export interface TreeOptions {
  filter: string;
  sortWaiting: boolean;
  agentsOnly: boolean;
  /** Session and window ids the operator closed. */
  collapsed: Record<string, boolean>;
}

export interface Tree {
  lines: TreeLine[];
  /** The panes the tree shows (collapsed ones included): what the header counts. */
  rows: PaneRow[];
}

/**
 * The tree the operator sees: sessions → windows → panes (every pane, or agents only), filtered, with the
 * closed sessions and windows folded; or, sorted, a flat list of the agents, waiting first.
 * A session without a pane to show (agents only) still gets its line, saying so.
 */
export function buildTree(world: WorldState, o: TreeOptions): Tree {
  if (o.sortWaiting) {
    const rows = visibleRows(world, o.filter, true);
    return {
      rows,
      lines: rows.map((row, i) => ({
        type: 'pane',
        key: row.paneId,
        row,
        number: i + 1,
        depth: 0,
        flat: true,
      })),
    };
  }
  const lines: TreeLine[] = [];
  const shown: PaneRow[] = [];
  let number = 0;
  const all = paneRows(world);
  for (const s of world.snapshot.sessions) {
    const mine = all.filter(
      (r) => r.sessionId === s.id && (!o.agentsOnly || isAgent(r)) && matchesFilter(r, o.filter),
    );
    if (o.filter && mine.length === 0) continue;
    const open = !o.collapsed[s.id];
    const agents = mine.filter(isAgent);
    lines.push({
      type: 'session',
      key: s.id,
      name: s.name,
      attached: s.attached,
      open,
      windows: s.windows.length,
      panes: mine.length,
      agents: agents.length,
      waiting: agents.filter((a) => a.state === 'waiting').length,
    });
    shown.push(...mine);
    for (const w of s.windows) {
      const panes = mine.filter((r) => r.windowId === w.id);
      if (panes.length === 0) continue;
      const single = w.panes.length === 1;
      const wOpen = !o.collapsed[w.id];
      if (!single && open) {
        lines.push({
          type: 'window',
          key: w.id,
          sessionId: s.id,
          name: w.name,
          index: w.index,
          open: wOpen,
          wtype: windowType({ window: w, agents: world.agents }),
          panes: panes.length,
          agents: panes.filter(isAgent).length,
        });
      }
      for (const row of panes) {
        const n = isAgent(row) ? ++number : 0;
        if (!open || (!single && !wOpen)) continue;
        lines.push({ type: 'pane', key: row.paneId, row, number: n, depth: single ? 1 : 2, flat: false });
      }
    }
  }
  return { lines, rows: shown };
}

/** The line a key is on, and the pane the pane view shows for it (a header shows its first pane). */
export function paneOf(lines: TreeLine[], at: number, world: WorldState): string | undefined {
  const line = lines[at];
  if (!line) return undefined;
  if (line.type === 'pane') return line.key;
  for (const s of world.snapshot.sessions) {
    if (line.type === 'session' && s.id !== line.key) continue;
    const windows = line.type === 'session' ? s.windows : s.windows.filter((w) => w.id === line.key);
    const w = windows.find((x) => x.active) ?? windows[0];
    if (w && (line.type === 'session' || windows.length))
      return (w.panes.find((p) => p.active) ?? w.panes[0])?.id;
  }
  return undefined;
}

export function stateCounts(rows: PaneRow[]): Record<AgentState, number> {
  const counts = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
  for (const r of rows) if (r.state) counts[r.state] += 1;
  return counts;
}

export function filterFeed(feed: FeedEntry[], filter: string): FeedEntry[] {
  if (!filter) return feed;
  const f = filter.toLowerCase();
  return feed.filter((e) => e.text.toLowerCase().includes(f) || e.kind === f);
}
