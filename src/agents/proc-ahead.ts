/**
 * Process trees read ahead: a one-shot command knows which panes' trees the last look read (their pids, in
 * the hint file, tmux/capture-script.ts), so it reads them while tmux still answers its snapshot call —
 * time the command otherwise waits — instead of after (at 1,000 panes ≈ 80 ms of ≈ 3,000 procfs reads).
 *
 * A tree read ahead is taken only where it agrees with the snapshot: it holds the program tmux names as
 * the pane's command (the foreground process's argv[0], as tmux reads it from /proc). A pane whose
 * program changed between the two reads, a pane new since the last look, or a pid reused, has its tree
 * read again after the snapshot, so what the command reports does not depend on the hint. What stays
 * possible is what any look at two sources has: a program replaced by one of the same name within the
 * tmux call's time (tens of ms) is seen as it was then.
 */
import { base } from './detect.js';
import { type ProcInfo, processTree, readProcessesFor } from './proc.js';

export interface TreeRoot {
  pid: number;
  /** The pane's command as tmux names it (`pane_current_command`). */
  command: string;
}

/** Whether `tree` holds the program tmux names `command` (a login shell's `-bash` as `bash`). */
function holds(tree: readonly ProcInfo[], command: string): boolean {
  return tree.some((p) => p.comm === command || base(p.args[0] ?? '').replace(/^-/, '') === command);
}

/**
 * The processes of the panes `roots`: the trees read `ahead` where they agree with the pane's command,
 * the others read now. Without `ahead`, all read now (proc.ts readProcessesFor).
 */
export async function processesFor(
  roots: readonly TreeRoot[],
  total: number | undefined,
  ahead?: Map<number, ProcInfo>,
): Promise<Map<number, ProcInfo>> {
  if (!ahead || ahead.size === 0)
    return readProcessesFor(
      roots.map((r) => r.pid),
      total,
    );
  const again: number[] = [];
  const stale: ProcInfo[] = [];
  for (const root of roots) {
    const tree = processTree(ahead, root.pid);
    if (tree.length > 0 && holds(tree, root.command)) continue;
    again.push(root.pid);
    stale.push(...tree);
  }
  if (again.length === 0) return ahead;
  const procs = new Map(ahead);
  // A tree read again replaces the one read ahead whole: a process that ended meanwhile is not kept.
  for (const p of stale) procs.delete(p.pid);
  for (const [pid, info] of await readProcessesFor(again, total)) procs.set(pid, info);
  return procs;
}
