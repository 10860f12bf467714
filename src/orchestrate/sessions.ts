import { printable } from '../model/printable.js';
import { isTmuxError } from '../tmux/errors.js';
import { SEP, unescapeOutput } from '../tmux/formats.js';
import type { TmuxRunner } from '../tmux/runner.js';
import { OrchError } from './errors.js';

export interface SessionRef {
  id: string;
  name: string;
  /** The session's start directory (`#{session_path}`). */
  path: string;
}

/** Every session on the server; TmuxError NO_SERVER when none runs. One tmux call, a fixed format. */
async function querySessions(runner: TmuxRunner): Promise<SessionRef[]> {
  const { stdout } = await runner.run([
    'list-sessions',
    '-F',
    `#{session_id}${SEP}#{q:session_path}${SEP}#{q:session_name}`,
  ]);
  const refs: SessionRef[] = [];
  // tmux 3.4+ escapes the separator and control characters: undone as for the snapshot (formats.ts).
  for (const line of unescapeOutput(stdout).split('\n')) {
    if (line === '') continue;
    const first = line.indexOf(SEP);
    const second = line.indexOf(SEP, first + 1);
    if (first < 0 || second < 0) continue;
    refs.push({
      id: line.slice(0, first),
      path: line.slice(first + 1, second),
      name: line.slice(second + 1),
    });
  }
  return refs;
}

/** Every session on the server ([] when no server runs). */
export async function listSessionRefs(runner: TmuxRunner): Promise<SessionRef[]> {
  try {
    return await querySessions(runner);
  } catch (error) {
    if (isTmuxError(error, 'NO_SERVER')) return [];
    throw error;
  }
}

/**
 * A session by `$id` or by EXACT name (compared here, never by tmux's prefix/glob matching), so every
 * later command can target the immutable id. A name with `.` also finds the session tmux made of it.
 * Throws OrchError when there is none; TmuxError NO_SERVER when no server runs.
 */
export async function findSession(runner: TmuxRunner, nameOrId: string): Promise<SessionRef> {
  if (nameOrId === '') throw new OrchError('usage', 'a session name is required');
  const refs = await querySessions(runner); // NO_SERVER propagates: "no server" is not "no such session"
  const name = nameOrId.startsWith('=') ? nameOrId.slice(1) : nameOrId;
  // tmux turns "." in a session name into "_" (`start --name a.b` made `a_b`): no session can be named
  // `a.b`, so the name as the user typed it can only mean `a_b`.
  const found =
    refs.find((r) => r.id === nameOrId) ??
    refs.find((r) => r.name === nameOrId) ??
    refs.find((r) => r.name === name) ??
    (name.includes('.') ? refs.find((r) => r.name === name.replace(/\./g, '_')) : undefined);
  if (!found) throw new OrchError('failure', `no session named "${printable(nameOrId)}"`);
  return found;
}

export interface StopResult {
  session: { id: string; name: string };
  /** Killing the last session makes the tmux server exit. */
  serverStopped: boolean;
}

/** `tmo stop`: kill a session by id (found by exact name), then check that it is really gone. */
export async function stopSession(runner: TmuxRunner, nameOrId: string): Promise<StopResult> {
  const ref = await findSession(runner, nameOrId);
  const session = { id: ref.id, name: ref.name };
  let killError: unknown;
  try {
    await runner.run(['kill-session', '-t', ref.id]);
  } catch (error) {
    killError = error; // it may have vanished meanwhile: the check below tells
  }
  // Verify by listing (not has-session: a server with no sessions left answers "no current target").
  let left: SessionRef[];
  try {
    left = await querySessions(runner);
  } catch (error) {
    if (isTmuxError(error, 'NO_SERVER')) return { session, serverStopped: true };
    throw error;
  }
  if (!left.some((r) => r.id === ref.id)) {
    if (left.length > 0) return { session, serverStopped: false };
    // The last session: tmux exits. Wait (≤ 2 s) until it has, so a `start` right after does not
    // reach the exiting server and lose its new session with it.
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline) {
      try {
        if ((await querySessions(runner)).length > 0) return { session, serverStopped: false };
      } catch (error) {
        if (isTmuxError(error, 'NO_SERVER')) return { session, serverStopped: true };
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return { session, serverStopped: false };
  }
  if (killError) throw killError;
  throw new OrchError(
    'failure',
    `session "${printable(ref.name)}" (${ref.id}) is still there after kill-session`,
  );
}
