import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ProcessRunner } from '../src/tmux/runner.js';

/** A private tmux server with `sessions × windows` idle windows, built in a few tmux calls. */
export interface BenchServer {
  socketName: string;
  runner: ProcessRunner;
  tmux(...args: string[]): string;
  kill(): void;
}

export function benchServer(sessions: number, windows: number, command = 'exec sleep 3600'): BenchServer {
  const socketName = `tmo-bench-${process.pid}-${randomBytes(3).toString('hex')}`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', socketName, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      env: { ...process.env, TMUX: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  for (let s = 0; s < sessions; s++) {
    const args = ['new-session', '-d', '-s', `bench-${s}`, '-x', '120', '-y', '40', command];
    for (let w = 1; w < windows; w++)
      args.push(';', 'new-window', '-d', '-t', `bench-${s}:`, '-n', `win-${w}`, command);
    tmux(...args);
  }
  return {
    socketName,
    runner: new ProcessRunner({ socketName }),
    tmux,
    kill: () => {
      try {
        tmux('kill-server');
      } catch {
        // gone
      }
    },
  };
}
