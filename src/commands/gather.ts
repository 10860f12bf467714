import { inspectSnapshot } from '../agents/inspect.js';
import {
  firstSince,
  type JournalEntry,
  journalFile,
  mergeJournal,
  readJournal,
  sameState,
  serverInstance,
  writeJournal,
} from '../agents/journal.js';
import { countProcesses, readProcessesFor, readProcessTable } from '../agents/proc.js';
import type { AgentTable } from '../agents/rules/types.js';
import { loadConfig, tablesFromConfig } from '../config/config.js';
import { stateDir } from '../config/paths.js';
import { userView } from '../model/hidden.js';
import type { AgentStatus, Snapshot } from '../model/types.js';
import type { TmuxRunner } from '../tmux/runner.js';
import { takeSnapshot } from '../tmux/snapshot.js';

export interface Gathered {
  snapshot: Snapshot;
  agents: Record<string, AgentStatus>;
}

/**
 * What the one-shot commands (status, summary, health) read: one snapshot call, the process trees under
 * the panes, batched captures of the candidate panes, and the state journal for `since` (beside the
 * snapshot: the server's pid and start time name its journal). No server → a flagged empty snapshot, no
 * agents.
 */
export async function gather(runner: TmuxRunner, env: NodeJS.ProcessEnv): Promise<Gathered> {
  const taking = takeSnapshot(runner);
  const instance = serverInstance(runner);
  // A small process table is read whole while tmux answers (≈ 40–90 µs a process, hidden behind the call);
  // on a busy machine only the trees under the panes that need one, after the snapshot names them.
  const total = countProcesses();
  const early = total !== undefined && total <= SCAN_WHILE_WAITING ? readProcessTable() : undefined;
  // Hidden sessions of running dashboards (or left by a killed one) are ours, not the user's.
  const snapshot = userView(await taking);
  const server = await instance;
  if (!snapshot.server.running) return { snapshot, agents: {} };
  const tables = tablesFromConfig(loadConfig(env));
  const procs = await (early ?? readProcessesFor(treesNeeded(snapshot, tables), total));
  const agents = await inspectSnapshot(runner, snapshot, { tables, procs });
  const file = server ? journalFile(stateDir(env), server) : undefined;
  return { snapshot, agents: withJournalSince(snapshot, agents, file) };
}

/** Up to this many processes, the whole table is read during the snapshot call. */
const SCAN_WHILE_WAITING = 300;

/** The pids of the panes whose command does not name an agent: only their process trees can tell. */
function treesNeeded(snapshot: Snapshot, tables: AgentTable[]): number[] {
  const named = new Set(tables.flatMap((t) => t.commands));
  const pids: number[] = [];
  for (const s of snapshot.sessions)
    for (const w of s.windows)
      for (const p of w.panes)
        if (p.pid > 0 && !named.has(p.command.slice(p.command.lastIndexOf('/') + 1))) pids.push(p.pid);
  return pids;
}

/**
 * A one-shot command sees one moment, so "since" comes from the state journal (journal.ts): a pane in the
 * state the journal recorded keeps its since; a state not recorded is dated by `firstSince` (the window's
 * last activity for a static state; for working, the look itself, shown as no age the first time) and
 * recorded, so the next look — and a dashboard started later — say the same. Writes the journal only when
 * something differs.
 */
export function withJournalSince(
  snapshot: Snapshot,
  agents: Record<string, AgentStatus>,
  file: string | undefined,
  now = Date.now(),
): Record<string, AgentStatus> {
  const activity = new Map<string, number>();
  for (const s of snapshot.sessions)
    for (const w of s.windows) for (const p of w.panes) activity.set(p.id, w.activity);
  const recorded = file ? readJournal(file) : {};
  const updates: Record<string, JournalEntry | null> = {};
  const out: Record<string, AgentStatus> = {};
  for (const [id, status] of Object.entries(agents)) {
    const before = recorded[id];
    if (before && sameState(before, status)) out[id] = { ...status, since: before.since };
    else {
      updates[id] = oneShotSince(status, activity.get(id), now);
      out[id] = firstLook(updates[id]);
    }
  }
  for (const id of Object.keys(recorded)) if (!agents[id] && activity.has(id)) updates[id] = null;
  if (file) {
    const merged = mergeJournal(recorded, updates, new Set(activity.keys()));
    if (merged.changed) writeJournal(file, merged.panes);
  }
  return out;
}

/** One status from one look, nothing recorded: since as `firstSince` dates it. */
export function oneShotSince(
  status: AgentStatus,
  windowActivity: number | undefined,
  now = Date.now(),
): AgentStatus {
  return { ...status, since: firstSince(status.state, Math.min(now, status.since || now), windowActivity) };
}

/** One pane's since for a one-shot look at it (`tmo explain`): the journal's when it recorded this state. */
export async function paneSince(
  runner: TmuxRunner,
  env: NodeJS.ProcessEnv,
  paneId: string,
  status: AgentStatus,
  windowActivity: number | undefined,
): Promise<AgentStatus> {
  const server = await serverInstance(runner);
  const recorded = server ? readJournal(journalFile(stateDir(env), server))[paneId] : undefined;
  return recorded && sameState(recorded, status)
    ? { ...status, since: recorded.since }
    : firstLook(oneShotSince(status, windowActivity));
}

/**
 * What one look, with nothing recorded, can tell: a static state's since (the window's activity), but not
 * when work began (0: no age shown). The journal keeps the look's time, so later looks date it from there.
 */
const firstLook = (s: AgentStatus): AgentStatus =>
  s.state === 'working' || s.state === 'unknown' ? { ...s, since: 0 } : s;
