/**
 * `tmo demo`: a private tmux server (`-L tmo-demo-<pid>`, `-f /dev/null`) with simulated agents
 * (the fake agent as claude, codex, gemini and aider, with different timings; codex asks permission),
 * fed a task now and then so states change. `teardown()` kills the server; it also runs on SIGINT/SIGTERM.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmuxBinary } from '../tmux/runner.js';

export interface DemoAgent {
  kind: 'claude' | 'codex' | 'gemini' | 'aider';
  workMs: number;
  askPermission?: boolean;
  session: string;
}

export const DEMO_AGENTS: DemoAgent[] = [
  { kind: 'claude', workMs: 6000, session: 'api' },
  { kind: 'codex', workMs: 4000, askPermission: true, session: 'api' },
  { kind: 'gemini', workMs: 9000, session: 'web' },
  { kind: 'aider', workMs: 3000, session: 'web' },
];

const TASKS = [
  'add input validation to the signup handler',
  'write tests for the rate limiter',
  'refactor the config loader into smaller modules',
  'fix the flaky websocket reconnect test',
  'document the public API',
  'speed up the snapshot parser',
];

export interface Demo {
  socketName: string;
  /** Kill the server and stop feeding tasks (idempotent). */
  teardown(): Promise<void>;
}

function tmux(socketName: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      tmuxBinary(),
      ['-L', socketName, '-f', '/dev/null', ...args],
      { env: { ...process.env, TMUX: '' }, encoding: 'utf8' },
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr.trim() || error.message)) : resolve(stdout),
    );
  });
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function startDemo(options: { taskEveryMs?: number; agents?: DemoAgent[] } = {}): Promise<Demo> {
  const socketName = `tmo-demo-${process.pid}`;
  const fake = fileURLToPath(new URL('./fake-agent.js', import.meta.url));
  const agents = options.agents ?? DEMO_AGENTS;
  const command = (a: DemoAgent) =>
    [
      process.execPath,
      fake,
      '--kind',
      a.kind,
      '--work-ms',
      String(a.workMs),
      a.askPermission ? '--ask-permission' : '',
    ]
      .filter(Boolean)
      .map(shellQuote)
      .join(' ');
  const panes: string[] = [];
  const sessions = new Set<string>();
  for (const a of agents) {
    const args = sessions.has(a.session)
      ? ['new-window', '-d', '-P', '-F', '#{pane_id}', '-t', `${a.session}:`, '-n', a.kind, command(a)]
      : [
          'new-session',
          '-d',
          '-P',
          '-F',
          '#{pane_id}',
          '-s',
          a.session,
          '-n',
          a.kind,
          '-x',
          '120',
          '-y',
          '40',
          command(a),
        ];
    sessions.add(a.session);
    panes.push((await tmux(socketName, args)).trim());
  }

  let n = 0;
  const feed = async (paneId: string) => {
    const task = TASKS[n++ % TASKS.length] ?? 'keep going';
    await tmux(socketName, ['send-keys', '-t', paneId, '-l', '--', task]).catch(() => {});
    await tmux(socketName, ['send-keys', '-t', paneId, 'Enter']).catch(() => {});
  };
  const timers: NodeJS.Timeout[] = [];
  // A first task for each agent, staggered; then one agent at a time, round robin.
  panes.forEach((p, i) => {
    timers.push(setTimeout(() => void feed(p), 800 + i * 1500));
  });
  let next = 0;
  const every = setInterval(() => {
    const p = panes[next++ % panes.length];
    if (p) void feed(p);
  }, options.taskEveryMs ?? 12_000);
  timers.push(every);
  for (const t of timers) t.unref?.();

  // One teardown however many callers (a signal and the dashboard's exit): each waits for the same one.
  let done: Promise<void> | undefined;
  const teardown = (): Promise<void> =>
    (done ??= (async () => {
      for (const t of timers) clearTimeout(t);
      clearInterval(every);
      await tmux(socketName, ['kill-server']).catch(() => {});
      // tmux may leave the socket file behind.
      const dir = join(process.env['TMUX_TMPDIR'] || '/tmp', `tmux-${process.getuid?.() ?? 0}`);
      rmSync(join(dir, socketName), { force: true });
    })());
  return { socketName, teardown };
}
