/**
 * What the embedded source's agent watcher (embedded-agents.ts) keeps per pane, and its detection: which of
 * the panes that changed hold an agent, from one process read for them all — the panes' own process trees
 * when they are fewer than every process on the machine (proc.ts readProcessesFor), so a busy machine costs
 * no more — judged as `status` judges them (detect.ts leftoverRule).
 */
import { type Detection, detectKind, leftoverRule } from '../agents/detect.js';
import { countProcesses, type ProcInfo, processTree, readProcessesFor } from '../agents/proc.js';
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
  /** Announce agents as `unknown` (pending) when found, before their first look (EmbeddedSourceOptions). */
  pending?: boolean;
}

export interface Detectable {
  pane: PaneInfo;
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
}

export interface Tracked extends Lookable, Detectable {
  /** The window's last activity (ms): a static state first seen has held at least since then. */
  activity: number;
  /** The pane is alone in its window (the window's activity is its own output's). */
  alone?: boolean;
  key: string;
  /** Output timing (with Lookable's lastOutputAt): when the current unbroken run of it began. */
  outputSince?: number;
  /** Since when the control client streams this pane's output (unset: it does not, or tmux paused it). */
  watchedSince?: number;
  /** Looked at since it was found (a state of this run, not only the journal's). */
  looked?: boolean;
  /** Announced as pending (options.pending) and not yet reported since. */
  announced?: boolean;
}

/**
 * Detect `changed` panes (updating each); returns those where an agent left (back to a shell, or to a
 * program that cannot be one: listed as exited until the pane closes; one more capture reads its last
 * words) and those that hold one — or show what one left behind, for the first look to judge.
 */
export async function detectChanged<T extends Detectable>(
  changed: T[],
  tables: AgentTable[],
  readProcs?: () => Promise<Map<number, ProcInfo>>,
): Promise<{ left: T[]; found: T[] }> {
  const roots = changed.map((t) => t.pane.pid);
  const procs = await (readProcs?.() ?? readProcessesFor(roots, countProcesses())).catch(() => undefined);
  const left: T[] = [];
  const found: T[] = [];
  for (const t of changed) {
    const before = t.detection;
    const now = detectKind(t.pane, procs, tables);
    const leftover = now ? leftoverRule(t.pane, now, procs) : undefined;
    t.pids = procs ? processTree(procs, t.pane.pid).map((p) => p.pid) : [t.pane.pid];
    if (before && (!now || leftover) && !t.pane.dead) {
      t.exited = true;
      left.push(t);
      continue;
    }
    t.detection = now;
    t.exited = false;
    t.leftover = leftover;
    if (now) found.push(t);
  }
  return { left, found };
}
