import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
}

/** Start a detached session on the private server (a fixed size, so screens are deterministic). */
export function newSession(t: PrivateTmux, name: string, command?: string): string {
  const args = ['new-session', '-d', '-P', '-F', '#{session_id}', '-x', '120', '-y', '40', '-s', name];
  if (command) args.push(command);
  return t.tmux(...args).trim();
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
