import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgentWatcher } from '../../src/source/embedded-agents.js';
import type { AgentWatcherOptions } from '../../src/source/embedded-detect.js';
import type { TmuxRunner } from '../../src/tmux/runner.js';
import { paneInfo } from '../helpers/pane.js';
import { captureRunner, oneSessionView } from '../helpers/watcher.js';

/** Captures answer with a working agent's screen; each look's time is recorded. */
const countingRunner = () => captureRunner(() => '\u2733 Working\u2026 (esc to interrupt)');
/** A watcher over `runner` alone: no process table, hook file or state dir. */
const watcherOn = (runner: TmuxRunner, emit: AgentWatcherOptions['emit'] = () => {}) =>
  new AgentWatcher({
    runner,
    emit,
    where: () => undefined,
    readProcs: async () => new Map(),
    hookFile: false,
    stateDir: false,
  });
const view = (command: string) =>
  oneSessionView(paneInfo({ width: 80, height: 24, command, pid: 4_194_305, title: '' }));

describe("an agent's output is looked at per pause and at most once a second, not per line", () => {
  let runner: ReturnType<typeof countingRunner>;
  let watcher: AgentWatcher;
  beforeEach(async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    runner = countingRunner();
    watcher = watcherOn(runner);
    await watcher.onSnapshot(view('claude'));
    await vi.advanceTimersByTimeAsync(5000); // first look done, then quiet
  });
  afterEach(() => {
    watcher.stop();
    vi.useRealTimers();
  });

  it('looks at once at the first output after a quiet spell, about once a second while lines keep coming, and once more when they pause', async () => {
    const before = runner.captures;
    expect(before).toBeGreaterThan(0);
    watcher.onOutput('%1');
    await vi.advanceTimersByTimeAsync(1);
    expect(runner.captures).toBe(before + 1); // at once: a state change shows within a capture
    // a line every 50 ms for 3 s: 60 lines
    for (let i = 0; i < 60; i++) {
      watcher.onOutput('%1');
      await vi.advanceTimersByTimeAsync(50);
    }
    const during = runner.captures - before;
    expect(during).toBeGreaterThanOrEqual(3); // the leading look and one a second
    expect(during).toBeLessThanOrEqual(5); // not one per 250 ms (13), nor per line (60)
    // The output paused (where an agent draws its dialog and waits): the screen is looked at after the last
    // line — 150 ms after it, no sooner than 250 ms after the previous look.
    const last = Date.now() - 50;
    await vi.advanceTimersByTimeAsync(300);
    expect(runner.at.some((t) => t >= last && t <= last + 300)).toBe(true);
    const settled = runner.captures;
    await vi.advanceTimersByTimeAsync(5000);
    expect(runner.captures).toBeLessThanOrEqual(settled + 2); // re-checks (idle debounce), no more
  });

  it('an agent that exited (its pane is a shell again) is not looked at for its output', async () => {
    await watcher.onSnapshot(view('sh'));
    const before = runner.captures;
    for (let i = 0; i < 20; i++) {
      watcher.onOutput('%1');
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(runner.captures).toBeLessThanOrEqual(before + 1); // its last words, once, as it left
  });
});

describe('busy agents are looked at together', () => {
  afterEach(() => vi.useRealTimers());

  it('20 agents printing on, their once-a-second looks staggered, leave in ≈ 10 calls a second, not 20', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const runner = countingRunner();
    const panes = Array.from({ length: 20 }, (_, i) =>
      paneInfo({ id: `%${i + 1}`, width: 80, height: 24, command: 'claude', pid: 4_194_305 + i, title: '' }),
    );
    const watcher = watcherOn(runner);
    try {
      await watcher.onSnapshot(oneSessionView(...panes));
      await vi.advanceTimersByTimeAsync(5000); // first looks done, then quiet
      // each starts printing 50 ms after the one before (a line every 10 ms), so their looks are spread
      for (let t = 0; t < 1000; t += 10) {
        for (let i = 0; i < 20; i++) if (t >= i * 50) watcher.onOutput(`%${i + 1}`);
        await vi.advanceTimersByTimeAsync(10);
      }
      const calls = runner.captures;
      const captured = runner.panes;
      for (let t = 0; t < 4000; t += 10) {
        for (let i = 0; i < 20; i++) watcher.onOutput(`%${i + 1}`);
        await vi.advanceTimersByTimeAsync(10);
      }
      const perSecond = (runner.captures - calls) / 4;
      const panesPerSecond = (runner.panes - captured) / 4;
      expect(panesPerSecond).toBeGreaterThanOrEqual(16); // each still about once a second
      expect(panesPerSecond).toBeLessThanOrEqual(24);
      expect(perSecond).toBeLessThanOrEqual(12); // one call per 100 ms slot, not one per pane
    } finally {
      watcher.stop();
    }
  });
});

describe('an unknown screen is called idle only once its silence has been watched for a second', () => {
  afterEach(() => vi.useRealTimers());

  it('no claim before the output is streamed, none in its first second, idle after it', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const runner = captureRunner(() => 'some tool of its own, nothing a rule reads');
    const states: string[] = [];
    const watcher = watcherOn(runner, (e) => {
      if (e.type === 'agent.status') states.push(`${e.state}${e.rule ? ` ${e.rule}` : ''}`);
    });
    try {
      await watcher.onSnapshot(view('claude'));
      await vi.advanceTimersByTimeAsync(3000);
      expect(states.at(-1)).toMatch(/^unknown/); // not streamed (control mode not up): silence says nothing
      watcher.streaming(new Set(['%1']));
      await vi.advanceTimersByTimeAsync(500);
      expect(states.at(-1)).toMatch(/^unknown/);
      await vi.advanceTimersByTimeAsync(4000); // the look at 1 s, then idle's debounce
      expect(states.at(-1)).toBe('idle activity.settled');
      watcher.onOutput('%1');
      await vi.advanceTimersByTimeAsync(1);
      expect(states.at(-1)).toBe('working activity.output');
    } finally {
      watcher.stop();
    }
  });
});
