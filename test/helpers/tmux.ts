import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { ProcessRunner } from '../../src/tmux/runner.js';

/**
 * A private tmux server for one test file: unique `-L` socket, `-f /dev/null`, killed by `kill()`.
 * Never touches the user's default server.
 */
export interface PrivateTmux {
  socketName: string;
  runner: ProcessRunner;
  /** Run tmux synchronously against this server; returns stdout. */
  tmux(...args: string[]): string;
  kill(): void;
}

export function privateTmux(prefix = 'tmo-test'): PrivateTmux {
  const socketName = `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-L', socketName, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C.UTF-8', TMUX: '' },
    });
  return {
    socketName,
    runner: new ProcessRunner({ socketName }),
    tmux,
    kill() {
      let socketPath = '';
      try {
        socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
        execFileSync('tmux', ['-L', socketName, 'kill-server'], { stdio: 'ignore', timeout: 5000 });
      } catch {
        // already gone, or wedged: reaped below
      }
      reap(socketName);
      // A server that was gone already (a test killed it) may have left its socket: tmux's default place.
      socketPath ||= `${process.env['TMUX_TMPDIR'] || '/tmp'}/tmux-${process.getuid?.() ?? 0}/${socketName}`;
      rmSync(socketPath, { force: true });
    },
  };
}

/**
 * SIGKILL whatever still runs with `-L <socketName>` (a server that did not exit, an orphaned control
 * client: tmux can wedge on kill-server when a control client's reader died). Reads /proc; no-op elsewhere.
 */
function reap(socketName: string): void {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const i = argv.indexOf('-L');
      if (i !== -1 && argv[i + 1] === socketName && /tmux/.test(argv[0] ?? ''))
        process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
}

/** Start a detached session on the private server (a fixed size, so screens are deterministic). */
export function newSession(t: PrivateTmux, name: string, command?: string): string {
  const format = '#{session_id} #{window_width}x#{window_height}';
  const args = ['new-session', '-d', '-P', '-F', format, '-x', '120', '-y', '40', '-s', name];
  if (command) args.push(command);
  const [id, size] = t
    .tmux(...args)
    .trim()
    .split(' ');
  // tmux 3.2 gives a detached session's first window 80×23 whatever -x/-y say (3.3 sizes it): size it
  // here, then give the window back its usual window-size (resize-window leaves it `manual`).
  if (size !== '120x40')
    t.tmux(
      'resize-window',
      '-t',
      id!,
      '-x',
      '120',
      '-y',
      '40',
      ';',
      'set-option',
      '-w',
      '-u',
      '-t',
      id!,
      'window-size',
    );
  return id!;
}

/** Start a detached window in `session` running `command`; its pane id. */
export function newWindow(t: PrivateTmux, session: string, command: string): string {
  return t.tmux('new-window', '-d', '-P', '-F', '#{pane_id}', '-t', `${session}:`, command).trim();
}

/** Whether a process still runs (a zombie, dead but not yet reaped, does not). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true; // no /proc: kill(0) is all we know
  }
}

/** `tmux -C` client processes on this server (a dashboard's that outlived it would be listed here). */
export function controlClients(t: PrivateTmux): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(`-L ${t.socketName} -C `));
}

/** tmo's hidden link sessions (`__tmo_<pid>`) on a server. */
export function hiddenSessions(t: PrivateTmux): string[] {
  return t
    .tmux('list-sessions', '-F', '#{session_name}')
    .split('\n')
    .filter((n) => n.startsWith('__tmo_'));
}

/** Poll `check` until it returns a truthy value (no fixed sleeps); throws after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Single-quote a word for the shell command a tmux pane runs. */
export const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A pane's screen, and a wait for text on it whose failure shows the screen. */
export function paneScreen(t: PrivateTmux, target: string) {
  const screen = () => t.tmux('capture-pane', '-p', '-t', target).replace(/\s+$/, '');
  const shows = (what: string | RegExp, ms = 15_000) =>
    waitFor(
      () => {
        const s = screen();
        return (typeof what === 'string' ? s.includes(what) : what.test(s)) ? s : '';
      },
      ms,
      `screen to show ${what}`,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n--- screen ---\n${screen()}`);
    });
  return { screen, shows };
}
