/**
 * Where hook facts live: one JSON-lines file per tmux server under the state dir,
 * `$XDG_STATE_HOME/tmux-orchestrator/hooks/<server key>.jsonl` (mode 0600, the dir 0700). Node built-ins
 * only: `tmo hook` loads this and nothing of the CLI.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stateDir } from '../config/paths.js';
import { locateSocket, socketFromTmuxEnv } from '../tmux/socket-path.js';

export { socketFromTmuxEnv };

/** The live file is rotated to `<file>.1` past this size (one rotation kept). */
export const HOOK_FILE_MAX_BYTES = 256 * 1024;
/** What a one-shot look reads from the end of the file. */
export const HOOK_TAIL_BYTES = 64 * 1024;

export function hooksDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'hooks');
}

/**
 * The socket path of a server as tmux computes it (tmux/socket-path.ts), its directory resolved as tmux
 * resolves it: the name hook facts are filed under.
 */
export function socketPathFor(
  server: { socketName?: string; socketPath?: string },
  env: NodeJS.ProcessEnv = process.env,
): string {
  return resolveDir(locateSocket(server, env).path);
}

function resolveDir(path: string): string {
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path;
  }
}

/** A file name for a socket path: `/tmp/tmux-0/default` → `tmp_tmux-0_default`. */
export function serverKey(socketPath: string): string {
  return (
    socketPath
      .replace(/^\/+/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .slice(-120) || 'default'
  );
}

export function hookFile(socketPath: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(hooksDir(env), `${serverKey(socketPath)}.jsonl`);
}
