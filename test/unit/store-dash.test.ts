import { describe, expect, it } from 'vitest';
import type { TmoEvent } from '../../src/model/events.js';
import { connectSource } from '../../src/store/connect.js';
import { createNotifier } from '../../src/store/notify.js';
import { visibleRows } from '../../src/store/rows.js';
import { createDashStore, paletteWords, runCommandLine, sendDraft } from '../../src/store/store.js';
import { FakeSource, sampleSnapshot, until } from '../components/fake-source.js';

const status = (
  paneId: string,
  state: 'working' | 'waiting' | 'idle',
  previous: string | null,
): TmoEvent => ({
  type: 'agent.status',
  time: Date.now(),
  paneId,
  kind: 'claude',
  state,
  previous: previous as never,
  since: Date.now(),
});

function setup(flushMs = 100, refreshMs?: number) {
  const source = new FakeSource();
  const { snapshot, agents } = sampleSnapshot();
  source.emit({ type: 'snapshot', time: Date.now(), snapshot, agents });
  const store = createDashStore();
  const notable: string[] = [];
  const stop = connectSource(store, source, {
    flushMs,
    ...(refreshMs !== undefined ? { refreshMs } : {}),
    onNotable: (c) => notable.push(...c.map((x) => `${x.paneId}:${x.change}`)),
  });
  return { source, store, notable, stop };
}

