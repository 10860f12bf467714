/**
 * The hidden link session: `%output` only reaches a control client for windows linked into the session
 * it is attached to, so we attach to a session of our own (`__tmo_<pid>`) and `link-window -d` every
 * user window into it. Linking does not select, resize (our client has `ignore-size`) or otherwise change
 * the user's sessions. The session is filtered from everything we report and removed on exit; leftovers of
 * crashed runs (their pid is gone) are removed at start.
 *
 * One side effect needs undoing: a window dies when its last session lets go of it, and our link would keep
 * a window alive after the user killed its session. A window that was in a user session and now is only in
 * hidden sessions is therefore killed, as the user asked.
 */

import { processAlive } from '../agents/proc.js';
import { HIDDEN_PREFIX, isHiddenSession } from '../model/hidden.js';
import type { SessionInfo, Snapshot } from '../model/types.js';
import { isTmuxError } from '../tmux/errors.js';
import { describeServer, type TmuxRunner } from '../tmux/runner.js';
import { EXACT_SNAPSHOT_ARGS, runSnapshot, SNAPSHOT_ARGS, takeSnapshot } from '../tmux/snapshot.js';

export const hiddenSessionName = (pid = process.pid): string => `${HIDDEN_PREFIX}${pid}`;

/** Kill hidden sessions whose tmo process is gone. Returns how many. */
export async function removeStaleSessions(runner: TmuxRunner, snapshot: Snapshot): Promise<number> {
  let removed = 0;
  for (const s of snapshot.sessions) {
    const m = /^__tmo_(\d+)$/.exec(s.name);
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    await runner.run(['kill-session', '-t', s.id]).catch(() => {});
    removed++;
  }
  return removed;
}

export interface HiddenSession {
  id: string;
  name: string;
  /** The placeholder window's pane (its output is ours, never reported). */
  placeholderPane: string;
}

/**
 * Create our hidden session (a placeholder window running `cat`, which waits quietly). Must only be
 * called when the server is known to run: new-session would otherwise start one.
 */
export async function createHiddenSession(
  runner: TmuxRunner,
  name = hiddenSessionName(),
  /** A snapshot just taken: a leftover of that name (a dead process had our pid) is killed if it shows one. */
  known?: Snapshot,
): Promise<HiddenSession> {
  if (!known || known.sessions.some((s) => s.name === name))
    await runner.run(['kill-session', '-t', `=${name}`]).catch(() => {});
  const { stdout } = await runner.run([
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    '80',
    '-y',
    '24',
    '-P',
    '-F',
    '#{session_id} #{pane_id}',
    'cat',
  ]);
  const [id, pane] = stdout.trim().split(' ');
  if (!id || !pane) throw new Error(`unexpected new-session output: ${stdout}`);
  return { id, name, placeholderPane: pane };
}

/**
 * Once our control client is attached: `destroy-unattached on`, so tmux itself removes the hidden session
 * (unlinking the user's windows, ending the placeholder) the moment our client goes — even when we are
 * SIGKILLed and never run our own cleanup. Set only now: tmux checks the option whenever any client
 * detaches, and before our attach it would destroy the session at once.
 */
export async function armHiddenSession(
  command: (args: string[]) => Promise<unknown>,
  hidden: HiddenSession,
): Promise<void> {
  await command(['set-option', '-t', hidden.id, 'destroy-unattached', 'on']);
}

/** User windows (by id) not yet linked into our hidden session; only `wanted` ones when given. */
export function windowsToLink(full: Snapshot, hiddenId: string, wanted?: Set<string>): string[] {
  const hidden = full.sessions.find((s) => s.id === hiddenId);
  if (!hidden) return [];
  const linked = new Set(hidden.windows.map((w) => w.id));
  const want = new Set<string>();
  for (const s of full.sessions) {
    if (isHiddenSession(s.name)) continue;
    for (const w of s.windows) if (!linked.has(w.id) && (!wanted || wanted.has(w.id))) want.add(w.id);
  }
  return [...want];
}

/** Windows holding at least one of these panes. */
export function windowsWith(view: Snapshot, paneIds: Set<string>): Set<string> {
  const ids = new Set<string>();
  for (const s of view.sessions)
    for (const w of s.windows) if (w.panes.some((p) => paneIds.has(p.id))) ids.add(w.id);
  return ids;
}

/** The ids of the panes in these windows (all windows: undefined). */
export function panesOf(view: Snapshot, windowIds: Set<string> | undefined): Set<string> {
  const ids = new Set<string>();
  for (const s of view.sessions)
    for (const w of s.windows) if (!windowIds || windowIds.has(w.id)) for (const p of w.panes) ids.add(p.id);
  return ids;
}

/** Window ids held by user sessions. */
export function userWindowIds(full: Snapshot): Set<string> {
  const ids = new Set<string>();
  for (const s of full.sessions) if (!isHiddenSession(s.name)) for (const w of s.windows) ids.add(w.id);
  return ids;
}

