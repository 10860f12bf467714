import { inspectSnapshot } from '../agents/inspect.js';
import { countProcesses, readProcessesFor, readProcessTable } from '../agents/proc.js';
import type { AgentTable } from '../agents/rules/types.js';
import { loadConfig, tablesFromConfig } from '../config/config.js';
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
 * the panes and batched captures of the candidate panes. No server → a flagged empty snapshot, no agents.
 */
export async function gather(runner: TmuxRunner, env: NodeJS.ProcessEnv): Promise<Gathered> {
  const taking = takeSnapshot(runner);
  // A small process table is read whole while tmux answers (≈ 40–90 µs a process, hidden behind the call);
  // on a busy machine only the trees under the panes that need one, after the snapshot names them.
  const total = countProcesses();
  const early = total !== undefined && total <= SCAN_WHILE_WAITING ? readProcessTable() : undefined;
  // Hidden sessions of running dashboards (or left by a killed one) are ours, not the user's.
  const snapshot = userView(await taking);
  if (!snapshot.server.running) return { snapshot, agents: {} };
  const tables = tablesFromConfig(loadConfig(env));
  const procs = await (early ?? readProcessesFor(treesNeeded(snapshot, tables), total));
  const agents = await inspectSnapshot(runner, snapshot, { tables, procs });
  return { snapshot, agents: withOneShotSince(snapshot, agents) };
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
 * A one-shot command sees one moment, so "since" cannot come from watching. A static state (idle, waiting,
 * error, exited) has held at least since the window last changed on screen (tmux's `window_activity`); a
 * working agent redraws constantly, so its start is unknown and `since` is left out (0).
 */
export function withOneShotSince(
  snapshot: Snapshot,
  agents: Record<string, AgentStatus>,
): Record<string, AgentStatus> {
  const activity = new Map<string, number>();
  for (const s of snapshot.sessions)
    for (const w of s.windows) for (const p of w.panes) activity.set(p.id, w.activity);
  const out: Record<string, AgentStatus> = {};
  for (const [id, status] of Object.entries(agents)) out[id] = oneShotSince(status, activity.get(id));
  return out;
}

/** One status from one look: `since` is the window's last activity, none (0) while working or unknown. */
export function oneShotSince(status: AgentStatus, windowActivity: number | undefined): AgentStatus {
  if (status.state === 'working' || status.state === 'unknown') return { ...status, since: 0 };
  if (windowActivity && windowActivity < status.since) return { ...status, since: windowActivity };
  return status;
}
