/**
 * Where a tmux server's socket is, found as tmux's client finds it (tmux.c): `-S path` as given; with
 * neither `-S` nor `-L`, the server of `$TMUX` when inside tmux; else `tmux-<uid>/<name>` (`default`) in the
 * first of `$TMUX_TMPDIR` and `/tmp` that resolves (realpath: macOS's /tmp is /private/tmp). Node built-ins
 * only: `tmo hook` (agenthooks/paths.ts) loads it too.
 */
import { lstatSync, realpathSync } from 'node:fs';

export interface SocketLocation {
  path: string;
  /** tmux would connect there: the path was given, or its directory exists, is ours and closed to others. */
  usable: boolean;
}

/** `$TMUX` is `<socket path>,<server pid>,<session index>`: the socket path (which may hold commas). */
export function socketFromTmuxEnv(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const last = value.lastIndexOf(',');
  const comma = last > 0 ? value.lastIndexOf(',', last - 1) : -1;
  const path = comma > 0 ? value.slice(0, comma) : value;
  return path || undefined;
}

export function locateSocket(
  server: { socketName?: string; socketPath?: string },
  env: NodeJS.ProcessEnv = process.env,
): SocketLocation {
  if (server.socketPath) return { path: server.socketPath, usable: true };
  if (!server.socketName) {
    const inside = socketFromTmuxEnv(env['TMUX']);
    if (inside) return { path: inside, usable: true };
  }
  const uid = process.getuid?.() ?? 0;
  const label = server.socketName || 'default';
  for (const dir of [env['TMUX_TMPDIR'], '/tmp']) {
    if (!dir) continue;
    let base: string;
    try {
      base = `${realpathSync(dir)}/tmux-${uid}`;
    } catch {
      continue; // tmux skips a directory that does not resolve
    }
    let usable = false;
    try {
      const st = lstatSync(base);
      usable = st.isDirectory() && st.uid === uid && (st.mode & 0o007) === 0;
    } catch {
      // not made yet: no server in it
    }
    return { path: `${base}/${label}`, usable };
  }
  return { path: `${env['TMUX_TMPDIR'] || '/tmp'}/tmux-${uid}/${label}`, usable: false };
}

/**
 * The server a command inside tmux means when given no `-L` / `-S`: the one it runs in ($TMUX), named as
 * a user would name it — nothing for tmux's default socket, `-L name` for one in tmux's socket directory,
 * else `-S path`. Resolved once (cli-main.ts), so every client of ours goes to that server: the control
 * client and `attach` run with $TMUX cleared and went to the default server instead (the live engine then
 * fell back to polling, and labels said "default").
 */
export function serverFromTmuxEnv(env: NodeJS.ProcessEnv): { socketName?: string; socketPath?: string } {
  const inside = socketFromTmuxEnv(env['TMUX']);
  if (!inside) return {};
  const plain = locateSocket({}, { ...env, TMUX: undefined }).path;
  const dir = plain.slice(0, plain.lastIndexOf('/') + 1);
  const name = inside.startsWith(dir) ? inside.slice(dir.length) : '';
  if (name === '' || name.includes('/')) return { socketPath: inside };
  return name === 'default' ? {} : { socketName: name };
}
