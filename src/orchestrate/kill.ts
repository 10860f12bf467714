/**
 * Kill one window (`@N`) or one pane (`%N`) by its immutable id, verified gone — the dashboard's `D` and
 * `:kill`. A window goes from every session it is linked into (kill-window does that), so a dashboard's
 * hidden link session never keeps it alive; a pane that was the last of its window takes the window along.
 */
import { isHiddenSession } from '../model/hidden.js';
import { printable } from '../model/printable.js';
import { isTmuxError } from '../tmux/errors.js';
import { SEP } from '../tmux/formats.js';
import type { TmuxRunner } from '../tmux/runner.js';
import { OrchError } from './errors.js';

export interface KillResult {
  kind: 'window' | 'pane';
  id: string;
  /** Where it was: `work:2` (window) or `work:2.1` (pane), as tmux named it before the kill. */
  where: string;
  /** The server exited with it (it held the last session's last pane). */
  serverStopped: boolean;
}

interface PaneRef {
  paneId: string;
  windowId: string;
  where: string;
}

/** Every pane of the user's sessions (hidden ones left out); TmuxError NO_SERVER when none runs. */
async function listPanes(runner: TmuxRunner): Promise<PaneRef[]> {
  const { stdout } = await runner.run([
    'list-panes',
    '-a',
    '-F',
    ['#{pane_id}', '#{window_id}', '#{window_index}', '#{pane_index}', '#{session_name}'].join(SEP),
  ]);
  const refs: PaneRef[] = [];
  for (const line of stdout.split('\n')) {
    const [paneId, windowId, windowIndex, paneIndex, ...name] = line.split(SEP);
    const session = name.join(SEP);
    if (!paneId || !windowId || isHiddenSession(session)) continue;
    refs.push({ paneId, windowId, where: `${session}:${windowIndex}.${paneIndex}` });
  }
  return refs;
}

const kindOf = (target: string): 'window' | 'pane' | undefined =>
  /^@\d+$/.test(target) ? 'window' : /^%\d+$/.test(target) ? 'pane' : undefined;

/** Kill window `@N` or pane `%N` and check that it is gone. OrchError when it is not there or stays. */
export async function killTarget(runner: TmuxRunner, target: string): Promise<KillResult> {
  const kind = kindOf(target);
  if (!kind)
    throw new OrchError('usage', `kill takes a window id (@N) or a pane id (%N), not "${printable(target)}"`);
  const matches = (r: PaneRef) => (kind === 'window' ? r.windowId === target : r.paneId === target);
  const found = (await listPanes(runner)).find(matches);
  if (!found) throw new OrchError('failure', `no ${kind} ${target} (gone already?)`);
  const where = kind === 'window' ? found.where.replace(/\.\d+$/, '') : found.where;
  let killError: unknown;
  try {
    await runner.run([kind === 'window' ? 'kill-window' : 'kill-pane', '-t', target]);
  } catch (error) {
    killError = error; // gone meanwhile? the listing below tells
  }
  let left: PaneRef[];
  try {
    left = await listPanes(runner);
  } catch (error) {
    if (isTmuxError(error, 'NO_SERVER')) return { kind, id: target, where, serverStopped: true };
    throw error;
  }
  if (!left.some(matches)) return { kind, id: target, where, serverStopped: false };
  if (killError) throw killError;
  throw new OrchError('failure', `${kind} ${where} (${target}) is still there after kill-${kind}`);
}
