/**
 * Hostile: the tmux side leaves nothing behind. A long-running command (`tmo events`, `tmo serve`) killed with
 * SIGKILL runs no cleanup at all; tmux itself must then drop our hidden session (`destroy-unattached` once our
 * control client is attached), so the user's `kill-session` really ends the agent. Hang-ups (SIGHUP) clean up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive } from '../../src/agents/proc.js';
import { type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

const bin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));
const fake = fileURLToPath(new URL('../../dist/src/demo/fake-agent.js', import.meta.url));
let t: PrivateTmux;
const started: ChildProcess[] = [];

beforeAll(() => {
  t = privateTmux('tmo-hostile-left');
  t.tmux('new-session', '-d', '-s', 'keep', '-x', '80', '-y', '24', 'sleep 3600');
});
afterAll(() => {
  for (const c of started) if (c.exitCode === null) c.kill('SIGKILL');
  t.kill();
});

const sessions = (): string[] => {
  try {
    return t.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

/** A user session running a (fake) agent; its window id and the agent's pid. */
function userAgent(name: string): { window: string; pid: number } {
  const [window, pid] = t
    .tmux(
      ...[
        'new-session',
        '-d',
        '-P',
        '-F',
        '#{window_id} #{pane_pid}',
        '-s',
        name,
        '-x',
        '120',
        '-y',
        '40',
        '--',
      ],
      ...[process.execPath, fake, '--kind', 'claude'],
    )
    .trim()
    .split(' ');
  return { window: window ?? '', pid: Number(pid) };
}

function run(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [bin, '-L', t.socketName, ...args], {
    stdio: 'ignore',
    env: { ...process.env, TMUX: '', NO_COLOR: '1' },
  });
  started.push(child);
  return child;
}

/** Wait until the command's hidden session exists with the user's window linked into it. */
async function linked(child: ChildProcess, window: string): Promise<string> {
  const hidden = `__tmo_${child.pid}`;
  await waitFor(
    () => {
      if (!sessions().includes(hidden)) return undefined;
      return t.tmux('list-windows', '-t', `=${hidden}`, '-F', '#{window_id}').includes(window) || undefined;
    },
    15_000,
    `${hidden} with ${window} linked`,
  );
  return hidden;
}

const cases: [string, string[]][] = [
  ['tmo events', ['events', '--json']],
  ['tmo serve', ['serve', '--port', '0']],
];

describe('hostile: nothing of ours outlives us in tmux', () => {
  for (const [label, args] of cases) {
    it(`${label} SIGKILLed: kill-session ends the agent within 1 s and tmux ls shows nothing of ours`, async () => {
      const name = `user-${args[0]}`;
      const agent = userAgent(name);
      const child = run(args);
      const hidden = await linked(child, agent.window);
      child.kill('SIGKILL');
      await new Promise<void>((resolve) => child.once('exit', () => resolve()));
      t.tmux('kill-session', '-t', `=${name}`);
      const t0 = Date.now();
      await waitFor(() => !processAlive(agent.pid) || undefined, 1000, 'the agent process gone');
      console.log(
        `hostile leftovers (${label}, SIGKILL): agent gone ${Date.now() - t0} ms after kill-session`,
      );
      await waitFor(() => !sessions().includes(hidden) || undefined, 1000, `${hidden} gone`);
      expect(sessions().filter((s) => s.startsWith('__tmo_'))).toEqual([]);
    });
  }

  it('tmo events hung up (SIGHUP): exits and removes its hidden session', async () => {
    const agent = userAgent('user-hup');
    const child = run(['events', '--json']);
    const hidden = await linked(child, agent.window);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGHUP');
    expect(await exited).toBe(0);
    expect(sessions()).not.toContain(hidden);
    t.tmux('kill-session', '-t', '=user-hup');
    await waitFor(() => !processAlive(agent.pid) || undefined, 1000, 'the agent process gone');
  });
});
