/**
 * Kill one window (`@N`) or one pane (`%N`) by its immutable id, verified gone — the dashboard's `D` and
 * `:kill`. A window goes from every session it is linked into (kill-window does that), so a dashboard's
 * hidden link session never keeps it alive; a pane that was the last of its window takes the window along.
 */
import { userView } from '../model/hidden.js';
import { printable } from '../model/printable.js';
import type { Snapshot } from '../model/types.js';
import { isTmuxError } from '../tmux/errors.js';
import type { TmuxRunner } from '../tmux/runner.js';
import { takeSnapshot } from '../tmux/snapshot.js';
import { resolveInSnapshot } from '../tmux/target.js';
import { OrchError } from './errors.js';

export interface KillResult {
  kind: 'window' | 'pane';
  id: string;
  /** Where it was: `work:2` (window) or `work:2.1` (pane), as tmux named it before the kill. */
  where: string;
  /** The server exited with it (it held the last session's last pane). */
  serverStopped: boolean;
}

const kindOf = (target: string): 'window' | 'pane' | undefined =>
  /^@\d+$/.test(target) ? 'window' : /^%\d+$/.test(target) ? 'pane' : undefined;

/** Whether the user's sessions (hidden ones left out) still hold window or pane `id`. */
const holds = (snapshot: Snapshot, id: string): boolean =>
  userView(snapshot).sessions.some((s) =>
    s.windows.some((w) => w.id === id || w.panes.some((p) => p.id === id)),
  );

/** Kill window `@N` or pane `%N` and check that it is gone. OrchError when it is not there or stays. */
export async function killTarget(runner: TmuxRunner, target: string): Promise<KillResult> {
  const kind = kindOf(target);
  if (!kind)
    throw new OrchError('usage', `kill takes a window id (@N) or a pane id (%N), not "${printable(target)}"`);
  let where: string;
  try {
    const t = resolveInSnapshot(userView(await takeSnapshot(runner)), target);
    where = `${t.sessionName}:${t.windowIndex}${kind === 'pane' ? `.${t.pane.index}` : ''}`;
  } catch (error) {
    if (isTmuxError(error, 'TARGET_NOT_FOUND'))
      throw new OrchError('failure', `no ${kind} ${target} (gone already?)`);
    throw error;
  }
  let killError: unknown;
  try {
    await runner.run([kind === 'window' ? 'kill-window' : 'kill-pane', '-t', target]);
  } catch (error) {
    killError = error; // gone meanwhile? the snapshot below tells
  }
  const after = await takeSnapshot(runner);
  if (!after.server.running) return { kind, id: target, where, serverStopped: true };
  if (!holds(after, target)) return { kind, id: target, where, serverStopped: false };
  if (killError) throw killError;
  throw new OrchError('failure', `${kind} ${where} (${target}) is still there after kill-${kind}`);
}
