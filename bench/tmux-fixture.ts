import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * A bench server where `agents` of the windows run a stand-in agent that costs nothing: half of them a
 * process whose argv[0] is `claude` (found from the pane's command), half a script named `claude` with a
 * `sleep` under it (found from the pane's process tree, as `node …/claude` would be).
 */
export function benchServerWithAgents(sessions: number, windows: number, agents: number): BenchServer {
  const server = benchServer(sessions, windows);
  const dir = mkdtempSync(join(tmpdir(), 'tmo-bench-fake-'));
  const script = join(dir, 'claude');
  writeFileSync(script, "#!/bin/sh\nprintf '\\n> \\n'\nsleep 3600\n", { mode: 0o755 });
  const byCommand = `bash -c 'printf "\\n> \\n"; exec -a claude sleep 3600'`;
  const targets: string[] = [];
  for (let w = 0; w < windows && targets.length < agents; w++)
    for (let s = 0; s < sessions && targets.length < agents; s++) targets.push(`bench-${s}:${w}`);
  // In batches: one tmux command line has a length limit.
  for (let i = 0; i < targets.length; i += 50) {
    const args: string[] = [];
    targets.slice(i, i + 50).forEach((t, j) => {
      if (args.length) args.push(';');
      args.push('respawn-window', '-k', '-t', t, (i + j) % 2 === 0 ? byCommand : script);
    });
    server.tmux(...args);
  }
  return {
    ...server,
    kill: () => {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
