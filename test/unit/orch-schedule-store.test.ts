import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../src/model/types.js';
import { OrchError } from '../../src/orchestrate/errors.js';
import { effectiveServer, parseMinutes } from '../../src/orchestrate/schedule.js';
import {
  FINISHED_KEEP,
  prune,
  readSchedules,
  type ScheduleEntry,
  schedulesPath,
  updateSchedules,
} from '../../src/orchestrate/schedule-store.js';
import { pidPath, runDaemon } from '../../src/orchestrate/scheduler.js';
import { restarted, restartProblem } from '../../src/orchestrate/server-instance.js';
import type { TmuxRunner } from '../../src/tmux/runner.js';
import { waitFor } from '../helpers/tmux.js';

const root = mkdtempSync(join(tmpdir(), 'orch-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `s${n++}`);

const entry = (over: Partial<ScheduleEntry>): ScheduleEntry => ({
  id: 'x',
  createdAt: 0,
  dueAt: 0,
  minutes: 1,
  note: 'n',
  target: '%1',
  paneId: '%1',
  server: { socketName: 'nowhere' },
  status: 'pending',
  ...over,
});

describe('minutes and servers', () => {
  it('accepts positive decimals only', () => {
    expect(parseMinutes('0.5')).toBe(0.5);
    expect(parseMinutes('.01')).toBe(0.01);
    expect(parseMinutes('90')).toBe(90);
    for (const bad of ['0', '-1', 'abc', '1e3', '', 'Infinity', '1,5', '99999999'])
      expect(() => parseMinutes(bad)).toThrow(OrchError);
  });

  it('binds a schedule to -L/-S, else to the server of $TMUX', () => {
    expect(effectiveServer({ socketName: 'a' }, { TMUX: '/tmp/x,1,0' })).toEqual({ socketName: 'a' });
    expect(effectiveServer({}, { TMUX: '/tmp/tmux-0/default,123,4' })).toEqual({
      socketPath: '/tmp/tmux-0/default',
    });
    expect(effectiveServer({}, { TMUX: '/tmp/od,d/sock,1,0' })).toEqual({ socketPath: '/tmp/od,d/sock' });
    expect(effectiveServer({}, {})).toEqual({});
  });
});

describe('schedules.json', () => {
  it('loses no update when many writers race (lock + atomic rename)', async () => {
    const dir = freshDir();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        updateSchedules(dir, (list) => {
          list.push(entry({ id: `id${i}`, dueAt: i }));
          return { result: undefined, write: true };
        }),
      ),
    );
    const all = await readSchedules(dir);
    expect(all.map((e) => e.id).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `id${i}`).sort());
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  });

  it('keeps a corrupt file aside instead of failing or silently overwriting it', async () => {
    const dir = freshDir();
    await updateSchedules(dir, () => ({ result: undefined, write: true }));
    writeFileSync(schedulesPath(dir), '{not json');
    expect(await readSchedules(dir)).toEqual([]);
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(true);
  });

  it('prunes finished entries (a week, at most FINISHED_KEEP), never pending ones', () => {
    const now = 10 * 24 * 3600_000;
    const list = [
      entry({ id: 'old', status: 'delivered', firedAt: 0 }),
      entry({ id: 'p', status: 'pending', dueAt: 0 }),
      ...Array.from({ length: FINISHED_KEEP + 5 }, (_, i) =>
        entry({ id: `d${i}`, status: 'delivered', firedAt: now - i }),
      ),
    ];
    const kept = prune(list, now);
    expect(kept.find((e) => e.id === 'p')).toBeDefined();
    expect(kept.find((e) => e.id === 'old')).toBeUndefined();
    expect(kept.length).toBe(FINISHED_KEEP + 1);
  });
});

