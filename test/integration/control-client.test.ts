import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient, continueArgs } from '../../src/control/client.js';
import { ControlRunner } from '../../src/control/runner.js';
import type { TmoEvent } from '../../src/model/events.js';
import { tmuxArg } from '../../src/orchestrate/tmux-args.js';
import { createEmbeddedSource, type EmbeddedSource } from '../../src/source/embedded.js';
import { takeSnapshot } from '../../src/tmux/snapshot.js';
import { newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

const bin = (name: string) => fileURLToPath(new URL(`../fixtures/control/bin/${name}`, import.meta.url));

describe('control client and runner', () => {
  let t: PrivateTmux;
  let client: ControlClient;
  let runner: ControlRunner;
  beforeAll(async () => {
    t = privateTmux('tmo-control');
    newSession(t, 'main', 'sh');
    client = new ControlClient({ server: { socketName: t.socketName }, session: 'main' });
    await client.start();
    runner = new ControlRunner(t.runner);
    runner.setClient(client);
  });
  afterAll(async () => {
    await client.stop();
    t.kill();
  });

  it('answers like one process per call (whole snapshot)', async () => {
    const viaControl = await takeSnapshot(runner);
    const viaProcess = await takeSnapshot(t.runner);
    expect({ ...viaControl, takenAt: 0 }).toEqual({ ...viaProcess, takenAt: 0 });
    expect(runner.viaControl).toBeGreaterThan(0);
  });

  it('passes any argument through its quoting byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmo-quote-'));
    try {
      const weird = [
        'a b',
        '$HOME ~ #{pane_id} ; x;',
        'q"uo\'te\\',
        'tab\there\nnl\x01\x1b[31m',
        'é € 😀',
        '-R',
        '%1',
        '%-',
        '%if',
        '~x',
      ];
      for (const [i, text] of weird.entries()) {
        await runner.run(['set-buffer', '-b', `q${i}`, '--', text]);
        const file = join(dir, `b${i}`);
        await runner.run(['save-buffer', '-b', `q${i}`, file]);
        expect(readFileSync(file, 'utf8')).toBe(text);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round-trips any string without NUL through its quoting and tmux, like a tmux process (property)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmo-quote-'));
    const file = join(dir, 'b');
    // Every code point but NUL (tmux arguments are C strings), with what tmux's parsers treat specially made
    // likely: quotes, escapes, $, ~, #, ;, braces, control characters, a leading '-'. A trailing ';' is
    // escaped by tmuxArg, as every caller that passes user text in an argument does.
    const special = fc.constantFrom(
      ...'"\'\\$~#;{}%-\t\n\r\x1b\x7f '.split(''),
      'Enter',
      '#{pane_id}',
      '#(id)',
      '%if',
      '%hidden',
    );
    const any = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0');
    const roundTrip = async (via: typeof runner | typeof t.runner, text: string) => {
      await via.run(['set-buffer', '-b', 'prop', '--', tmuxArg(text)]);
      await via.run(['save-buffer', '-b', 'prop', file]);
      return readFileSync(file, 'utf8');
    };
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(special, any), { minLength: 1, maxLength: 40 }), async (parts) => {
          const text = parts.join('');
          expect(await roundTrip(runner, text)).toBe(text);
          expect(await roundTrip(t.runner, text)).toBe(text);
        }),
        { numRuns: 150 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000); // 300 tmux processes: 20 s on a 2-core machine at load ≈ 50

  it('the continue it sends for a paused pane is a command tmux accepts', async () => {
    // Bare, `%1:continue` is a syntax error to tmux's parser: the pane would have stayed paused for good.
    const pane = t.tmux('display-message', '-p', '-t', 'main', '#{pane_id}').trim();
    const reply = await client.command(continueArgs(pane));
    expect(reply).toMatchObject({ ok: true });
  });

  it('reports tmux errors as TmuxErrors and stops a chain at the first error', async () => {
    await expect(runner.run(['list-panes', '-t', '%9999'])).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
    });
    await expect(
      runner.run(['list-panes', '-t', '%9999', ';', 'set-buffer', '-b', 'never', 'x']),
    ).rejects.toMatchObject({ code: 'TARGET_NOT_FOUND' });
    await expect(t.runner.run(['show-buffer', '-b', 'never'])).rejects.toThrow();
  });

  it('is not counted as a human attached', async () => {
    const snap = await takeSnapshot(t.runner);
    expect(snap.sessions.find((s) => s.name === 'main')).toMatchObject({ attached: false, clients: 0 });
    expect(t.tmux('list-clients', '-F', '#{client_control_mode}').trim()).toBe('1');
  });

  /** A client whose commands time out after 1.5 s of tmux's silence. */
  const heldClient = async () => {
    const c = new ControlClient({
      server: { socketName: t.socketName },
      session: 'main',
      commandTimeoutMs: 1500,
    });
    await c.start();
    return c;
  };
  /** This process not running for `ms` (a synchronous call, a starved CPU). */
  const holdStill = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

  it('held up longer than its command timeout, it reads the reply waiting in its pipe instead of closing', async () => {
    // Our process not running for a while (a synchronous call, a starved CPU) must not count against tmux:
    // the timer fires first in the next event-loop turn, before the reply already in the pipe is read.
    const held = await heldClient();
    try {
      const reply = held.command(['display-message', '-p', 'late']);
      await new Promise((r) => setImmediate(r)); // the line has left (commands go out a tick later, together)
      holdStill(2500); // this process holds still
      await expect(reply).resolves.toMatchObject({ ok: true, lines: ['late'] });
      expect(held.isOpen).toBe(true);
    } finally {
      await held.stop();
    }
  });

  it("a command issued right before a hold-up is timed from when it left, not from tmux's last byte", async () => {
    const held = await heldClient();
    try {
      // The line is still corked (it leaves a tick later) when this process holds still.
      const reply = held.command(['display-message', '-p', 'corked']);
      holdStill(2500);
      await expect(reply).resolves.toMatchObject({ ok: true, lines: ['corked'] });
      expect(held.isOpen).toBe(true);
    } finally {
      await held.stop();
    }
  });

  it('keeps pipelined commands in order', async () => {
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => runner.run(['display-message', '-p', `n${i}`])),
    );
    expect(replies.map((r) => r.stdout)).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}\n`));
  });
});

describe('embedded source recovery', () => {
  let t: PrivateTmux;
  let source: EmbeddedSource | undefined;
  let dir: string;
  beforeAll(() => {
    t = privateTmux('tmo-recover');
    dir = mkdtempSync(join(tmpdir(), 'tmo-recover-'));
  });
  afterEach(async () => {
    await source?.stop();
    source = undefined;
    delete process.env['TMO_TEST_CONTROL_OK'];
  });
  afterAll(() => {
    t.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const watch = (s: EmbeddedSource) => {
    const events: TmoEvent[] = [];
    s.subscribe((e) => events.push(e));
    return (pred: (e: TmoEvent) => boolean, what: string) => waitFor(() => events.find(pred), 8000, what);
  };

  it('survives kill-server and a restart', async () => {
    newSession(t, 'first', 'sh');
    source = createEmbeddedSource({ server: { socketName: t.socketName } });
    const find = watch(source);
    await source.start();
    expect(source.mode).toBe('control');
    t.kill();
    await find((e) => e.type === 'server.down', 'server.down');
    expect(source.getState().snapshot.server.running).toBe(false);
    newSession(t, 'second', 'sh');
    await find((e) => e.type === 'session.created' && e.session === 'second', 'session after restart');
    await waitFor(() => source?.mode === 'control', 8000, 'control mode again');
    expect(source.getState().snapshot.server.running).toBe(true);
    const events: TmoEvent[] = [];
    source.subscribe((e) => events.push(e));
    t.tmux('new-window', '-d', '-t', 'second:', '-n', 'after');
    await waitFor(() => events.find((e) => e.type === 'window.created' && e.window === 'after'), 5000);
  });

  it('lets the server exit when the last user session closes, as it would without tmo', async () => {
    newSession(t, 'only', 'sh');
    for (const name of t.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n'))
      if (name !== 'only') t.tmux('kill-session', '-t', `=${name}`);
    source = createEmbeddedSource({ server: { socketName: t.socketName }, pollIntervalMs: 100 });
    const find = watch(source);
    await source.start();
    expect(source.mode).toBe('control');
    t.tmux('kill-session', '-t', 'only');
    await find((e) => e.type === 'session.removed' && e.session === 'only', 'session.removed');
    await find((e) => e.type === 'server.down', 'server.down');
    expect(() => t.tmux('list-sessions')).toThrow();
  });

  it('falls back to one process per call when control mode is refused, and comes back', async () => {
    newSession(t, 'fb', 'sh');
    const flag = join(dir, 'ok');
    process.env['TMO_TEST_CONTROL_OK'] = flag;
    source = createEmbeddedSource({
      server: { socketName: t.socketName },
      controlBinary: bin('tmux-fails'),
      pollIntervalMs: 100,
    });
    const find = watch(source);
    await source.start();
    expect(source.mode).toBe('polling');
    t.tmux('new-window', '-d', '-t', 'fb:', '-n', 'polled');
    await find((e) => e.type === 'window.created' && e.window === 'polled', 'window via polling');
    writeFileSync(flag, '');
    await waitFor(() => source?.mode === 'control', 8000, 'back to control mode');
    t.tmux('new-window', '-d', '-t', 'fb:', '-n', 'live');
    await find((e) => e.type === 'window.created' && e.window === 'live', 'window via control');
  });

  it('keeps agent states current by polling while control mode is unavailable', async () => {
    newSession(t, 'polled-agent', 'sh');
    t.tmux('new-window', '-d', '-t', 'polled-agent:', '-n', 'agent', bin('claude'));
    const pane = t.tmux('display-message', '-p', '-t', 'polled-agent:agent', '#{pane_id}').trim();
    source = createEmbeddedSource({
      server: { socketName: t.socketName },
      controlBinary: bin('tmux-fails'),
      pollIntervalMs: 100,
      idleDebounceMs: 100,
    });
    const find = watch(source);
    await source.start();
    expect(source.mode).toBe('polling');
    await find((e) => e.type === 'agent.status' && e.paneId === pane && e.state === 'idle', 'idle');
    t.tmux('send-keys', '-t', pane, '-l', 'go');
    t.tmux('send-keys', '-t', pane, 'Enter');
    await find((e) => e.type === 'agent.status' && e.paneId === pane && e.state === 'working', 'working');
  });

  it('falls back when control mode hangs', async () => {
    newSession(t, 'hang', 'sh');
    source = createEmbeddedSource({
      server: { socketName: t.socketName },
      controlBinary: bin('tmux-hangs'),
      commandTimeoutMs: 300,
      pollIntervalMs: 100,
    });
    const find = watch(source);
    await source.start();
    expect(source.mode).toBe('polling');
    t.tmux('new-window', '-d', '-t', 'hang:', '-n', 'still');
    await find((e) => e.type === 'window.created' && e.window === 'still', 'window while hung');
  });
});

describe('control client against a scripted server', () => {
  it('continues a paused pane at once, never sends an empty line, and decodes output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmo-fake-'));
    const log = join(dir, 'log');
    writeFileSync(log, '');
    process.env['TMO_FAKE_LOG'] = log;
    const output: string[] = [];
    const client = new ControlClient({
      server: { socketName: 'unused' },
      session: 'fake',
      binary: bin('tmux-fake'),
      onOutput: (_pane, text) => output.push(text),
    });
    try {
      await client.start();
      const reply = await client.command(['list-panes', '-F', '']);
      expect(reply.ok).toBe(true);
      await waitFor(
        () => readFileSync(log, 'utf8').includes('refresh-client -A "%1:continue"'),
        5000,
        'continue',
      );
      const lines = readFileSync(log, 'utf8').split('\n').slice(0, -1);
      expect(lines).toContain('list-panes -F ""');
      expect(lines.every((l) => l.length > 0)).toBe(true);
      await waitFor(() => output.join('').includes('got 2\r\n'), 5000, 'output');
    } finally {
      await client.stop();
      delete process.env['TMO_FAKE_LOG'];
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('waits for a reply that comes late behind a stream of output (tmux is busy, not hung)', async () => {
    const output: string[] = [];
    const client = new ControlClient({
      server: { socketName: 'unused' },
      session: 'slow',
      binary: bin('tmux-slow-reply'),
      commandTimeoutMs: 400, // each reply comes ≈ 1.2 s after its command, output 0.1 s apart meanwhile
      onOutput: (_pane, text) => output.push(text),
    });
    try {
      await client.start();
      await expect(client.command(['list-panes'])).resolves.toMatchObject({ ok: true, lines: ['ok'] });
      expect(output.join('')).toContain('line 12');
      expect(client.isOpen).toBe(true);
    } finally {
      await client.stop();
    }
  });

  it('rejects pending commands when the client hangs, instead of waiting forever', async () => {
    const client = new ControlClient({
      server: { socketName: 'unused' },
      session: 'x',
      binary: bin('tmux-hangs'),
      commandTimeoutMs: 200,
    });
    await expect(client.start()).rejects.toMatchObject({ reason: 'timeout' });
    expect(client.isOpen).toBe(false);
  });
});
