/**
 * What to tell a user whose server is not running: the tmux command that starts one there, its `-L` /
 * `-S` value quoted for a shell where it needs to be — or, where `-S` names something that is not a
 * socket, that it is not one and no command: tmux removes whatever is at the path before it makes its
 * socket, so the hint would have deleted the user's file (or, as root, /dev/null).
 */
import { lstatSync, type Stats, statSync } from 'node:fs';
import { printable } from '../model/printable.js';
import { shellWord } from '../model/shell-word.js';
import { type ServerSelector, serverArgs } from '../tmux/runner.js';

/** What is at `path` when it is something tmux would remove (a link: what it leads to; dangling: nothing). */
function whatIsAt(path: string): string | undefined {
  let st: Stats | undefined;
  try {
    st = lstatSync(path, { throwIfNoEntry: false });
    if (st?.isSymbolicLink()) st = statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // not ours to look at: tmux will say
  }
  if (!st || st.isSocket()) return undefined;
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a socket';
}

/** The sentence after "no tmux server is running here": how to start one, or why not at this path. */
export function startHint(server: ServerSelector): string {
  const there = server.socketPath ? whatIsAt(server.socketPath) : undefined;
  if (there) {
    const removed = there === 'a directory' ? '' : ' (tmux would remove it to start a server there)';
    return `${printable(server.socketPath!)} is ${there}, not a tmux socket${removed}; give the path of a socket`;
  }
  const words = ['tmux', ...serverArgs(server).map(shellWord), 'new-session', '-d', '-s', 'work'];
  return `Start one with: ${printable(words.join(' '))}`;
}
