/**
 * Leaving the server: our hidden session (embedded-hidden.ts) goes and our control client leaves, in the
 * order that keeps tmux 3.3a standing.
 */
import { isTmuxError } from '../tmux/errors.js';
import type { TmuxRunner } from '../tmux/runner.js';
import type { HiddenSession } from './embedded-hidden.js';

/**
 * Our hidden session goes and our control client leaves, the session disarmed first: tmux 3.3a (and later,
 * until tmux PR #5497) can crash (SIGSEGV, the whole server and the user's sessions gone) when a control
 * client leaves a session with `destroy-unattached on` while another client disconnects at that moment —
 * its sweep destroys the session the leaving client still points to (10 of 30 tries here with a few
 * `list-sessions` running; 0 of 30 with the option turned off first). Over the client when it is up:
 * `destroy-unattached off` and `kill-session` leave in one write and tmux runs a client's commands in turn,
 * so the session is disarmed before it goes and is gone before the client leaves (nothing of ours is then
 * left for its sweep); once tmux confirms the kill (within `ms`) the client is terminated without waiting
 * for it: a round trip over a pipe already open, no process started. A client that exits with its reader
 * gone and output unsent hangs in tmux 3.3a (and holds up `kill-server`): it must be ended while we read,
 * or terminated. Otherwise (no client, no answer in time) the slow way: detach, then `kill-session` from a
 * process of its own — or, with `handOff`, not here: our client is terminated and the caller's quit helper
 * (quit-helper.ts) removes the session; this then resolves false (something was left to it).
 */
export async function leaveHidden(
  client: {
    isOpen: boolean;
    command(args: string[]): Promise<{ ok: boolean }>;
    stop(wait?: boolean): Promise<void>;
  } | null,
  hidden: HiddenSession | null,
  runner: TmuxRunner,
  ms = 250,
  handOff = false,
): Promise<boolean> {
  if (client?.isOpen && hidden) {
    void client.command(['set-option', '-t', hidden.id, 'destroy-unattached', 'off']).catch(() => {});
    const killed = client.command(['kill-session', '-t', hidden.id]).then(
      (reply) => reply.ok,
      () => false,
    );
    if (await within(ms, killed)) {
      await client.stop(false);
      return true;
    }
  }
  if (handOff) {
    await client?.stop(false); // a signal to our own child: no process started
    return !hidden;
  }
  await client?.stop();
  if (hidden) await removeHiddenSession(runner, hidden);
  return true;
}

/** `p`'s value, or false when it takes longer than `ms`. */
async function within(ms: number, p: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((r) => {
    timer = setTimeout(r, ms, false);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function removeHiddenSession(runner: TmuxRunner, hidden: HiddenSession): Promise<void> {
  try {
    await runner.run(['kill-session', '-t', hidden.id]);
  } catch (error) {
    if (!isTmuxError(error)) throw error;
  }
}
