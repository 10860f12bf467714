import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daemonPid as runningScheduler } from '../../src/orchestrate/scheduler.js';
import { runCli } from '../helpers/cli.js';
import { alive, newSession, type PrivateTmux, privateTmux, shq, waitFor } from '../helpers/tmux.js';

interface Listed {
  scheduler: { running: boolean; pid?: number };
  schedules: { id: string; status: string; late?: boolean; note: string; paneId: string; detail?: string }[];
}

let t: PrivateTmux;
let root: string;
let env: NodeJS.ProcessEnv;
let out: string;
let pane: string;
let agentOut: string;
let agentPane: string;
const fake = fileURLToPath(new URL('../../dist/src/demo/fake-agent.js', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));
const stateDir = () => join(root, 'state', 'tmux-orchestrator');
const tmo = (...args: string[]) => runCli(['-L', t.socketName, ...args], { env });
const list = async (): Promise<Listed> =>
  JSON.parse((await tmo('schedule', 'list', '--json')).stdout) as Listed;
const written = () => (existsSync(out) ? readFileSync(out, 'utf8') : '');

beforeAll(() => {
  t = privateTmux('orch-sched');
  root = mkdtempSync(join(tmpdir(), 'orch-sched-'));
  env = { XDG_STATE_HOME: join(root, 'state'), XDG_CONFIG_HOME: join(root, 'config'), TMUX_PANE: '' };
  out = join(root, 'received.txt');
  newSession(t, 'inbox', `cat > '${out}'`);
  pane = t.tmux('display-message', '-p', '-t', '=inbox:', '#{pane_id}').trim();
  agentOut = join(root, 'agent.txt');
  agentPane = t
    .tmux(
      ...['new-session', '-d', '-P', '-F', '#{pane_id}', '-x', '120', '-y', '40', '-s', 'agent', '--'],
      ...[process.execPath, fake, '--kind', 'claude', '--work-ms', '100', '--echo-file', agentOut],
    )
    .trim();
});
afterAll(async () => {
  // Only the scheduler itself: once it has exited its pid may be another process's (pids go round).
  const pid = await runningScheduler(stateDir());
  if (pid) process.kill(pid, 'SIGKILL');
  t.kill();
  rmSync(root, { recursive: true, force: true });
});

