import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverOf } from '../../src/tmux/early-snapshot.js';
import { ProcessRunner, startEarly } from '../../src/tmux/runner.js';
import { runCli } from '../helpers/cli.js';
import { newSession, privateTmux } from '../helpers/tmux.js';

const dir = mkdtempSync(join(tmpdir(), 'tmo-early-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in tmux that logs each run's arguments and prints them; `fail` as an argument exits 1. */
const log = join(dir, 'calls.log');
const fakeTmux = join(dir, 'tmux');
// Every tmux client of ours runs as `tmux -u` (runner.ts UTF8_CLIENT): the stand-in logs what follows it.
writeFileSync(
  fakeTmux,
  `#!/bin/sh\n[ "$1" = -u ] || { echo "not -u: $*" >> '${log}'; exit 9; }\nshift\necho "$*" >> '${log}'\ncase "$*" in *fail*) echo "no server running on /tmp/x" >&2; exit 1;; esac\necho "ran $*"\n`,
  { mode: 0o755 },
);
chmodSync(fakeTmux, 0o755);
const calls = (): string[] => {
  try {
    return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

describe('a tmux call started early', () => {
  it('is taken by the runner asked for the very same call, once; any other call runs its own process', async () => {
    rmSync(log, { force: true });
    startEarly(fakeTmux, ['-L', 'x', 'list-sessions']);
    const runner = new ProcessRunner({ socketName: 'x' }, fakeTmux);
    await new Promise((r) => setTimeout(r, 300)); // the early call may finish before it is asked for
    expect((await runner.run(['list-sessions'])).stdout).toBe('ran -L x list-sessions\n');
    expect(calls()).toEqual(['-L x list-sessions']);
    // Taken once: the same call again is a new process; so are other servers, binaries and arguments.
    await runner.run(['list-sessions']);
    startEarly(fakeTmux, ['-L', 'y', 'list-sessions']);
    await runner.run(['list-sessions']);
    expect(calls()).toEqual([
      '-L x list-sessions',
      '-L x list-sessions',
      '-L y list-sessions',
      '-L x list-sessions',
    ]);
  });

  it('with input, is taken only by the same call with the same input', async () => {
    rmSync(log, { force: true });
    startEarly(fakeTmux, ['-L', 'x', 'source-file', '-'], 'one script');
    const runner = new ProcessRunner({ socketName: 'x' }, fakeTmux);
    await runner.run(['source-file', '-'], { input: 'another script' });
    await runner.run(['source-file', '-']);
    await runner.run(['source-file', '-'], { input: 'one script' });
    expect(calls()).toEqual(['-L x source-file -', '-L x source-file -', '-L x source-file -']);
  });

  it('fails as the call itself would', async () => {
    startEarly(fakeTmux, ['-L', 'x', 'fail']);
    const runner = new ProcessRunner({ socketName: 'x' }, fakeTmux);
    await expect(runner.run(['fail'])).rejects.toMatchObject({ code: 'NO_SERVER' });
  });
});

describe('serverOf (the server the early snapshot asks)', () => {
  it('reads -L/-S as tmux does: separate or attached values, long forms, the last one, -S over -L', () => {
    expect(serverOf(['status'], {})).toEqual({});
    expect(serverOf(['-L', 'a', 'status'], {})).toEqual({ socketName: 'a' });
    expect(serverOf(['status', '-Lb', '--json'], {})).toEqual({ socketName: 'b' });
    expect(serverOf(['--socket-name=c', 'status'], {})).toEqual({ socketName: 'c' });
    expect(serverOf(['--socket-name', 'd', '-L', 'e'], {})).toEqual({ socketName: 'e' });
    expect(serverOf(['-L', 'a', '-S', '/tmp/s'], {})).toEqual({ socketPath: '/tmp/s' });
    expect(serverOf(['--socket-path=/p', 'status'], {})).toEqual({ socketPath: '/p' });
    expect(serverOf(['status', '--', '-L', 'x'], {})).toEqual({});
  });
});

describe('tmo status (the bundle, a real server)', () => {
  it('asks tmux twice (the snapshot started early, which names the journal too, and the captures), then once', async () => {
    const t = privateTmux('tmo-early');
    try {
      newSession(t, 'one');
      const counted = join(dir, 'counted.log');
      const wrapper = join(dir, 'tmux-counted');
      writeFileSync(wrapper, `#!/bin/sh\necho "$2 $3 $4" >> '${counted}'\nexec tmux "$@"\n`, { mode: 0o755 });
      const env = { TMO_TMUX: wrapper, XDG_STATE_HOME: join(dir, 'state') };
      const r = await runCli(['-L', t.socketName, 'status', '--json'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { sessions: { name: string }[] }).sessions.map((s) => s.name)).toEqual([
        'one',
      ]);
      expect(readFileSync(counted, 'utf8').trim().split('\n')).toEqual([
        `-L ${t.socketName} list-sessions`,
        `-L ${t.socketName} display-message`,
      ]);
      // The next look at the same panes: their captures ride on the early snapshot call.
      rmSync(counted);
      const again = await runCli(['-L', t.socketName, 'status', '--json'], { env });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout.replace(/"timestamp": "[^"]*"/, '')).toBe(
        r.stdout.replace(/"timestamp": "[^"]*"/, ''),
      );
      expect(readFileSync(counted, 'utf8').trim().split('\n')).toEqual([`-L ${t.socketName} list-sessions`]);
    } finally {
      t.kill();
    }
  });
});
