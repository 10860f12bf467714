/**
 * Where hook facts live: one JSON-lines file per tmux server under the state dir,
 * `$XDG_STATE_HOME/tmux-orchestrator/hooks/<server key>.jsonl` (mode 0600, the dir 0700). Node built-ins
 * only: `tmo hook` loads this and nothing of the CLI.
 */
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { stateDir } from '../config/paths.js';

/** The live file is rotated to `<file>.1` past this size (one rotation kept). */
export const HOOK_FILE_MAX_BYTES = 256 * 1024;
/** What a one-shot look reads from the end of the file. */
export const HOOK_TAIL_BYTES = 64 * 1024;

export function hooksDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'hooks');
}

/** `$TMUX` is `<socket path>,<server pid>,<session index>`: the socket path (which may hold commas). */
export function socketFromTmuxEnv(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const last = value.lastIndexOf(',');
  const comma = last > 0 ? value.lastIndexOf(',', last - 1) : -1;
  const path = comma > 0 ? value.slice(0, comma) : value;
  return path || undefined;
}

/**
 * The socket path of a server as tmux computes it: `-S path`, or `-L name` (default `default`) in
 * `$TMUX_TMPDIR` (default /tmp) `/tmux-<uid>/`; with neither, the server of `$TMUX` when inside tmux.
 * The directory is resolved as tmux resolves it (macOS: /tmp is /private/tmp).
 */
export function socketPathFor(
  server: { socketName?: string; socketPath?: string },
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (server.socketPath) return resolveDir(server.socketPath);
  if (!server.socketName) {
    const inside = socketFromTmuxEnv(env['TMUX']);
    if (inside) return inside;
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const base = env['TMUX_TMPDIR'] || (process.platform === 'darwin' ? '/private/tmp' : '/tmp') || tmpdir();
  return resolveDir(join(base, `tmux-${uid}`, server.socketName || 'default'));
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
