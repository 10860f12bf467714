/**
 * What the live source keeps per pane to tell agents (embedded-agents.ts), and how a pane that appeared
 * or changed (its pid, command, title) is detected again.
 */
import { type Detection, detectKind, leftoverRule } from '../agents/detect.js';
import { type ProcInfo, processTree } from '../agents/proc.js';
import type { AgentTable } from '../agents/rules/types.js';
import type { TmoEvent, WindowRef } from '../model/events.js';
import type { PaneInfo } from '../model/types.js';
import type { TmuxRunner } from '../tmux/runner.js';
import type { Lookable } from './embedded-looks.js';

export interface AgentWatcherOptions {
  runner: TmuxRunner;
  tables?: AgentTable[];
  idleDebounceMs?: number;
  minIntervalMs?: number;
  /** While output keeps coming: a look at most this often (default 1000 ms). */
  outputEvalMs?: number;
  /** Output paused this long: look now (default 150 ms). */
  quietMs?: number;
  emit(event: TmoEvent): void;
  where(paneId: string): WindowRef | undefined;
  /** Injected for tests; default reads /proc (or ps). */
  readProcs?: () => Promise<Map<number, ProcInfo>>;
  /** The hook file to follow (default: the server's, in the state dir); false: none. */
  hookFile?: string | false;
  /** The state dir holding the state journal (journal.ts); false: none. */
  stateDir?: string | false;
}

export interface Tracked extends Lookable {
  pane: PaneInfo;
  /** The window's last activity (ms): a static state first seen has held at least since then. */
  activity: number;
  /** The pane is alone in its window (the window's activity is its own output's). */
  alone?: boolean;
  key: string;
  detection: Detection | null;
  /** The agent exited back to its shell: listed as `exited` until the pane closes or an agent returns. */
  exited?: boolean;
  /**
   * Found by a title or screen that nothing in the pane can be (detect.ts leftoverRule), never seen as an
   * agent: listed as exited only if its screen shows strong leftovers, else not an agent (as `status`).
   */
  leftover?: 'exited.shell-in-front' | 'exited.no-agent-process';
  /** The pane's process and its descendants (where an agent's own status file is keyed). */
  pids?: number[];
  /** Output timing (with Lookable's lastOutputAt): when the current unbroken run of it began. */
  outputSince?: number;
}

/**
 * Detect a pane that appeared or changed. True: look at its screen (a new agent, a pane found by leftovers
 * to judge, an agent that left: its last words).
 */
export function redetect(
  t: Tracked,
  procs: Map<number, ProcInfo> | undefined,
  tables: AgentTable[],
): boolean {
  const before = t.detection;
  const now = detectKind(t.pane, procs, tables);
  const leftover = now ? leftoverRule(t.pane, now, procs) : undefined;
  t.pids = procs ? processTree(procs, t.pane.pid).map((p) => p.pid) : [t.pane.pid];
  if (before && (!now || leftover) && !t.pane.dead) {
    // The agent left this pane (back to a shell, or to a program that cannot be one): it stays listed as
    // exited until the pane closes; one more capture reads its last words.
    t.exited = true;
    return true;
  }
  t.detection = now;
  t.exited = false;
  t.leftover = leftover;
  return Boolean(now);
}
