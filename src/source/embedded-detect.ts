/**
 * Detection for the embedded source's agent watcher (embedded-agents.ts): which of the panes that changed
 * hold an agent, from one process read for them all — the panes' own process trees when they are fewer
 * than every process on the machine (proc.ts readProcessesFor), so a busy machine costs no more.
 */
import { type Detection, detectKind } from '../agents/detect.js';
import { countProcesses, type ProcInfo, processTree, readProcessesFor } from '../agents/proc.js';
import type { AgentTable } from '../agents/rules/types.js';
import type { PaneInfo } from '../model/types.js';

export interface Detectable {
  pane: PaneInfo;
  detection: Detection | null;
  /** The agent exited back to its shell: listed as `exited` until the pane closes or an agent returns. */
  exited?: boolean;
  /** The pane's process and its descendants (where an agent's own status file is keyed). */
  pids?: number[];
}

/**
 * Detect `changed` panes (updating each); returns those where an agent left (back to a shell: listed as
 * exited until the pane closes; one more capture reads its last words) and those that hold one.
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
    t.pids = procs ? processTree(procs, t.pane.pid).map((p) => p.pid) : [t.pane.pid];
    if (before && !now && !t.pane.dead) {
      t.exited = true;
      left.push(t);
      continue;
    }
    t.detection = now;
    t.exited = false;
    if (now) found.push(t);
  }
  return { left, found };
}
