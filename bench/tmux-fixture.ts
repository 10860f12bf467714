import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../src/agents/proc.js';
import { ProcessRunner } from '../src/tmux/runner.js';

/** A private tmux server with `sessions × windows` idle windows, built in a few tmux calls. */
export interface BenchServer {
  socketName: string;
  runner: ProcessRunner;
  tmux(...args: string[]): string;
  kill(): void;
}

/**
 * Every private server a bench started and has not killed yet: killed on the way out whatever happens (an
 * error, a timeout, Ctrl-C, SIGTERM), so no bench leaves a server behind.
 */
const live = new Map<string, () => void>();
let armed = false;
function remember(socketName: string, kill: () => void): void {
  live.set(socketName, kill);
  if (armed) return;
  armed = true;
  process.on('exit', () => {
    for (const k of [...live.values()]) k();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      for (const k of [...live.values()]) k();
      process.exit(130);
    });
}

/**
 * A private server's tmux command (bounded in time: a wedged server fails the call instead of hanging the
 * bench) and its kill: `kill-server`, then SIGKILL to the server process if it is still there — a server
 * can outlive `kill-server` (tmux 3.3a waits for a control client that never drains, and answers
 * `server exited unexpectedly` meanwhile) — and its socket removed.
 */
export function privateServer(socketName: string): Pick<BenchServer, 'tmux' | 'kill'> & { pid(): number } {
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', socketName, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      env: { ...process.env, TMUX: '' },
      // tmux's complaints (a server that already exited) belong in the error, not the report
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000,
    });
  let serverPid = 0;
  const pid = () => {
    serverPid ||= Number(tmux('display-message', '-p', '#{pid}').trim());
    return serverPid;
  };
  const kill = () => {
    live.delete(socketName);
    try {
      tmux('kill-server');
    } catch {
      // gone, or wedged: the pid below
    }
    if (serverPid > 0) {
      for (let i = 0; i < 50 && existsSync(`/proc/${serverPid}`) && !zombie(serverPid); i++)
        execFileSync('sleep', ['0.02']);
      try {
        if (existsSync(`/proc/${serverPid}`) && !zombie(serverPid)) process.kill(serverPid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    rmSync(`${process.env['TMUX_TMPDIR'] || '/tmp'}/tmux-${process.getuid?.() ?? 0}/${socketName}`, {
      force: true,
    });
  };
  remember(socketName, kill);
  return { tmux, kill, pid };
}

/** The process is gone or a zombie (exited, not yet reaped). */
export const zombie = (pid: number): boolean => !processAlive(pid);

export function benchServer(sessions: number, windows: number, command = 'exec sleep 3600'): BenchServer {
  const socketName = `tmo-bench-${process.pid}-${randomBytes(3).toString('hex')}`;
  const { tmux, kill, pid } = privateServer(socketName);
  try {
    for (let s = 0; s < sessions; s++) {
      const args = ['new-session', '-d', '-s', `bench-${s}`, '-x', '120', '-y', '40', command];
      for (let w = 1; w < windows; w++)
        args.push(';', 'new-window', '-d', '-t', `bench-${s}:`, '-n', `win-${w}`, command);
      tmux(...args);
      if (s === 0) pid();
    }
  } catch (error) {
    kill();
    throw error;
  }
  return { socketName, runner: new ProcessRunner({ socketName }), tmux, kill };
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
