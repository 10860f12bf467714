import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TmoEvent } from '../../src/model/events.js';
import { createEmbeddedSource, type EmbeddedSource } from '../../src/source/embedded.js';
import { hiddenSessions, newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

const fakeClaude = fileURLToPath(new URL('../fixtures/control/bin/claude', import.meta.url));

const LAYOUT = '#{session_name}:#{window_index} #{window_id} #{window_name} #{window_width}x#{window_height}';

function collect(source: EmbeddedSource) {
  const events: TmoEvent[] = [];
  source.subscribe((e) => events.push(e));
  let from = 0;
  /** The first matching event since the last mark(). */
  const find = (pred: (e: TmoEvent) => boolean, what = 'event') =>
    waitFor(() => events.slice(from).find(pred), 8000, what);
  const mark = () => {
    from = events.length;
  };
  return { events, find, mark };
}

const hiddenOf = (t: PrivateTmux): string => hiddenSessions(t)[0] ?? 'none';

/** The user's view: everything but our hidden sessions. */
const userLines = (t: PrivateTmux, ...args: string[]) =>
  t
    .tmux(...args)
    .split('\n')
    .filter((l) => l && !l.startsWith('__tmo_'))
    .sort()
    .join('\n');

describe('embedded source on a private tmux server', () => {
  let t: PrivateTmux;
  let source: EmbeddedSource | undefined;
  beforeAll(() => {
    t = privateTmux('tmo-embedded');
    // plain sh everywhere: a login bash's rc files can be slow (or block on locks) on a busy machine
    newSession(t, 'base', 'sh');
    t.tmux('set-option', '-g', 'default-shell', '/bin/sh');
  });
  afterEach(async () => {
    await source?.stop();
    source = undefined;
  });
  afterAll(() => t.kill());

  it('fires every structural, output and agent event when caused', async () => {
    newSession(t, 'alpha');
    source = createEmbeddedSource({
      server: { socketName: t.socketName },
      idleDebounceMs: 100,
      output: 'all',
    });
    const { find, mark, events } = collect(source);
    await source.start();
    expect(source.mode).toBe('control');
    await find((e) => e.type === 'server.up', 'server.up');
    await find(
      (e) => e.type === 'snapshot' && e.snapshot.sessions.some((s) => s.name === 'alpha'),
      'snapshot',
    );

    t.tmux('new-session', '-d', '-s', 'beta', '-x', '100', '-y', '30', 'sh');
    await find((e) => e.type === 'session.created' && e.session === 'beta', 'session.created');
    t.tmux('rename-session', '-t', 'beta', 'gamma');
    await find(
      (e) => e.type === 'session.renamed' && e.session === 'gamma' && e.oldName === 'beta',
      'renamed',
    );
    t.tmux('new-window', '-d', '-t', 'gamma:', '-n', 'w2');
    await find(
      (e) => e.type === 'window.created' && e.window === 'w2' && e.session === 'gamma',
      'window.created',
    );
    t.tmux('rename-window', '-t', 'gamma:w2', 'w3');
    await find(
      (e) => e.type === 'window.renamed' && e.window === 'w3' && e.oldName === 'w2',
      'window.renamed',
    );
    t.tmux('select-window', '-t', 'gamma:w3');
    await find((e) => e.type === 'window.activated' && e.window === 'w3', 'window.activated');
    t.tmux('kill-window', '-t', 'gamma:w3');
    await find((e) => e.type === 'window.removed' && e.window === 'w3', 'window.removed');
    // output of a pane in a session we are not attached to
    const pane = t.tmux('display-message', '-p', '-t', 'gamma:', '#{pane_id}').trim();
    const win = t.tmux('display-message', '-p', '-t', pane, '#{window_id}').trim();
    // output flows once the window is linked into our hidden session (a few ms after it appears)
    await waitFor(
      () =>
        t
          .tmux('list-windows', '-a', '-F', '#{window_id}')
          .split('\n')
          .filter((w) => w === win).length === 2,
      5000,
      'window linked',
    );
    t.tmux('send-keys', '-t', pane, '-l', 'echo marker-$((6*7))');
    t.tmux('send-keys', '-t', pane, 'Enter');
    await find(
      (e) => e.type === 'pane.output' && e.paneId === pane && e.text.includes('marker-42'),
      'output',
    ).catch((e) => {
      throw new Error(
        `${e} ${pane} ${JSON.stringify(events.filter((x) => x.type === 'pane.output').slice(-5))} ${t.tmux('list-windows', '-a', '-F', '#{session_name} #{window_id} #{pane_id}')} ${source?.mode}`,
      );
    });
    t.tmux('kill-session', '-t', 'gamma');
    await find((e) => e.type === 'session.removed' && e.session === 'gamma', 'session.removed');

    // agent states: a fake `claude` goes idle → working → waiting → idle
    t.tmux('new-window', '-d', '-t', 'alpha:', '-n', 'agent', fakeClaude);
    const agent = t.tmux('display-message', '-p', '-t', 'alpha:agent', '#{pane_id}').trim();
    await find((e) => e.type === 'agent.status' && e.paneId === agent && e.state === 'idle', 'agent idle');
    for (const [input, state] of [
      ['go', 'working'],
      ['ask', 'waiting'],
      ['done', 'idle'],
      ['spin', 'working'], // the title alone (seen through the title subscription)
      ['done', 'idle'],
    ] as const) {
      mark();
      t.tmux('send-keys', '-t', agent, '-l', input);
      t.tmux('send-keys', '-t', agent, 'Enter');
      const seen = await find(
        (e) => e.type === 'agent.status' && e.paneId === agent && e.state === state && e.previous !== state,
        `agent ${state}`,
      );
      expect(seen).toMatchObject({ kind: 'claude', session: 'alpha', window: 'agent' });
    }
    expect(source.getState().agents[agent]?.state).toBe('idle');
  });

  it("capture: a pane's screen, or an error for a pane that is not there (never an empty success)", async () => {
    newSession(t, 'cap', "printf 'hello capture\\n'; exec sleep 600");
    source = createEmbeddedSource({ server: { socketName: t.socketName }, output: 'all' });
    await source.start();
    const pane = t.tmux('list-panes', '-t', '=cap', '-F', '#{pane_id}').trim();
    await waitFor(async () => (await source!.capture(pane)).includes('hello capture'), 5000, 'the screen');
    await expect(source.capture('%99999')).rejects.toThrow(/no such pane: %99999/);
    t.tmux('kill-session', '-t', '=cap');
  });

  it('loses nothing while 50 panes write concurrently', async () => {
    const sessionId = newSession(t, 'flood');
    for (let i = 0; i < 49; i++) t.tmux('new-window', '-d', '-t', `${sessionId}:`, 'cat');
    const panes = t.tmux('list-panes', '-s', '-t', sessionId, '-F', '#{pane_id}').trim().split('\n');
    source = createEmbeddedSource({ server: { socketName: t.socketName }, output: 'all' });
    const text = new Map<string, string>();
    const lost = new Set<string>();
    source.subscribe((e) => {
      if (e.type !== 'pane.output') return;
      text.set(e.paneId, (text.get(e.paneId) ?? '') + e.text);
      if (e.lost) lost.add(e.paneId);
    });
    await source.start();
    await waitFor(() => source?.getState().snapshot.sessions.some((s) => s.name === 'flood'), 5000);
    const lines = 40;
    // Each pane prints 40 numbered lines at once (a shell loop in the pane's own shell). One tmux call
    // restarts them all: 50 synchronous calls would hold this process (our reader) up for seconds on a
    // busy machine, long enough for tmux to pause the panes (pause-after) and drop their output.
    t.tmux(
      ...panes.flatMap((p, i) => [
        ...(i ? [';'] : []),
        'respawn-pane',
        '-k',
        '-t',
        p,
        `for i in $(seq 1 ${lines}); do echo "L-${p}-$i"; done; exec cat`,
      ]),
    );
    const count = (p: string) => (text.get(p) ?? '').match(new RegExp(`L-${p}-\\d+`, 'g'))?.length ?? 0;
    try {
      // A pane tmux dropped output of is marked `lost`: fail at once rather than wait for lines never coming.
      await waitFor(() => lost.size > 0 || panes.every((p) => count(p) === lines), 60_000, 'all lines');
      expect([...lost]).toEqual([]);
      expect(panes.reduce((n, p) => n + count(p), 0)).toBe(panes.length * lines);
    } finally {
      t.tmux('kill-session', '-t', sessionId); // 50 windows left behind would weigh on the next tests
    }
  }, 90_000); // 5 s alone

  it("leaves the user's sessions exactly as they were", async () => {
    newSession(t, 'keep');
    t.tmux('new-window', '-d', '-t', 'keep:', '-n', 'two');
    t.tmux('set-option', '-w', '-t', 'keep:two', 'aggressive-resize', 'on');
    const windows = () => userLines(t, 'list-windows', '-a', '-F', LAYOUT);
    const sessions = () =>
      userLines(t, 'list-sessions', '-F', '#{session_name} #{session_windows} #{session_attached}');
    const before = [windows(), sessions()];
    source = createEmbeddedSource({ server: { socketName: t.socketName }, output: 'all' });
    await source.start();
    await waitFor(() => t.tmux('list-windows', '-a', '-F', '#{session_name}').includes('__tmo_'), 5000);
    await source.settled();
    expect([windows(), sessions()]).toEqual(before);
    await source.stop();
    source = undefined;
    expect(t.tmux('list-sessions', '-F', '#{session_name}')).not.toContain('__tmo_');
    expect([windows(), sessions()]).toEqual(before);
    t.tmux('kill-session', '-t', 'keep');
  });

  it('never resizes windows a sized client looks at (window-size latest, aggressive-resize)', async () => {
    newSession(t, 'sized');
    // A fixed name: tmux's automatic rename may correct a name taken before the shell's exec (`tmux` → `sh`)
    // at any later moment — a change these comparisons of sizes are not about.
    t.tmux('rename-window', '-t', 'sized:0', 'main');
    t.tmux('new-window', '-d', '-t', 'sized:', '-n', 'aggr');
    t.tmux('set-option', '-w', '-t', 'sized:aggr', 'aggressive-resize', 'on');
    // a stand-in for a person's terminal: a control client WITHOUT ignore-size, 150x50
    const human = spawn('tmux', ['-L', t.socketName, '-C', 'attach', '-t', 'sized'], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, TMUX: '' },
    });
    let humanOut = '';
    human.stdout.on('data', (d: Buffer) => {
      humanOut += d.toString();
    });
    try {
      human.stdin.write('refresh-client -C 150x50\n');
      const sizes = () => userLines(t, 'list-windows', '-a', '-F', LAYOUT);
      await waitFor(
        () => {
          const ok = sizes()
            .split('\n')
            .some((l) => l.startsWith('sized:0 ') && l.endsWith('150x50'));
          if (!ok) human.stdin.write('refresh-client -C 150x50\n'); // idempotent: until it attached
          return ok;
        },
        5000,
        'human-sized windows',
      ).catch((e) => {
        throw new Error(`${e}: ${sizes()} ${humanOut}`);
      });
      const before = sizes();
      source = createEmbeddedSource({ server: { socketName: t.socketName }, output: 'all' });
      await source.start();
      await waitFor(
        () => t.tmux('list-windows', '-t', hiddenOf(t), '-F', '#{window_id}').split('\n').length >= 3,
        5000,
        'linked',
      );
      await source.settled();
      expect(sizes()).toBe(before);
      // the human switches to the aggressive-resize window: it takes the human's size, not ours
      human.stdin.write('select-window -t :aggr\n');
      await waitFor(() => sizes().includes('aggr 150x50'), 5000, 'aggr follows the human');
      const during = sizes();
      await source.stop();
      source = undefined;
      expect(sizes()).toBe(during);
    } finally {
      human.kill();
    }
    t.tmux('kill-session', '-t', 'sized');
  });

  it('by default streams only the windows that hold an agent', async () => {
    newSession(t, 'mixed', 'sh');
    t.tmux('new-window', '-d', '-t', 'mixed:', '-n', 'agent', fakeClaude);
    const [shell, agent] = t.tmux('list-windows', '-t', 'mixed', '-F', '#{window_id}').trim().split('\n');
    source = createEmbeddedSource({ server: { socketName: t.socketName } });
    await source.start();
    const hiddenWindows = () =>
      t.tmux('list-windows', '-t', hiddenOf(t), '-F', '#{window_id}').trim().split('\n');
    await waitFor(() => hiddenWindows().includes(agent!), 5000, 'agent window linked');
    await source.settled();
    expect(hiddenWindows()).not.toContain(shell);
    t.tmux('kill-session', '-t', 'mixed');
  });

  it('removes hidden sessions left by a crashed run, and never reports hidden sessions', async () => {
    newSession(t, 'owner', 'sh');
    // a leftover of a dead tmo (pid 2^22+1 is above Linux's pid_max default) holding a user window
    t.tmux('new-session', '-d', '-s', '__tmo_4194305', 'sh');
    t.tmux('link-window', '-d', '-s', 'owner:0', '-t', '__tmo_4194305:');
    source = createEmbeddedSource({ server: { socketName: t.socketName }, output: 'all' });
    const events: TmoEvent[] = [];
    source.subscribe((e) => events.push(e));
    await source.start();
    await source.settled();
    const names = t.tmux('list-sessions', '-F', '#{session_name}');
    expect(names).not.toContain('__tmo_4194305');
    expect(names).toContain('owner');
    expect(JSON.stringify(events)).not.toContain('__tmo_');
    t.tmux('kill-session', '-t', 'owner');
  });

  it('a killed user session takes its windows along despite our links', async () => {
    newSession(t, 'doomed');
    t.tmux('new-window', '-d', '-t', 'doomed:', '-n', 'second');
    source = createEmbeddedSource({ server: { socketName: t.socketName }, output: 'all' });
    await source.start();
    const linked = () =>
      t
        .tmux('list-windows', '-a', '-F', '#{session_name} #{window_name}')
        .split('\n')
        .filter((l) => l.startsWith('__tmo_') && l.endsWith(' second')).length;
    await waitFor(() => linked() === 1, 5000, 'linked').catch((e) => {
      throw new Error(
        `${e} mode=${source?.mode} ${t.tmux('list-windows', '-a', '-F', '#{session_name} #{window_name}')}`,
      );
    });
    t.tmux('kill-session', '-t', 'doomed');
    await waitFor(
      () => !t.tmux('list-windows', '-a', '-F', '#{window_name}').split('\n').includes('second'),
      5000,
      'window gone',
    );
  });

  it("never reports another running tmo's hidden session, whose links double every window", async () => {
    newSession(t, 'shared', 'sh');
    // another tmo (a live pid: ours' parent) that linked the user's window into its hidden session
    const otherName = `__tmo_${process.ppid}`;
    t.tmux('new-session', '-d', '-s', otherName, 'sh');
    t.tmux('link-window', '-d', '-s', 'shared:0', '-t', `${otherName}:`);
    try {
      // default linking (no agents, so few links: snapshots go unfiltered)
      source = createEmbeddedSource({ server: { socketName: t.socketName } });
      const events: TmoEvent[] = [];
      source.subscribe((e) => events.push(e));
      await source.start();
      source.requestResync();
      await source.settled();
      expect(t.tmux('list-sessions', '-F', '#{session_name}')).toContain(otherName);
      expect(JSON.stringify(events)).toContain('shared');
      expect(JSON.stringify(events)).not.toContain('__tmo_');
    } finally {
      t.tmux('kill-session', '-t', otherName);
      t.tmux('kill-session', '-t', 'shared');
    }
  });

  it('stopped while it handles its control client dying (the terminal hung up on both), it stays stopped', async () => {
    // Reads through this runner wait while `hold` is set: stop() lands between the control client's death
    // and what the source does about it — as when SIGHUP hits the dashboard and its tmux -C child at once.
    let hold: Promise<void> | null = null;
    let held = () => {};
    const runner = {
      server: t.runner.server,
      run: async (args: readonly string[], options?: { input?: string }) => {
        if (hold) {
          held();
          await hold;
        }
        return t.runner.run(args, options);
      },
    };
    source = createEmbeddedSource({ server: { socketName: t.socketName }, runner, output: 'all' });
    await source.start();
    await waitFor(() => source?.mode === 'control', 8000, 'control mode');
    const controlPid = () =>
      t
        .tmux('list-clients', '-F', '#{client_control_mode} #{client_pid}')
        .split('\n')
        .find((l) => l.startsWith('1 '))
        ?.slice(2);
    const pid = Number(controlPid());
    let release = () => {};
    hold = new Promise<void>((r) => {
      release = r;
    });
    const reached = new Promise<void>((r) => {
      held = r;
    });
    // SIGTERM: a tmux 3.2 control client stays attached on SIGHUP (no %exit), 3.3 and later leave on both.
    process.kill(pid, 'SIGTERM');
    await reached; // the source asks tmux what happened...
    const stopping = source.stop(); // ...and is stopped meanwhile
    hold = null;
    release();
    await stopping;
    await new Promise((r) => setTimeout(r, 1500)); // past the first retry it would have scheduled
    expect(source.mode).toBe('stopped');
    expect(hiddenOf(t)).toBe('none');
    expect(controlPid()).toBeUndefined();
  });

  it('stopped before it started (a signal during start-up), it never starts', async () => {
    source = createEmbeddedSource({ server: { socketName: t.socketName }, output: 'all' });
    await source.stop();
    await source.start();
    await source.settled();
    expect(source.mode).toBe('stopped');
    expect(hiddenOf(t)).toBe('none');
  });
});
