import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleKey, type KeyContext } from '../../hooks/key-handlers.js';
import { createEmbeddedSource, type EmbeddedSource } from '../../src/source/embedded.js';
import { connectSource } from '../../src/store/connect.js';
import { orchestrateCommands } from '../../src/store/orchestrate-commands.js';
import { createDashStore, type DashStore } from '../../src/store/store.js';
import { hiddenSessions, newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

/**
 * `D` then `y` on a real private tmux server, through the real embedded source (whose hidden session links
 * every window: a killed window must not live on there), the key table and the palette's `:kill`.
 */
let t: PrivateTmux;
let source: EmbeddedSource;
let store: DashStore;
let disconnect: () => void;
const ctx: KeyContext = { quit: () => {}, attach: () => {} };
const press = (key: string) => handleKey(store, key, key, ctx);
/** Every window and pane id on the server, hidden sessions included. */
const ids = () => t.tmux('list-panes', '-a', '-F', '#{window_id} #{pane_id}');

beforeAll(async () => {
  t = privateTmux('tmo-dash-kill');
  newSession(t, 'keep', 'sh');
  t.tmux('set-option', '-g', 'default-shell', '/bin/sh');
  newSession(t, 'work', 'sh');
  t.tmux('new-window', '-t', 'work', '-n', 'two', 'sh');
  t.tmux('split-window', '-t', 'work:two', 'sh');
  source = createEmbeddedSource({ server: { socketName: t.socketName }, idleDebounceMs: 100, output: 'all' });
  store = createDashStore({ source: { kind: 'embedded', label: 'test' } });
  for (const c of orchestrateCommands({ runner: t.runner, server: { socketName: t.socketName }, env: {} }))
    store.getState().registerCommand(c);
  disconnect = connectSource(store, source, { flushMs: 20 });
  await source.start();
  await waitFor(() => store.getState().world.snapshot.sessions.length === 2, 10_000, 'the tree');
  // the hidden session links the user's windows (all of them: each has output that could matter)
  expect(hiddenSessions(t)).toHaveLength(1);
});

afterAll(async () => {
  disconnect?.();
  await source?.stop();
  t?.kill();
});

const idOf = (target: string, format: string) => t.tmux('display-message', '-p', '-t', target, format).trim();

describe('D on a real tmux server', () => {
  it('asks first; n keeps the window; y kills it everywhere and the tree drops it', async () => {
    const win = idOf('work:0', '#{window_id}');
    const pane = idOf('work:0', '#{pane_id}');
    const linked = () => t.tmux('list-windows', '-t', hiddenSessions(t)[0] ?? '', '-F', '#{window_id}');
    await waitFor(
      () => linked().split('\n').includes(win),
      10_000,
      'the window linked into the hidden session',
    );
    // A window of one pane is drawn as its pane: the cursor on that pane kills the window.
    store.getState().setCursor(pane);
    press('D');
    await waitFor(() => store.getState().mode === 'confirm', 5000, 'the question');
    expect(store.getState().confirm?.question).toMatch(
      /^kill window work:0 \(\S+\)\? It kills 1 pane, 0 agents\.$/,
    );
    press('n');
    expect(store.getState().message).toBe('cancelled: nothing was changed');
    expect(ids()).toContain(win);
    store.getState().setCursor(pane);
    press('D');
    press('y');
    await waitFor(() => store.getState().message?.startsWith('killed window work:0'), 10_000, 'killed');
    expect(ids()).not.toContain(`${win} `);
    expect(linked().split('\n')).not.toContain(win);
    await waitFor(
      () => !store.getState().world.snapshot.sessions.some((s) => s.windows.some((w) => w.id === win)),
      10_000,
      'the tree without it',
    );
  });

  it('a pane of a window of two: only that pane goes', async () => {
    const [first, second] = t.tmux('list-panes', '-t', 'work:two', '-F', '#{pane_id}').trim().split('\n');
    if (!first || !second) throw new Error('expected two panes');
    await waitFor(
      () => store.getState().world.snapshot.sessions.some((s) => s.windows.some((w) => w.panes.length === 2)),
      10_000,
      'the two-pane window in the tree',
    );
    store.getState().setCursor(second);
    press('D');
    expect(store.getState().confirm?.question).toMatch(
      new RegExp(`^kill pane work:1\\.1 \\(${second}, sh\\)\\? It kills 1 pane, 0 agents\\.$`),
    );
    press('y');
    await waitFor(() => store.getState().message?.startsWith('killed pane work:1.1'), 10_000, 'killed');
    expect(ids()).toContain(first);
    expect(ids()).not.toContain(second);
    expect(t.tmux('list-sessions', '-F', '#{session_name}')).toContain('keep');
  });

  it('a pane that is gone meanwhile: says so, kills nothing else', async () => {
    const before = ids();
    await (await import('../../src/store/store.js')).runCommandLine(store, 'kill %99999', true);
    expect(store.getState().message).toBe('error: no pane %99999 (gone already?)');
    expect(ids()).toBe(before);
  });
});