describe('tmo schedule', () => {
  it('delivers several hostile notes literally and records the outcomes', async () => {
    // One note to a `cat > FILE` pane; two to a (fake) agent, one after the other, in parallel.
    const plan: [string, string, string][] = [
      ['; #(touch orch-sched-pwned) "q" \'q\'', pane, out],
      ['-R', agentPane, agentOut],
      ['two\nlines', agentPane, agentOut],
    ];
    const added = [];
    for (const [note, target] of plan) {
      const r = await tmo('schedule', '0.03', `--note=${note}`, '--target', target);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      added.push(r.stdout.match(/scheduled ([0-9a-f]{6})/)?.[1]);
    }
    const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
    await waitFor(
      () => plan.every(([n, , f]) => read(f).includes(`${n}\n`)),
      15_000,
      'all notes in the files',
    );
    const listed = (await waitFor(
      async () => {
        const l = await list();
        return l.schedules.every((s) => s.status !== 'pending' && s.status !== 'firing') ? l : undefined;
      },
      15_000,
      'outcomes recorded',
    )) as Listed;
    for (const [i, id] of added.entries()) {
      const s = listed.schedules.find((x) => x.id === id);
      expect(s?.paneId).toBe(plan[i]?.[1]);
      expect(['delivered', 'unconfirmed']).toContain(s?.status);
      expect(s?.late).toBe(false);
    }
    expect(existsSync(join(process.cwd(), 'orch-sched-pwned'))).toBe(false);
    expect((await tmo('schedule', 'list')).stdout).toMatch(/two ⏎ lines/);
  });

  it('cancels a pending check-in; cancelling again or an unknown id fails', async () => {
    const r = await tmo('schedule', '5', '--note', 'never', '--target', pane);
    const id = r.stdout.match(/scheduled ([0-9a-f]{6})/)?.[1] ?? '';
    const due = r.stdout.match(/: at (\S+ \S+) /)?.[1] ?? '?';
    expect((await tmo('schedule', 'cancel', id)).code).toBe(0);
    expect((await list()).schedules.find((s) => s.id === id)?.status).toBe('cancelled');
    // WHEN stays the time it was due; the state column says when it was cancelled.
    const row = (await tmo('schedule', 'list')).stdout.split('\n').find((l) => l.startsWith(id));
    expect(row).toMatch(new RegExp(`^${id}  ${due}  cancelled at (\\S+ )?\\d\\d:\\d\\d:\\d\\d  `));
    expect((await tmo('schedule', 'cancel', id)).code).toBe(1);
    expect((await tmo('schedule', 'cancel', 'ffffff')).code).toBe(1);
    // nothing pending: the daemon exits by itself and removes its pid file
    await waitFor(() => !existsSync(join(stateDir(), 'scheduler.pid')), 10_000, 'the scheduler to exit');
    expect(written()).not.toContain('never');
  });

  it('re-arms after the scheduler is killed: the missed check-in fires late on the next start', async () => {
    const r = await tmo('schedule', '0.02', '--note', 'after restart', '--target', agentPane, '--json');
    expect(r.code).toBe(0);
    const { scheduler } = JSON.parse(r.stdout) as { scheduler: { pid: number } };
    process.kill(scheduler.pid, 'SIGKILL');
    const due = Date.now() + 1500;
    await waitFor(() => Date.now() > due, 5000, 'the due time to pass');
    const agentGot = () => (existsSync(agentOut) ? readFileSync(agentOut, 'utf8') : '');
    expect(agentGot()).not.toContain('after restart');
    // Read from the store itself: `schedule list` re-arms the scheduler, which may claim the note at once.
    const stored = JSON.parse(readFileSync(join(stateDir(), 'schedules.json'), 'utf8')) as Listed;
    expect(stored.schedules.find((s) => s.note === 'after restart')?.status).toBe('pending');
    await list();
    // `schedule list` re-armed the scheduler; it fires the overdue note, marked late.
    await waitFor(() => agentGot().includes('after restart\n'), 10_000, 'the late note');
    const s = await waitFor(
      async () => (await list()).schedules.find((x) => x.note === 'after restart' && x.status !== 'firing'),
      10_000,
      'its outcome',
    );
    expect(s).toMatchObject({ late: true, status: 'delivered' });
  });

  it('refuses bad input', async () => {
    expect((await tmo('schedule', 'abc', '--target', pane)).code).toBe(2);
    expect((await tmo('schedule', '0', '--target', pane)).code).toBe(2);
    const noTarget = await tmo('schedule', '1');
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/--target/);
    expect((await tmo('schedule', '1', '--target', '%9999')).code).toBe(1);
    expect((await tmo('schedule', '1', '--target', pane, '--note', ' ')).code).toBe(2);
    const esc = await tmo('schedule', '1', '--target', pane, '--note', 'a\x1b[2Jb');
    expect(esc.code).toBe(2);
    expect(esc.stderr).toMatch(/cannot be sent/);
    expect((await list()).schedules.some((s) => s.note.includes('\x1b'))).toBe(false);
  });

  it('defaults the target to $TMUX_PANE', async () => {
    const r = await runCli(['-L', t.socketName, 'schedule', '5', '--json'], {
      env: { ...env, TMUX_PANE: pane },
    });
    const { schedule, scheduler } = JSON.parse(r.stdout) as {
      schedule: { id: string; paneId: string };
      scheduler: { pid: number };
    };
    expect(schedule.paneId).toBe(pane);
    expect((await tmo('schedule', 'cancel', schedule.id)).code).toBe(0);
    // nothing pending any more: that scheduler exits on its own (and before afterAll removes its dir)
    await waitFor(() => !alive(scheduler.pid), 10_000, 'the scheduler to exit');
  });

  it("outlives the terminal it was scheduled from: that terminal's tmux server is killed, the note still arrives", async () => {
    // The "terminal": a pane of another private server, whose shell runs `tmo schedule` and stays.
    const term = privateTmux('orch-term');
    try {
      const reply = join(root, 'term-reply.json');
      const script = [
        `XDG_STATE_HOME=${shq(env['XDG_STATE_HOME'] ?? '')} XDG_CONFIG_HOME=${shq(env['XDG_CONFIG_HOME'] ?? '')}`,
        `${shq(process.execPath)} ${shq(bin)} -L ${shq(t.socketName)} schedule 0.04`,
        `--note 'after the hangup' --target ${shq(pane)} --json > ${shq(reply)} 2>&1; exec sleep 3600`,
      ].join(' ');
      const shellPid = Number(
        term.tmux('new-session', '-d', '-P', '-F', '#{pane_pid}', '-s', 'term', 'sh', '-c', script).trim(),
      );
      const { scheduler, schedule } = (await waitFor(
        () => JSON.parse(readFileSync(reply, 'utf8')),
        10_000,
        'the schedule command in the terminal',
      )) as { scheduler: { pid: number; started: boolean }; schedule: { id: string; dueAt: number } };
      expect(scheduler.started).toBe(true);
      expect(Date.now()).toBeLessThan(schedule.dueAt); // the terminal goes away before the note is due
      term.kill(); // every process in its panes gets SIGHUP
      await waitFor(() => !alive(shellPid), 5000, "the terminal's shell to go");
      expect(alive(scheduler.pid)).toBe(true);
      await waitFor(() => written().includes('after the hangup\n'), 15_000, 'the note, after the hangup');
      const s = await waitFor(
        async () => (await list()).schedules.find((x) => x.id === schedule.id && x.status !== 'firing'),
        10_000,
        'its outcome',
      );
      expect(s?.late).toBe(false);
      expect(['delivered', 'unconfirmed']).toContain(s?.status); // a `cat` pane shows no reaction to judge
    } finally {
      term.kill();
    }
  });

  it('opening the dashboard re-arms a killed scheduler: the missed check-in fires, marked late', async () => {
    const r = await tmo('schedule', '0.01', '--note', 'fired by the dashboard', '--target', pane, '--json');
    const { scheduler, schedule } = JSON.parse(r.stdout) as {
      scheduler: { pid: number };
      schedule: { id: string; dueAt: number };
    };
    process.kill(scheduler.pid, 'SIGKILL');
    await waitFor(() => Date.now() > schedule.dueAt + 300, 5000, 'the due time to pass');
    expect(written()).not.toContain('fired by the dashboard');
    // The dashboard, in a pane of another private server (its terminal), watching this one.
    const ui = privateTmux('orch-dash');
    try {
      const script = [
        `XDG_STATE_HOME=${shq(env['XDG_STATE_HOME'] ?? '')} XDG_CONFIG_HOME=${shq(env['XDG_CONFIG_HOME'] ?? '')}`,
        `CI=true ${shq(process.execPath)} ${shq(bin)} dash -L ${shq(t.socketName)}; sleep 600`,
      ].join(' ');
      newSession(ui, 'ui', script);
      await waitFor(() => written().includes('fired by the dashboard\n'), 15_000, 'the missed note');
      // Read from the store itself: `schedule list` would re-arm the scheduler too.
      const stored = () => JSON.parse(readFileSync(join(stateDir(), 'schedules.json'), 'utf8')) as Listed;
      const s = await waitFor(
        () => stored().schedules.find((x) => x.id === schedule.id && x.status !== 'firing'),
        10_000,
        'its outcome',
      );
      expect(s?.late).toBe(true);
      expect(ui.tmux('capture-pane', '-p', '-t', 'ui')).toContain(`-L ${t.socketName}`); // it is the dashboard
    } finally {
      ui.kill();
    }
  });
});
