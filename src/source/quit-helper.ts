/**
 * What finishes a quit that tmux did not confirm in time (`tmo dash` exits QUIT_BUDGET_MS after the key,
 * done or not): a small shell, started with the dashboard while starting one is cheap (a fork of a small
 * process), that waits on its stdin. Told to (a line with our control clients' pids, 0 for none), it
 * disarms and kills our hidden session — retrying for 2 s, since a quit during start-up may find the
 * session still being created — then terminates that client: once its reader (the dashboard) is gone,
 * tmux 3.3a never lets go of a control client that has output unsent, and holds up `kill-server` for it.
 * Told nothing (the quit was done, or the dashboard was killed), it reads end-of-file and exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { shellWord } from '../model/shell-word.js';
import { type ServerSelector, serverArgs, tmuxBinary } from '../tmux/runner.js';
import { hiddenSessionName } from './embedded-hidden.js';

/** The helper's script for our hidden session on `server`; its stdin says the control clients' pids. */
export function quitScript(server: ServerSelector, session = hiddenSessionName()): string {
  const tmux = [tmuxBinary(), ...serverArgs(server)].map(shellWord).join(' ');
  // Exact names: `=name` for a session; set-option takes a pane target, where that is `=name:`.
  const exact = shellWord(`=${session}`);
  const pane = shellWord(`=${session}:`);
  // The clients attached to the session are read before each try: one that attached after the dashboard
  // last knew (a quit during start-up) is ended too.
  return [
    'read -r pids || exit 0',
    'i=0',
    'while :; do',
    `  pids="$pids $(${tmux} list-clients -t ${exact} -F '#{client_pid}' 2>/dev/null)"`,
    `  ${tmux} set-option -t ${pane} destroy-unattached off \\; kill-session -t ${exact} 2>/dev/null && break`,
    '  i=$((i+1)); [ "$i" -ge 10 ] && break; sleep 0.2',
    'done',
    'for pid in $pids; do case "$pid" in 0|*[!0-9]*) ;; *) kill "$pid" 2>/dev/null ;; esac; done',
  ].join('\n');
}

export interface QuitHelper {
  /** Hand over what is left (our control clients' pids, as far as known) and return at once. */
  finish(controlPids: Array<number | undefined>): void;
}

/** Start the helper (it waits); undefined when no shell can be started (the next start's sweep remains). */
export function startQuitHelper(server: ServerSelector): QuitHelper | undefined {
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', quitScript(server)], {
      detached: true, // a terminal that goes away does not take it along
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { ...process.env, TMUX: '' },
    });
  } catch {
    return undefined;
  }
  child.on('error', () => {});
  child.stdin?.on('error', () => {});
  child.unref();
  (child.stdin as { unref?: () => void } | null)?.unref?.();
  return {
    finish(controlPids) {
      // A pipe with room: the line is written before this returns (libuv writes at once when it can).
      child.stdin?.end(`${controlPids.map((p) => p ?? 0).join(' ')}\n`);
    },
  };
}
