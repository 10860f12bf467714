import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daemonPid as runningScheduler } from '../../src/orchestrate/scheduler.js';
import { runCli } from '../helpers/cli.js';
import { alive, type PrivateTmux, privateTmux, shq, waitFor } from '../helpers/tmux.js';

/** A check-in must not be typed into whichever pane a restarted tmux server gave the same id. */
interface Stored {
  id: string;
  status: string;
  note: string;
  detail?: string;
  serverInstance?: unknown;
}

let t: PrivateTmux;
let root: string;
let env: NodeJS.ProcessEnv;
const fake = fileURLToPath(new URL('../../dist/src/demo/fake-agent.js', import.meta.url));
const stateDir = () => join(root, 'state', 'tmux-orchestrator');
const storePath = () => join(stateDir(), 'schedules.json');
const tmo = (...args: string[]) => runCli(['-L', t.socketName, ...args], { env });
const stored = (): Stored[] =>
  (JSON.parse(readFileSync(storePath(), 'utf8')) as { schedules: Stored[] }).schedules;
beforeAll(() => {
  t = privateTmux('orch-restart');
  root = mkdtempSync(join(tmpdir(), 'orch-restart-'));
  env = { XDG_STATE_HOME: join(root, 'state'), XDG_CONFIG_HOME: join(root, 'config'), TMUX_PANE: '' };
});
afterAll(async () => {
  // Only the scheduler itself: once it has exited its pid may be another process's (pids go round).
  const pid = (await runningScheduler(stateDir())) ?? 0;
  if (pid > 0) process.kill(pid, 'SIGKILL');
  await waitFor(() => !(pid > 0 && alive(pid)), 5000, 'the scheduler to exit');
  t.kill();
  rmSync(root, { recursive: true, force: true });
});

describe('check-ins across a tmux server restart', () => {
  it('are not typed into the pane that reuses the id; the reason shows in schedule list', async () => {
    const agentPane = t
      .tmux(
        ...['new-session', '-d', '-P', '-F', '#{pane_id}', '-x', '120', '-y', '40', '-s', 'agent', '--'],
        ...[process.execPath, fake, '--kind', 'claude', '--work-ms', '100'],
      )
      .trim();
    expect(agentPane).toBe('%0');
    const added = await tmo(
      'schedule',
      '0.02',
      '--note',
      'echo restart-pwned',
      '--target',
      agentPane,
      '--json',
    );
    expect(added.code).toBe(0);
    const { scheduler, schedule } = JSON.parse(added.stdout) as {
      scheduler: { pid: number };
      schedule: { id: string; dueAt: number; serverInstance: { pid: number; startTime: number } };
    };
    process.kill(scheduler.pid, 'SIGKILL'); // the scheduler is gone (a reboot, a kill) …
    expect(schedule.serverInstance.pid).toBeGreaterThan(0);
    // … a second one, stored the way older versions stored it (no server instance)
    const old = await tmo('schedule', '0.02', '--note', 'echo old-pwned', '--target', agentPane, '--json');
    const oldId = (JSON.parse(old.stdout) as { schedule: { id: string } }).schedule.id;
    process.kill((JSON.parse(old.stdout) as { scheduler: { pid: number } }).scheduler.pid, 'SIGKILL');
    await waitFor(() => !alive(scheduler.pid), 5000, 'the scheduler to die');
    const file = JSON.parse(readFileSync(storePath(), 'utf8')) as { schedules: Stored[] };
    for (const s of file.schedules) if (s.id === oldId) delete s.serverInstance;
    writeFileSync(storePath(), JSON.stringify(file));

    // … and the tmux server restarts: its first pane, a plain program reading its input, is %0 again.
    t.kill();
    const received = join(root, 'received.txt');
    const newPane = t
      .tmux('new-session', '-d', '-P', '-F', '#{pane_id}', '-s', 'shell', `cat > ${shq(received)}`)
      .trim();
    expect(newPane).toBe('%0');
    await waitFor(() => Date.now() > schedule.dueAt + 200, 5000, 'the due time to pass');
    expect(stored().filter((s) => s.status === 'pending')).toHaveLength(2);

    // `schedule list` re-arms the scheduler: both overdue check-ins are judged, neither is sent.
    expect((await tmo('schedule', 'list')).code).toBe(0);
    const done = await waitFor(
      () => {
        const all = stored();
        return all.every((s) => s.status !== 'pending' && s.status !== 'firing') ? all : undefined;
      },
      10_000,
      'both check-ins judged',
    );
    expect(done).toHaveLength(2);
    for (const s of done as Stored[]) {
      expect(s.status, s.note).toBe('failed');
      expect(s.detail, s.note).toMatch(/^the tmux server restarted: pane %0 is another pane now; not sent/);
    }
    const listed = await tmo('schedule', 'list');
    expect(listed.stdout).toMatch(/failed \(late\)/);
    expect(listed.stdout).toMatch(/↳ the tmux server restarted: pane %0 is another pane now/);
    // Give a wrongly sent note time to arrive before looking: nothing reached the new pane.
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(received) ? readFileSync(received, 'utf8') : '').toBe('');
    expect(t.tmux('capture-pane', '-p', '-t', '%0')).not.toMatch(/pwned/);
  });
});
