import { inspectSnapshot } from '../agents/inspect.js';
import { readProcessTable } from '../agents/proc.js';
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
 * What the one-shot commands (status, summary, health) read: one snapshot call, one process-table read and
 * one batched capture of the candidate panes. No server → a flagged empty snapshot, no agents.
 */
export async function gather(runner: TmuxRunner, env: NodeJS.ProcessEnv): Promise<Gathered> {
  // The tmux process is spawned first; the process table (≈ 6 ms of synchronous procfs reads) is read
  // while it runs.
  const taking = takeSnapshot(runner);
  const procs = readProcessTable();
  // Hidden sessions of running dashboards (or left by a killed one) are ours, not the user's.
  const snapshot = userView(await taking);
  if (!snapshot.server.running) return { snapshot, agents: {} };
  const tables = tablesFromConfig(loadConfig(env));
  const agents = await inspectSnapshot(runner, snapshot, { tables, procs: await procs });
  return { snapshot, agents: withOneShotSince(snapshot, agents) };
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