/** Windows that were in a user session before and now only live on through hidden sessions. */
export function orphanedWindows(full: Snapshot, previousUserWindows: Set<string>): string[] {
  const user = userWindowIds(full);
  const orphans = new Set<string>();
  for (const s of full.sessions) {
    if (!isHiddenSession(s.name)) continue;
    for (const w of s.windows) if (!user.has(w.id) && previousUserWindows.has(w.id)) orphans.add(w.id);
  }
  return [...orphans];
}

export async function linkWindows(runner: TmuxRunner, hiddenId: string, windowIds: string[]): Promise<void> {
  await Promise.all(
    windowIds.map((w) =>
      runner.run(['link-window', '-d', '-s', w, '-t', `${hiddenId}:`]).catch((error) => {
        if (!isTmuxError(error)) throw error; // gone meanwhile: the next resync sees it
      }),
    ),
  );
}

export async function killWindows(runner: TmuxRunner, windowIds: string[]): Promise<void> {
  await Promise.all(windowIds.map((w) => runner.run(['kill-window', '-t', w]).catch(() => {})));
}

/** tmux-side filter: leave hidden sessions out (tmux then formats half as many rows at full link). */
const NOT_HIDDEN = `#{?#{m:${HIDDEN_PREFIX}*,#{session_name}},0,1}`;

function withFilter(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    out.push(args[i]!);
    const cmd = args[i];
    if (
      (cmd === 'list-sessions' || cmd === 'list-windows' || cmd === 'list-panes') &&
      (i === 0 || args[i - 1] === ';')
    )
      out.push('-f', NOT_HIDDEN);
  }
  return out;
}
export const FILTERED_SNAPSHOT_ARGS: readonly string[] = withFilter(SNAPSHOT_ARGS);
const FILTERED_EXACT_ARGS: readonly string[] = withFilter(EXACT_SNAPSHOT_ARGS);

/**
 * A snapshot of the user's sessions (hidden ones filtered by tmux itself), plus our own hidden session
 * with just its window ids, so linking and orphan checks still see it. With few windows linked, `filter`
 * false: tmux formats those few twice more cheaply than it tests every row against the filter (one command
 * instead of two, ≈ 0.5–1 ms less at 50 panes); hidden sessions then come back whole and userView drops them.
 */
export async function takeUserSnapshot(
  runner: TmuxRunner,
  hidden: HiddenSession | null,
  filter = true,
): Promise<Snapshot> {
  if (!filter) return takeSnapshot(runner);
  const socket = describeServer(runner.server);
  try {
    const [parsed, ours] = await Promise.all([
      runSnapshot(runner, FILTERED_SNAPSHOT_ARGS, FILTERED_EXACT_ARGS),
      hidden
        ? runner.run(['list-windows', '-t', hidden.id, '-F', '#{window_id}']).catch(() => ({ stdout: '' }))
        : Promise.resolve({ stdout: '' }),
    ]);
    const sessions: SessionInfo[] = parsed.sessions;
    if (hidden) {
      const windows = ours.stdout.split('\n').filter((w) => /^@\d+$/.test(w));
      sessions.push({
        id: hidden.id,
        name: hidden.name,
        created: 0,
        attached: false,
        clients: 0,
        activity: 0,
        windows: windows.map((id, index) => ({ id, index, name: '', active: false, activity: 0, panes: [] })),
      });
    }
    const server = parsed.tmuxVersion
      ? { running: true, socket, tmuxVersion: parsed.tmuxVersion }
      : { running: true, socket };
    return { takenAt: Date.now(), server, sessions };
  } catch (error) {
    if (isTmuxError(error, 'NO_SERVER'))
      return { takenAt: Date.now(), server: { running: false, socket }, sessions: [] };
    throw error;
  }
}

/**
 * After every snapshot: kill windows only our links keep alive, link new user windows into the hidden
 * session — each once, even when snapshots overlap.
 */
export class LinkKeeper {
  private userWindows = new Set<string>();
  private linked = new Set<string>();

  /** A new hidden session (or none): nothing is linked into it yet. */
  reset(): void {
    this.linked = new Set();
  }

  /** At most a quarter of the user's windows linked: a snapshot is cheaper unfiltered (takeUserSnapshot). */
  get fewLinked(): boolean {
    return this.linked.size * 4 <= this.userWindows.size;
  }

  /** The server went away: forget everything. */
  forget(): void {
    this.userWindows = new Set();
    this.linked = new Set();
  }

  async update(
    runner: TmuxRunner,
    full: Snapshot,
    hidden: HiddenSession | null,
    wanted?: Set<string>,
  ): Promise<void> {
    const orphans = orphanedWindows(full, this.userWindows);
    this.userWindows = userWindowIds(full);
    if (orphans.length) await killWindows(runner, orphans);
    if (!hidden) return;
    for (const id of this.linked) if (!this.userWindows.has(id)) this.linked.delete(id);
    const link = windowsToLink(full, hidden.id, wanted).filter((id) => !this.linked.has(id));
    for (const id of link) this.linked.add(id);
    if (link.length) await linkWindows(runner, hidden.id, link);
  }
}