describe('dashboard store', () => {
  it('coalesces a burst of events into at most one apply per 100 ms', async () => {
    const { source, store, stop } = setup(100);
    let applies = 0;
    const off = store.subscribe((s, prev) => {
      if (s.version !== prev.version) applies += 1;
    });
    const started = Date.now();
    while (Date.now() - started < 500) {
      source.emit(status('%1', Math.random() < 0.5 ? 'working' : 'idle', 'working'));
      await new Promise((r) => setTimeout(r, 2));
    }
    await until(() => store.getState().feed.length > 0, 'applied');
    const elapsed = Date.now() - started;
    expect(applies).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    expect(applies).toBeGreaterThanOrEqual(2);
    off();
    stop();
  });

  it('applies the events a source sent before it says connected, before that (no empty connected world)', () => {
    const source = new FakeSource();
    source.connection = { status: 'connecting' };
    const store = createDashStore();
    const stop = connectSource(store, source, { flushMs: 100 });
    const seen: { running: boolean; panes: number }[] = [];
    const off = store.subscribe((s, prev) => {
      if (s.connection.status === 'connected' && prev.connection.status !== 'connected')
        seen.push({
          running: s.world.snapshot.server.running,
          panes: s.world.snapshot.sessions.flatMap((x) => x.windows.flatMap((w) => w.panes)).length,
        });
    });
    const { snapshot, agents } = sampleSnapshot();
    source.emit({ type: 'snapshot', time: Date.now(), snapshot, agents });
    source.setConnection({ status: 'connected' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.running).toBe(true);
    expect(seen[0]!.panes).toBeGreaterThan(0);
    off();
    stop();
  });

  it('reports agents that start waiting or finish (working → idle), once', async () => {
    const { source, notable, stop } = setup(10);
    source.emit(status('%1', 'waiting', 'working'));
    source.emit(status('%1', 'waiting', 'waiting'));
    source.emit(status('%1', 'working', 'waiting'));
    source.emit(status('%1', 'idle', 'working'));
    await until(() => notable.length >= 2, 'notable');
    expect(notable).toEqual(['%1:waiting', '%1:finished']);
    stop();
  });

  it('selects the first agent, keeps the selection across updates, and sorts waiting first on demand', async () => {
    const { store, stop } = setup(10);
    expect(store.getState().selected).toBe('%1');
    store.getState().move(1);
    expect(store.getState().selected).toBe('%2');
    store.getState().toggleSort();
    const s = store.getState();
    expect(visibleRows(s.world, '', true).map((r) => r.state)).toEqual([
      'waiting',
      'error',
      'working',
      'idle',
    ]);
    stop();
  });

  it('captures the selected pane on selection and after its output', async () => {
    const { source, store, stop } = setup(10);
    source.screens['%2'] = 'two';
    store.getState().select('%2');
    await until(() => store.getState().panes['%2'] === 'two', 'capture on selection');
    source.screens['%2'] = 'two, later';
    source.emit({ type: 'pane.output', time: Date.now(), paneId: '%2', text: 'x' });
    await until(() => store.getState().panes['%2'] === 'two, later', 'capture after output');
    const before = source.captures;
    source.emit({ type: 'pane.output', time: Date.now(), paneId: '%3', text: 'x' });
    await new Promise((r) => setImmediate(r));
    expect(source.captures).toBe(before);
    stop();
  });

  it('keeps a selected pane that streams no output live: captured again while it stays quiet', async () => {
    const { source, store, stop } = setup(10, 40);
    source.screens['%2'] = 'shell: $ ';
    store.getState().select('%2');
    await until(() => store.getState().panes['%2'] === 'shell: $ ', 'capture on selection');
    // A build prints in a window whose output is not streamed: no pane.output arrives, the view still follows.
    source.screens['%2'] = 'shell: $ make\nbuilding…';
    await until(() => store.getState().panes['%2'] === 'shell: $ make\nbuilding…', 'refresh while quiet');
    stop();
    const after = source.captures;
    await new Promise((r) => setTimeout(r, 120));
    expect(source.captures).toBe(after);
  });

  it('keeps an unsent draft when the send fails, and clears it once delivered', async () => {
    const { source, store, stop } = setup(10);
    store.getState().setDraft('%1', 'hi');
    source.nextOutcome = (target) => ({ status: 'failed', target, detail: 'pane is dead', bytes: 0 });
    await sendDraft(store, '%1');
    expect(store.getState().drafts['%1']).toBe('hi');
    expect(store.getState().outcomes['%1']?.detail).toBe('pane is dead');
    source.nextOutcome = (target) => ({ status: 'confirmed', target, detail: 'ok', bytes: 2 });
    await sendDraft(store, '%1');
    expect(store.getState().drafts['%1']).toBeUndefined();
    stop();
  });

  it('rings the bell once per batch and coalesces desktop notifications (OSC 9 / 777)', async () => {
    const out: string[] = [];
    const n = createNotifier({ desktop: true, coalesceMs: 20, write: (t) => out.push(t) });
    const st = { kind: 'claude' as const, state: 'waiting' as const, since: 0 };
    n.notify([{ paneId: '%1', change: 'waiting', status: st }]);
    n.notify([{ paneId: '%2', change: 'finished', status: st }]);
    await until(() => out.some((t) => t.includes('\x1b]9;')), 'desktop notification');
    expect(out.filter((t) => t === '\x07')).toHaveLength(2);
    const osc = out.filter((t) => t.includes('\x1b]9;'));
    expect(osc).toHaveLength(1);
    expect(osc[0]).toContain('2 agents');
    expect(osc[0]).toContain('\x1b]777;notify;tmo;');
    n.dispose();
  });
});

describe('the : command line', () => {
  it('splits on spaces; a word wholly in quotes keeps its spaces; nothing else is special', () => {
    expect(paletteWords(`start ~/p --agent 'claude --model opus'`)).toEqual([
      'start',
      '~/p',
      '--agent',
      'claude --model opus',
    ]);
    expect(paletteWords('schedule 5 "fix  the bug"')).toEqual(['schedule', '5', 'fix  the bug']);
    expect(paletteWords("schedule 5 don't forget C:\\dir \\d+")).toEqual([
      'schedule',
      '5',
      "don't",
      'forget',
      'C:\\dir',
      '\\d+',
    ]);
    expect(paletteWords("x 'abc def")).toEqual(['x', "'abc", 'def']);
  });

  it('hands a command its quoted argument as one word', async () => {
    const store = createDashStore({ source: { kind: 'embedded', label: 'x' } });
    let got: string[] = [];
    store.getState().registerCommand({
      name: 'echo',
      summary: 'test',
      run: async (args) => {
        got = args;
        return 'ok';
      },
    });
    await runCommandLine(store, `echo --agent "my-agent --fast" note`);
    expect(got).toEqual(['--agent', 'my-agent --fast', 'note']);
  });
});
