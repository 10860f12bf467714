/**
 * Hostile: state files on an unlucky day — a crash mid-line, a full disk (ENOSPC, injected or /dev/full), a
 * directory in a file's place, a read-only state dir, a corrupt or half-valid schedules.json, one huge line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hookFile, socketPathFor } from '../../src/agenthooks/paths.js';
import { configDir, stateDir } from '../../src/config/paths.js';
import { makeDirs } from '../../src/config/state-file.js';
import { readScheduleFile, storeFs, updateSchedules } from '../../src/orchestrate/schedule-store.js';
import { log } from '../../src/orchestrate/scheduler.js';
import { type HistoryEntry, historyFile, lastSends, recordSendIn } from '../../src/send/send-history.js';
import { hintFile } from '../../src/tmux/capture-script.js';
import { runCli } from '../helpers/cli.js';
import { privateTmux } from '../helpers/tmux.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'tmo-hostile-state-'));
const entry = (paneId: string, text = 'hello'): HistoryEntry => ({
  time: Date.now(),
  paneId,
  target: paneId,
  status: 'confirmed',
  text,
});
const envOf = (home: string) => ({ XDG_STATE_HOME: home });
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
const original = { ...storeFs };
afterEach(() => Object.assign(storeFs, original));

describe('hostile: the send history', () => {
  it('a partial last line (a crash mid-write) swallows nothing: the next record stands on its own line', () => {
    const env = envOf(scratch());
    const dir = stateDir(env);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'history.jsonl'), `${JSON.stringify(entry('%1'))}\n{"time":17,"paneId":"%9","te`);
    expect(recordSendIn(dir, entry('%2', 'after the crash'))).toBeUndefined();
    const broken: number[] = [];
    const latest = lastSends(env, (n) => broken.push(n));
    expect(latest.get('%2')?.text).toBe('after the crash');
    expect(latest.get('%1')?.text).toBe('hello');
    expect(broken).toEqual([1]);
  });

  it('a write that fails is returned, never silent: a directory in its place, a full disk', () => {
    const dir = join(scratch(), 'state');
    mkdirSync(join(dir, 'history.jsonl'), { recursive: true });
    expect(recordSendIn(dir, entry('%1'))).toMatch(/cannot write the send history .*history\.jsonl: EISDIR/);
    const full = join(scratch(), 'state');
    mkdirSync(full, { recursive: true });
    symlinkSync('/dev/full', join(full, 'history.jsonl'));
    expect(recordSendIn(full, entry('%1'))).toMatch(/ENOSPC/);
  });

  it('`tmo send` whose history cannot be written: delivered, and says so on stderr and in --json', async () => {
    const t = privateTmux('tmo-hostile-hist');
    try {
      const pane = t.tmux('new-session', '-d', '-P', '-F', '#{pane_id}', '-s', 'w', 'cat').trim();
      const home = scratch();
      mkdirSync(join(stateDir(envOf(home)), 'history.jsonl'), { recursive: true });
      const r = await runCli(['-L', t.socketName, 'send', pane, '--json', '--', 'hello there'], {
        env: envOf(home),
      });
      const out = JSON.parse(r.stdout) as { status: string; historyError?: string };
      expect(['confirmed', 'unconfirmed']).toContain(out.status);
      expect(out.historyError).toMatch(/EISDIR/);
      expect(r.stderr).toMatch(/the message was delivered, but cannot write the send history/);
    } finally {
      t.kill();
    }
  });

  it('one huge line is trimmed away; the file stays bounded and 0600', () => {
    const dir = join(scratch(), 'state');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'history.jsonl'),
      `${JSON.stringify(entry('%1', 'x'.repeat(3 * 1024 * 1024)))}\n`,
      {
        mode: 0o644,
      },
    );
    expect(recordSendIn(dir, entry('%2', 'small'))).toBeUndefined();
    const file = join(dir, 'history.jsonl');
    expect(statSync(file).size).toBeLessThanOrEqual(1024 * 1024);
    expect(readFileSync(file, 'utf8')).toContain('"small"');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('hostile: schedules.json and its lock', () => {
  const good = (id: string, status = 'cancelled') => ({
    id,
    createdAt: 1,
    dueAt: Date.now(),
    minutes: 1,
    note: 'n',
    target: '%1',
    paneId: '%1',
    server: {},
    status,
    firedAt: Date.now(),
  });

  it('ENOSPC while writing the lock: the lock is released; the next command works', async () => {
    const dir = scratch();
    storeFs.open = (async (...args: Parameters<typeof original.open>) => {
      const handle = await original.open(...args);
      return Object.assign(handle, {
        writeFile: async () => {
          throw enospc();
        },
      });
    }) as typeof storeFs.open;
    await expect(updateSchedules(dir, () => ({ result: 1, write: true }))).rejects.toThrow(/ENOSPC/);
    expect(existsSync(join(dir, 'schedules.lock'))).toBe(false);
    Object.assign(storeFs, original);
    expect(await updateSchedules(dir, () => ({ result: 2, write: true }))).toBe(2);
  });

  it('ENOSPC while writing the file: the error surfaces, no temp file and no lock stay behind', async () => {
    const dir = scratch();
    storeFs.writeFile = (async (path: string, data: string) => {
      await original.writeFile(path, data.slice(0, 10));
      throw enospc();
    }) as typeof storeFs.writeFile;
    await expect(updateSchedules(dir, () => ({ result: 1, write: true }))).rejects.toThrow(/ENOSPC/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a stale lock is recognised: a dead pid, or an empty one left by a failed writer', async () => {
    const dir = scratch();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, 'schedules.lock'), String(dead));
    const t0 = Date.now();
    expect(await updateSchedules(dir, () => ({ result: 'a', write: false }))).toBe('a');
    writeFileSync(join(dir, 'schedules.lock'), '');
    const old = (Date.now() - 5000) / 1000;
    utimesSync(join(dir, 'schedules.lock'), old, old);
    expect(await updateSchedules(dir, () => ({ result: 'b', write: false }))).toBe('b');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a corrupt file is moved aside and said loudly: where, and how many check-ins were lost', async () => {
    const home = scratch();
    const dir = stateDir(envOf(home));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'schedules.json'), '{"version":1,"schedules":[{"id":"a1"},{"id":"b2","note":');
    const r = await runCli(['schedule', 'list', '--json'], { env: envOf(home) });
    expect(r.stderr).toMatch(
      /schedules\.json was corrupt .*moved to .*schedules\.json\.corrupt-\d+; 2 check-ins in it lost/,
    );
    expect((JSON.parse(r.stdout) as { problems: string[] }).problems[0]).toMatch(/2 check-ins in it lost/);
    // and again on the next list, until the user removes it
    const again = await runCli(['schedule', 'list'], { env: envOf(home) });
    expect(again.stderr).toMatch(/kept aside as .*corrupt-\d+/);
  });

  it('one malformed entry among good ones is kept and reported, not dropped at the next write', async () => {
    const dir = scratch();
    const file = join(dir, 'schedules.json');
    writeFileSync(
      file,
      JSON.stringify({ version: 1, schedules: [good('aaa111'), { id: 'broken', dueAt: 'soon' }] }),
    );
    const problems: string[] = [];
    await updateSchedules(dir, (list) => ({ result: list.length, write: true }), {
      onProblem: (p) => problems.push(p),
    });
    expect(problems[0]).toMatch(/1 malformed entry kept/);
    const after = await readScheduleFile(dir);
    expect(after.schedules.map((e) => e.id)).toEqual(['aaa111']);
    expect(after.malformed).toEqual([{ id: 'broken', dueAt: 'soon' }]);
  });
});

describe('hostile: the scheduler tells the truth', () => {
  it('a read-only state dir: `schedule list` says the scheduler could not start and exits non-zero', async () => {
    const home = scratch();
    const dir = stateDir(envOf(home));
    mkdirSync(dir, { recursive: true });
    const pending = {
      id: 'abc123',
      createdAt: Date.now(),
      dueAt: Date.now() + 3600_000,
      minutes: 60,
      note: 'n',
      target: '%1',
      paneId: '%1',
      server: { socketName: `tmo-hostile-none-${process.pid}` },
      status: 'pending',
    };
    writeFileSync(join(dir, 'schedules.json'), JSON.stringify({ version: 1, schedules: [pending] }));
    const root = process.getuid?.() === 0;
    // root ignores permissions: a read-only bind mount instead of chmod
    if (root) {
      execFileSync('mount', ['--bind', dir, dir]);
      execFileSync('mount', ['-o', 'remount,ro,bind', dir]);
    } else execFileSync('chmod', ['0500', dir]);
    try {
      for (let i = 0; i < 2; i++) {
        const r = await runCli(['schedule', 'list'], { env: envOf(home) });
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/scheduler: NOT running: it could not start: .*(EROFS|EACCES)/);
        expect(r.stdout).not.toMatch(/started now/);
        expect(r.stderr).toMatch(/the scheduler could not start/);
      }
      const json = await runCli(['schedule', 'list', '--json'], { env: envOf(home) });
      expect(JSON.parse(json.stdout).scheduler).toMatchObject({ running: false, started: false });
    } finally {
      if (root) execFileSync('umount', [dir]);
      else execFileSync('chmod', ['0700', dir]);
    }
  });

  it('every state file is 0600, scheduler.log too', async () => {
    const dir = scratch();
    await updateSchedules(dir, () => ({ result: 0, write: true }));
    await log(dir, 'a line');
    appendFileSync(join(dir, 'scheduler.log'), ''); // exists already: mode unchanged
    recordSendIn(dir, entry('%1'));
    for (const f of readdirSync(dir)) expect([f, statSync(join(dir, f)).mode & 0o777]).toEqual([f, 0o600]);
  });
});

describe('hostile: a FIFO or a device where a file of ours should be', () => {
  // Opening a FIFO waits for a writer: `tmo status` waited forever; /dev/zero grew it to 4.7 GB.
  it('the config: a clear error at once; the hint, the hook file, the history: as if absent', async () => {
    const t = privateTmux('tmo-fifo');
    const home = scratch();
    const env = { XDG_STATE_HOME: join(home, 's'), XDG_CONFIG_HOME: join(home, 'c') };
    try {
      t.tmux('new-session', '-d', '-s', 'work');
      const server = { socketName: t.socketName };
      const config = join(configDir(env), 'config.json');
      for (const file of [
        config,
        hintFile(env, server),
        hookFile(socketPathFor(server), env),
        historyFile(env),
      ])
        mkdirSync(join(file, '..'), { recursive: true });
      execFileSync('mkfifo', [config]);
      const status = ['-L', t.socketName, 'status', '--json'];
      const fifo = await runCli(status, { env, timeoutMs: 10_000 });
      expect(fifo.stderr).toMatch(/config\.json.*is a FIFO, not a file/);
      expect(fifo.code).toBe(1);
      rmSync(config);
      symlinkSync('/dev/zero', config);
      const zero = await runCli(status, { env, timeoutMs: 10_000 });
      expect(zero.stderr).toMatch(/is a character device, not a file/);
      rmSync(config);
      for (const file of [hintFile(env, server), hookFile(socketPathFor(server), env), historyFile(env)])
        execFileSync('mkfifo', [file]);
      for (const args of [status, ['-L', t.socketName, 'summary', '--json']]) {
        const r = await runCli(args, { env, timeoutMs: 10_000 });
        expect(r.stderr, args.join(' ')).toBe('');
        expect(r.code, args.join(' ')).toBe(0);
      }
    } finally {
      t.kill();
    }
  });
});

describe('hostile: a state dir that cannot be made', () => {
  it('HOME=/dev/null, no XDG directories: status answers (no config can be there), says nothing else', async () => {
    const t = privateTmux('tmo-devnull-home');
    try {
      t.tmux('new-session', '-d', '-s', 'work');
      const r = await runCli(['-L', t.socketName, 'status', '--json'], {
        env: { HOME: '/dev/null', XDG_STATE_HOME: '', XDG_CONFIG_HOME: '', XDG_CACHE_HOME: '' },
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).sessions.map((s: { name: string }) => s.name)).toEqual(['work']);
    } finally {
      t.kill();
    }
  });

  it('makeDirs makes nested dirs 0700, accepts one that exists, refuses a file in its place', () => {
    const dir = join(scratch(), 'a', 'b', 'c');
    makeDirs(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, '..')).mode & 0o777).toBe(0o700);
    makeDirs(dir);
    const file = join(scratch(), 'file');
    writeFileSync(file, '');
    expect(() => makeDirs(file)).toThrow(/EEXIST/);
    expect(() => makeDirs(join(file, 'below'))).toThrow(/ENOTDIR/);
  });

  it.skipIf(!existsSync('/proc/self'))(
    'a dir under procfs (mkdir says ENOENT with the parent there) is an error, not an endless retry',
    async () => {
      expect(() => makeDirs('/proc/tmo-no-such-dir/state')).toThrow(/ENOENT/);
      // `tmo status` with such a state dir answers (its hint and journal are best effort)
      const t = privateTmux('tmo-procstate');
      try {
        t.tmux('new-session', '-d', '-s', 'work');
        const r = await runCli(['-L', t.socketName, 'status', '--json'], {
          env: envOf('/proc/tmo-no-such-dir'),
          timeoutMs: 10_000,
        });
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout).sessions.map((s: { name: string }) => s.name)).toEqual(['work']);
      } finally {
        t.kill();
      }
    },
  );
});
