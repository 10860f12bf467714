import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureScript } from '../../src/tmux/capture-script.js';
import { directCommand, runDirect, socketPath } from '../../src/tmux/direct.js';
import { FrameReader, frame, ints, MSG } from '../../src/tmux/imsg.js';
import { ProcessRunner } from '../../src/tmux/runner.js';
import { EXACT_SNAPSHOT_ARGS, parseSnapshot, SNAPSHOT_ARGS, withScript } from '../../src/tmux/snapshot.js';
import { newSession, newWindow, type PrivateTmux, privateTmux } from '../helpers/tmux.js';

const dir = mkdtempSync(join(tmpdir(), 'tmo-direct-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the tmux binary answers, exit status included (the way the runner runs it, see runner.ts). */
function viaBinary(t: PrivateTmux, args: readonly string[], env: NodeJS.ProcessEnv, input = '') {
  try {
    const stdout = execFileSync('tmux', ['-u', '-L', t.socketName, ...args], {
      env,
      input,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('a tmux call straight to the server socket, against the tmux binary', () => {
  let t: PrivateTmux;
  let path: string;
  let panes: string[];
  beforeAll(() => {
    t = privateTmux('tmo-direct');
    const hostile = newSession(t, 'naïve ⚡ "q" $x;y');
    const pane = newWindow(t, hostile, `printf 'wide 日本語 ✓ é\\ttab\\n'; exec sleep 600`);
    t.tmux('rename-window', '-t', pane, 'w ; x # {y}');
    t.tmux('select-pane', '-t', pane, '-T', 'tïtle ✳ with spaces');
    newSession(t, '-dash');
    panes = t.tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n');
    path = t.tmux('display-message', '-p', '#{socket_path}').trim();
  });
  afterAll(() => t.kill());

  it('answers the snapshot listings byte for byte as tmux does, hostile names and all', async () => {
    const env = process.env;
    for (const args of [SNAPSHOT_ARGS, EXACT_SNAPSHOT_ARGS]) {
      const direct = await runDirect(path, args, env);
      expect(direct).toEqual(viaBinary(t, args, env));
      // (tmux 3.3 stores this name with a backslash before `$`, 3.5 as given)
      expect(parseSnapshot(direct!.stdout).sessions.map((s) => s.name)).toContainEqual(
        expect.stringMatching(/^naïve ⚡ "q" \\?\$x;y$/),
      );
    }
  });

  it('feeds a capture script longer than one message as stdin, a gone pane included', async () => {
    // 150 captures of the live panes and one gone: well over 16 KiB of script.
    const ids = [...Array.from({ length: 50 }, () => panes).flat(), '%99999'];
    const plan = { marker: 'tmo-test-marker', ids, pids: [] };
    const script = captureScript(plan);
    expect(script.length).toBeGreaterThan(16 * 1024);
    const args = withScript(SNAPSHOT_ARGS);
    const direct = await runDirect(path, args, process.env, script);
    expect(direct).toEqual(viaBinary(t, args, process.env, script));
    expect(direct!.stdout).toContain('wide 日本語 ✓ é');
    expect(direct!.stdout.split('tmo-test-marker ').length - 1).toBe(ids.length);
  });

  it("gives tmux's error and exit status; under LC_ALL=C the names whole, as `tmux -u` does", async () => {
    const failing = ['list-panes', '-t', 'no-such-session'];
    const failed = await runDirect(path, failing, process.env);
    expect(failed).toEqual(viaBinary(t, failing, process.env));
    expect(failed!.code).toBe(1);
    expect(failed!.stderr).toMatch(/can't find/);
    // a client tmux does not take as UTF-8 gets `_` for every byte it cannot print (our separator too)
    const plain = { ...process.env, LC_ALL: 'C', TMUX: undefined };
    const names = ['list-sessions', '-F', '#{session_name}\x1f'];
    const bare = execFileSync('tmux', ['-L', t.socketName, ...names], { env: plain, encoding: 'utf8' });
    expect(bare).not.toContain('ï');
    const whole = await runDirect(path, names, plain);
    expect(whole).toEqual(viaBinary(t, names, plain));
    expect(whole!.stdout).toMatch(/^naïve ⚡ "q" .*\x1f$/m);
  });

  it('is how the runner reads: no tmux binary needed for a listing, needed for anything else', async () => {
    const saved = process.env['PATH'];
    process.env['PATH'] = dir; // no tmux on it
    try {
      const runner = new ProcessRunner({ socketName: t.socketName });
      expect((await runner.run(['list-sessions', '-F', '#{session_name}'])).stdout).toContain('-dash');
      await expect(runner.run(['list-panes', '-t', 'nope'])).rejects.toMatchObject({
        code: 'TARGET_NOT_FOUND',
      });
      await expect(runner.run(['rename-session', '-t', '-dash', 'x'])).rejects.toMatchObject({
        code: 'TMUX_MISSING',
      });
      // Turned off: the binary again.
      process.env['TMO_TMUX_DIRECT'] = '0';
      await expect(runner.run(['list-sessions'])).rejects.toMatchObject({ code: 'TMUX_MISSING' });
    } finally {
      process.env['PATH'] = saved;
      delete process.env['TMO_TMUX_DIRECT'];
    }
    // The server lived through every call above.
    expect(t.tmux('display-message', '-p', '#{session_name}')).not.toBe('');
  });

  it('leaves to the binary a call it cannot put in one message: a command or a $TERM too long', async () => {
    const long = 'x'.repeat(20_000);
    expect(await runDirect(path, ['display-message', '-p', long], process.env)).toBeUndefined();
    expect(await runDirect(path, ['list-sessions'], { ...process.env, TERM: long })).toBeUndefined();
    const runner = new ProcessRunner({ socketName: t.socketName });
    // …which then says what is wrong in its own words
    await expect(runner.run(['display-message', '-p', long])).rejects.toMatchObject({
      code: 'TMUX_FAILED',
      stderr: expect.stringContaining('command too long'),
    });
  });

  it('leaves the binary to tell of a server that is not there', async () => {
    const runner = new ProcessRunner({ socketName: `${t.socketName}-none` });
    await expect(runner.run(['list-sessions'])).rejects.toMatchObject({ code: 'NO_SERVER' });
    expect(await runDirect(join(dir, 'no-socket'), ['list-sessions'], process.env)).toBeUndefined();
  });
});

describe('what goes direct', () => {
  it('only lists of read-only commands, and `source-file -` alone', () => {
    expect(directCommand(['-L', 'x', 'list-panes', '-a', ';', 'display-message', '-p', 'x'])).toEqual([
      'list-panes',
      '-a',
      ';',
      'display-message',
      '-p',
      'x',
    ]);
    expect(directCommand(withScript(SNAPSHOT_ARGS))).toBeDefined();
    expect(directCommand(['send-keys', '-t', '%1', 'x'])).toBeUndefined();
    expect(directCommand(['list-panes', ';', 'kill-server'])).toBeUndefined();
    expect(directCommand(['source-file', '/etc/x.conf'])).toBeUndefined();
    expect(directCommand(['source-file', '-', 'more'])).toBeUndefined();
    expect(directCommand(['-S', '/x'])).toBeUndefined();
  });

  it('finds the socket as tmux does: -S, $TMUX, else tmux-<uid> under $TMUX_TMPDIR or /tmp, if it is ours alone', () => {
    const uid = process.getuid!();
    const base = mkdtempSync(join(dir, 'sock-'));
    const env = { TMUX_TMPDIR: base };
    expect(socketPath(['-S', 'rel/sock'], env)).toBe('rel/sock');
    expect(socketPath([], { ...env, TMUX: '/run/t/s,123,0' })).toBe('/run/t/s');
    expect(socketPath(['-L', 'n'], env)).toBeUndefined(); // no directory: no server in it
    mkdirSync(`${base}/tmux-${uid}`, { mode: 0o700 });
    expect(socketPath(['-L', 'n'], env)).toBe(`${base}/tmux-${uid}/n`);
    expect(socketPath([], { ...env, TMUX: '' })).toBe(`${base}/tmux-${uid}/default`);
    expect(socketPath(['-L', 'n'], { ...env, TMUX: '/run/t/s,123,0' })).toBe(`${base}/tmux-${uid}/n`);
    chmodSync(`${base}/tmux-${uid}`, 0o777);
    expect(socketPath(['-L', 'n'], env)).toBeUndefined(); // tmux: "unsafe permissions"
  });
});

describe('a server that is not the tmux this speaks to', () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const s of servers) s.close();
  });
  /** A socket server that records what a client sends and answers `reply` to its command. */
  function fake(reply: (frames: { type: number; data: Buffer }[]) => Buffer | 'close') {
    const sock = join(dir, `fake-${servers.length}`);
    const got: { type: number; data: Buffer }[] = [];
    const server = createServer((c) => {
      const reader = new FrameReader();
      c.on('data', (chunk) => {
        reader.push(chunk, (type, buf, start, end) => {
          got.push({ type, data: Buffer.from(buf.subarray(start, end)) });
          if (type !== MSG.COMMAND) return;
          const answer = reply(got);
          if (answer === 'close') c.destroy();
          else c.write(answer);
        });
      });
    });
    server.listen(sock);
    servers.push(server);
    return { sock, got, ready: new Promise((r) => server.once('listening', r)) };
  }

  it("sends tmux's identify messages, each of the size the server checks, then the command", async () => {
    const f = fake(() => Buffer.concat([frame(MSG.WRITE_OPEN, ints(1, 1, 0)), frame(MSG.EXIT, ints(0))]));
    await f.ready;
    const r = await runDirect(f.sock, ['list-sessions', '-F', '#{session_name}'], {
      TERM: 'xterm',
      LANG: 'x.UTF-8',
    });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(f.got.map((m) => m.type)).toEqual([100, 101, 102, 108, 107, 106, 200]);
    const [flags, term, tty, cwd, pid, done, command] = f.got.map((m) => m.data);
    expect(flags!.length).toBe(4);
    expect(flags!.readInt32LE(0)).toBe(0x10000);
    expect(term!.toString()).toBe('xterm\0');
    expect(tty!.toString()).toBe('\0');
    expect(cwd!.toString()).toBe(`${process.cwd()}\0`);
    expect(pid!.length).toBe(4);
    expect(done!.length).toBe(0);
    expect(command!.readInt32LE(0)).toBe(3);
    expect(command!.subarray(4).toString()).toBe('list-sessions\0-F\0#{session_name}\0');
  });

  it('gives up — the runner then runs tmux — on another protocol version, a closed socket or a surprise', async () => {
    for (const answer of [
      frame(MSG.VERSION, Buffer.alloc(0)),
      'close' as const,
      frame(207, Buffer.alloc(0)), // MSG_READY: an attached client's
      frame(MSG.WRITE_OPEN, ints(3, -1, 0), Buffer.from('/tmp/file\0')),
      Buffer.alloc(20, 0xff),
    ]) {
      const f = fake(() => answer);
      await f.ready;
      expect(await runDirect(f.sock, ['list-sessions'], {})).toBeUndefined();
    }
  });
});