describe('the scheduler loop (injected send)', () => {
  const fakeRunner: TmuxRunner = { server: {}, run: async () => ({ stdout: '', stderr: '' }) };

  it('fires overdue ones as late, due ones on time, records outcomes, then exits', async () => {
    const dir = freshDir();
    const now = Date.now();
    await updateSchedules(dir, (list) => {
      list.push(entry({ id: 'overdue', dueAt: now - 60_000, note: 'first' }));
      list.push(entry({ id: 'soon', dueAt: now + 150, paneId: '%2', note: 'second' }));
      list.push(entry({ id: 'refuse', dueAt: now + 100, paneId: '%3', note: 'third' }));
      list.push(entry({ id: 'stuck', status: 'firing', firingPid: 2 ** 22 + 12345 }));
      list.push(entry({ id: 'gone', status: 'cancelled', dueAt: now - 10 }));
      return { result: undefined, write: true };
    });
    const sent: string[] = [];
    await runDaemon({
      dir,
      runnerFor: () => fakeRunner,
      deps: {
        sendText: async (_r, target, text): Promise<SendOutcome> => {
          sent.push(`${target}:${text}`);
          const status = target === '%3' ? 'refused' : 'confirmed';
          return { status, target, paneId: target, bytes: text.length, detail: `fake ${status}` };
        },
      },
    });
    expect(sent.sort()).toEqual(['%1:first', '%2:second', '%3:third']);
    const byId = Object.fromEntries((await readSchedules(dir)).map((e) => [e.id, e]));
    expect(byId['overdue']).toMatchObject({ status: 'delivered', late: true });
    expect(byId['soon']).toMatchObject({ status: 'delivered', late: false });
    expect(byId['soon']?.firedAt).toBeGreaterThanOrEqual(now + 150);
    expect(byId['refuse']).toMatchObject({ status: 'refused', detail: 'fake refused' });
    expect(byId['stuck']).toMatchObject({ status: 'failed' });
    expect(byId['gone']).toMatchObject({ status: 'cancelled' });
    expect(existsSync(pidPath(dir))).toBe(false);
    expect(readFileSync(join(dir, 'scheduler.log'), 'utf8')).toMatch(/nothing pending/);
  });

  it('does not start a second daemon for a state dir with a live one; a reused pid is no daemon', async () => {
    const withCheckIn = async (): Promise<string> => {
      const dir = freshDir();
      await updateSchedules(dir, (list) => {
        list.push(entry({ id: 'a', dueAt: Date.now() - 1 }));
        return { result: undefined, write: true };
      });
      return dir;
    };
    const daemonRun = async (dir: string) => {
      let sends = 0;
      await runDaemon({
        dir,
        runnerFor: () => fakeRunner,
        deps: {
          sendText: async () => {
            sends++;
            return { status: 'confirmed', target: '%1', bytes: 1, detail: '' };
          },
        },
      });
      return { sends, status: (await readSchedules(dir))[0]?.status };
    };
    // A scheduler of that dir (by its command line), alive: this one leaves the check-in to it.
    const dir = await withCheckIn();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)', 'x/daemon-main.js', dir], {
      stdio: 'ignore',
    });
    try {
      await waitFor(
        () =>
          existsSync('/proc/self') === false ||
          readFileSync(`/proc/${other.pid}/cmdline`, 'utf8').includes(dir),
        5000,
        'the stand-in scheduler to start',
      );
      writeFileSync(pidPath(dir), String(other.pid));
      expect(await daemonRun(dir)).toEqual({ sends: 0, status: 'pending' });
    } finally {
      other.kill('SIGKILL');
    }
    // A live process that is no scheduler (a dead scheduler's pid given to another process): not trusted.
    if (!existsSync('/proc/self')) return; // without /proc, alive is all that can be told
    const reused = await withCheckIn();
    writeFileSync(pidPath(reused), String(process.ppid));
    expect(await daemonRun(reused)).toEqual({ sends: 1, status: 'delivered' });
  });
});

describe('the server instance a check-in is bound to', () => {
  const inst = { pid: 100, startTime: 1_000_000 };
  const created = 1_000_500_000; // ms: 500 s after that server started

  it('is the same server only when pid and start time match', () => {
    const e = { paneId: '%0', createdAt: created, serverInstance: inst };
    expect(restarted(e, inst)).toBe(false);
    expect(restarted(e, { ...inst, pid: 101 })).toBe(true);
    expect(restarted(e, { ...inst, startTime: inst.startTime + 1 })).toBe(true);
  });

  it('judges an older entry (no instance) by whether the server was already running when it was made', () => {
    const e = { paneId: '%0', createdAt: created };
    expect(restarted(e, inst)).toBe(false); // started 500 s before: the same server
    expect(restarted(e, { pid: 7, startTime: created / 1000 + 60 })).toBe(true); // started after
    expect(restarted(e, { pid: 7, startTime: Math.floor(created / 1000) })).toBe(true); // same second: unsure
  });

  it('says whether the id is another pane now or gone, and stays out of the way when tmux cannot answer', async () => {
    const runner = (stdout: string): TmuxRunner => ({
      server: {},
      run: async () => ({ stdout, stderr: '' }),
    });
    const e = { paneId: '%1', createdAt: created, serverInstance: inst };
    expect(await restartProblem(runner('100 1000000 %0\n100 1000000 %1\n'), e)).toBeUndefined();
    expect(await restartProblem(runner('9 1000900 %0\n9 1000900 %1\n'), e)).toMatch(
      /^the tmux server restarted: pane %1 is another pane now/,
    );
    expect(await restartProblem(runner('9 1000900 %0\n'), e)).toMatch(/pane %1 is gone/);
    const down: TmuxRunner = {
      server: {},
      run: async () => {
        throw new Error('no server running');
      },
    };
    expect(await restartProblem(down, e)).toBeUndefined();
  });
});
