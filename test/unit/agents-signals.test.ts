import { describe, expect, it } from 'vitest';
import type { Classification } from '../../src/agents/classify.js';
import {
  ACTIVE_MS,
  ACTIVE_SPAN_MS,
  fuseSignals,
  type HookFact,
  type PaneSignals,
  WINDOW_ACTIVE_MS,
  WORD_GRACE_MS,
  WORD_SETTLE_MS,
  WORKING_WORD_MS,
} from '../../src/agents/signals.js';

const T = 1_800_000_000_000;
const idle: Classification = { state: 'idle', rule: 'claude.idle.prompt', line: '>' };
const working: Classification = { state: 'working', rule: 'claude.working.spinner' };
const dialog: Classification = { state: 'waiting', reason: 'permission', rule: 'claude.waiting.permission' };
const unknown: Classification = { state: 'unknown', rule: 'claude.unknown' };

const fact = (event: string, at: number, more: Partial<HookFact> = {}): HookFact => {
  const states: Record<string, Partial<HookFact>> = {
    PreToolUse: { state: 'working' },
    UserPromptSubmit: { state: 'working' },
    Stop: { state: 'idle' },
    StopFailure: { state: 'error' },
    SessionEnd: { state: 'exited' },
    Notification: { state: 'waiting', reason: 'permission', detail: 'permission_prompt' },
  };
  return { event, agent: 'claude', at, ...states[event], ...more };
};

describe('fuseSignals: hook facts against the screen', () => {
  it('without signals the screen decides, source screen', () => {
    expect(fuseSignals(idle, undefined, T)).toMatchObject({ state: 'idle', source: 'screen' });
  });

  it('a fresh permission fact outranks a screen that reads idle, and names what it overruled', () => {
    const f = fuseSignals(idle, { hook: fact('Notification', T - 100) }, T);
    expect(f).toMatchObject({ state: 'waiting', reason: 'permission', source: 'hook' });
    expect(f.rule).toBe('hook.claude.Notification.permission_prompt');
    expect(f.overruled).toBe('screen: claude.idle.prompt');
    expect(f.hook).toEqual({ event: 'Notification', detail: 'permission_prompt', at: T - 100 });
  });

  it('a fresh working fact covers the moment before the spinner is drawn, then expires', () => {
    const s: PaneSignals = { hook: fact('UserPromptSubmit', T - 200) };
    expect(fuseSignals(idle, s, T)).toMatchObject({ state: 'working', source: 'hook' });
    expect(fuseSignals(idle, s, T).recheckAt).toBe(T - 200 + WORKING_WORD_MS + 1);
    expect(fuseSignals(idle, s, T + WORKING_WORD_MS)).toMatchObject({ state: 'idle', source: 'screen' });
  });

  it('a dialog drawn on screen outranks a working or idle fact', () => {
    for (const e of ['PreToolUse', 'Stop']) {
      const f = fuseSignals(dialog, { hook: fact(e, T - 50) }, T);
      expect(f).toMatchObject({ state: 'waiting', reason: 'permission', source: 'screen' });
      expect(f.overruled).toBe(`hook ${e}`);
    }
  });

  it('StopFailure is an error with its message, held over an idle prompt until the next turn', () => {
    const s: PaneSignals = {
      hook: fact('StopFailure', T - 60_000, { message: 'API Error: 529 Overloaded' }),
    };
    expect(fuseSignals(idle, s, T)).toMatchObject({
      state: 'error',
      source: 'hook',
      message: 'API Error: 529 Overloaded',
    });
    // live: typing below it changes the screen, the error still holds
    expect(fuseSignals(idle, { ...s, live: true, lastOutputAt: T - 10 }, T).state).toBe('error');
    // the next turn's first word ends it
    expect(fuseSignals(working, { hook: fact('UserPromptSubmit', T - 10) }, T).state).toBe('working');
  });

  it('SessionEnd says exited', () => {
    expect(fuseSignals(idle, { hook: fact('SessionEnd', T - 10) }, T)).toMatchObject({ state: 'exited' });
  });

  it('live: the screen decides once it changed after the fact (beyond the grace)', () => {
    const hook = fact('Notification', T - 5000);
    const after = { hook, live: true, lastOutputAt: T - 5000 + WORD_GRACE_MS + 500 };
    expect(fuseSignals(idle, after, T)).toMatchObject({ state: 'idle', source: 'screen' });
    // output within the grace is the agent drawing the dialog: the fact holds
    const drawing = { hook, live: true, lastOutputAt: T - 5000 + 200 };
    expect(fuseSignals(idle, drawing, T)).toMatchObject({ state: 'waiting', source: 'hook' });
  });

  it('one-shot: a definite screen verdict wins once the fact had time to show; unknown never does', () => {
    const old = { hook: fact('Notification', T - WORD_SETTLE_MS - 1) };
    expect(fuseSignals(idle, old, T)).toMatchObject({
      state: 'idle',
      source: 'screen',
      overruled: 'hook Notification (permission_prompt)',
    });
    expect(fuseSignals(working, old, T)).toMatchObject({ state: 'working', source: 'screen' });
    expect(fuseSignals(unknown, old, T)).toMatchObject({ state: 'waiting', source: 'hook' });
    const young = { hook: fact('Notification', T - WORD_SETTLE_MS + 500) };
    expect(fuseSignals(idle, young, T)).toMatchObject({ state: 'waiting', source: 'hook' });
  });

  it('agreement keeps the screen verdict (its reason and line) and takes the fact message', () => {
    const q: Classification = {
      state: 'waiting',
      reason: 'question',
      rule: 'claude.waiting.question',
      line: 'Enter to select',
    };
    const f = fuseSignals(
      q,
      { hook: fact('Notification', T - 10, { message: 'Claude needs your input' }) },
      T,
    );
    expect(f).toMatchObject({
      state: 'waiting',
      reason: 'question',
      source: 'screen',
      line: 'Enter to select',
    });
    expect(f.overruled).toBeUndefined();
  });

  it('a fact with no state (another notification type) says nothing', () => {
    const f = fuseSignals(
      idle,
      { hook: { event: 'Notification', agent: 'claude', at: T, detail: 'auth_success' } },
      T,
    );
    expect(f).toMatchObject({ state: 'idle', source: 'screen' });
  });

  it('the session file counts as the agent word; the newer of it and the hook wins', () => {
    const sessionFile = { state: 'working' as const, at: T - 100, path: '/x/1.json', status: 'busy' };
    expect(fuseSignals(idle, { sessionFile }, T)).toMatchObject({
      state: 'working',
      source: 'session-file',
      rule: 'session-file.busy',
    });
    const newer = { hook: fact('Stop', T - 50), sessionFile };
    expect(fuseSignals(unknown, newer, T)).toMatchObject({ state: 'idle', source: 'hook' });
    const waiting = {
      sessionFile: { state: 'waiting' as const, at: T - 10, path: '/x/1.json', status: 'waiting' },
    };
    expect(fuseSignals(unknown, waiting, T)).toMatchObject({ state: 'waiting', source: 'session-file' });
  });

  it('the session file is the current state, not an event: it does not age, live or one-shot', () => {
    const hour = 3_600_000;
    const file = (state: 'working' | 'idle' | 'waiting', status: string) => ({
      sessionFile: { state, at: T - hour, path: '/x/1.json', status, detail: 'dialog open' },
    });
    // a dialog the screen rules misread as an idle prompt (Claude's first-run auto-mode question)
    const f = fuseSignals(idle, file('waiting', 'waiting'), T);
    expect(f).toMatchObject({
      state: 'waiting',
      source: 'session-file',
      overruled: 'screen: claude.idle.prompt',
    });
    expect(fuseSignals(idle, { ...file('working', 'busy'), live: true, lastOutputAt: T - 5 }, T).state).toBe(
      'working',
    );
    // idle with a background shell while the screen still shows a spinner line
    expect(fuseSignals(working, file('idle', 'shell'), T)).toMatchObject({
      state: 'idle',
      source: 'session-file',
    });
    // but it knows no errors: an error on screen, or the hook's StopFailure, stands over its idle
    const err: Classification = { state: 'error', rule: 'claude.error.api' };
    expect(fuseSignals(err, file('idle', 'idle'), T)).toMatchObject({ state: 'error', source: 'screen' });
    const failed = {
      ...file('idle', 'idle'),
      hook: fact('StopFailure', T - 2 * hour, { message: 'API Error: 529' }),
    };
    expect(fuseSignals(idle, failed, T)).toMatchObject({
      state: 'error',
      source: 'hook',
      rule: 'hook.claude.StopFailure',
    });
    // and a dialog on screen says more than its `waiting`
    expect(fuseSignals(dialog, file('idle', 'idle'), T)).toMatchObject({
      state: 'waiting',
      source: 'screen',
      overruled: 'session file idle (dialog open)',
    });
  });
});

describe('fuseSignals: output activity', () => {
  // A pane whose output the live source has streamed for a while (watchedSince: a minute ago).
  const live = (lastOutputAt?: number, outputSince?: number): PaneSignals => ({
    live: true,
    watchedSince: T - 60_000,
    ...(lastOutputAt !== undefined ? { lastOutputAt } : {}),
    ...(outputSince !== undefined ? { outputSince } : {}),
  });

  it('an unknown screen with recent output is working, settled it is idle', () => {
    expect(fuseSignals(unknown, live(T - 100, T - 300), T)).toMatchObject({
      state: 'working',
      source: 'activity',
    });
    expect(fuseSignals(unknown, live(T - 100, T - 300), T).recheckAt).toBe(T - 100 + ACTIVE_MS + 1);
    expect(fuseSignals(unknown, live(T - ACTIVE_MS - 5, T - 9000), T)).toMatchObject({
      state: 'idle',
      source: 'activity',
    });
    expect(fuseSignals(unknown, live(), T)).toMatchObject({ state: 'idle', source: 'activity' });
  });

  it('silence is evidence only once the output has been streamed for ACTIVE_MS (else no claim)', () => {
    // streamed for 300 ms, nothing seen: not idle yet, look again when the silence means something
    const fresh = fuseSignals(unknown, { live: true, watchedSince: T - 300 }, T);
    expect(fresh).toMatchObject({ state: 'unknown', source: 'screen', recheckAt: T - 300 + ACTIVE_MS + 1 });
    expect(fuseSignals(unknown, { live: true, watchedSince: T - ACTIVE_MS }, T)).toMatchObject({
      state: 'idle',
      rule: 'activity.settled',
    });
    // not streamed at all (polling, a pane tmux paused): silence says nothing
    expect(fuseSignals(unknown, { live: true }, T)).toMatchObject({ state: 'unknown', source: 'screen' });
    // output seen is evidence whenever it came
    expect(
      fuseSignals(unknown, { live: true, watchedSince: T - 300, lastOutputAt: T - 100 }, T),
    ).toMatchObject({ state: 'working', rule: 'activity.output' });
  });

  it('an idle screen is working only while output streams unbroken (not after one redraw)', () => {
    expect(fuseSignals(idle, live(T - 100, T - 300), T)).toMatchObject({ state: 'idle', source: 'screen' });
    const streaming = live(T - 100, T - 100 - ACTIVE_SPAN_MS);
    expect(fuseSignals(idle, streaming, T)).toMatchObject({
      state: 'working',
      source: 'activity',
      overruled: 'screen: claude.idle.prompt',
    });
  });

  it('waiting and working screens stand; a one-shot look has no output timing of its own', () => {
    const streaming = live(T - 100, T - 100 - ACTIVE_SPAN_MS);
    expect(fuseSignals(dialog, streaming, T)).toMatchObject({ state: 'waiting', source: 'screen' });
    expect(fuseSignals(working, streaming, T)).toMatchObject({ state: 'working', source: 'screen' });
    expect(fuseSignals(unknown, { lastOutputAt: T - 10, outputSince: T - 5000 }, T)).toMatchObject({
      state: 'unknown',
      source: 'screen',
    });
  });
});

describe("fuseSignals: the window's activity, whole seconds (a pane alone in its window)", () => {
  const window = (at: number, more: PaneSignals = {}): PaneSignals => ({ windowOutputAt: at, ...more });

  it('a one-shot look reads an unknown screen by it: output within the window is working, else idle', () => {
    expect(fuseSignals(unknown, window(T - 1500), T)).toMatchObject({
      state: 'working',
      rule: 'activity.window',
      source: 'activity',
      overruled: 'screen: claude.unknown',
    });
    expect(fuseSignals(unknown, window(T - WINDOW_ACTIVE_MS - 1), T)).toMatchObject({
      state: 'idle',
      rule: 'activity.settled',
    });
    // a loaded machine: tmux answered 500 ms after the output, this look comes 3 s after that
    expect(fuseSignals(unknown, window(T - 3500, { windowSeenAt: T - 3000 }), T)).toMatchObject({
      state: 'working',
      rule: 'activity.window',
    });
    // a read screen is not second-guessed by a coarse signal
    expect(fuseSignals(idle, window(T - 500), T)).toMatchObject({ state: 'idle', source: 'screen' });
    expect(fuseSignals(dialog, window(T - 500), T)).toMatchObject({ state: 'waiting', source: 'screen' });
  });

  it('the live source uses it for output its stream missed (before it began, dropped under load)', () => {
    const before = fuseSignals(unknown, window(T - 500, { live: true }), T);
    expect(before).toMatchObject({ state: 'working', rule: 'activity.window' });
    expect(before.recheckAt).toBe(T - 500 + WINDOW_ACTIVE_MS + 1);
    // tmux paused the stream: the last output received is old, the window's is not
    const dropped = window(T - 500, { live: true, lastOutputAt: T - 5000, outputSince: T - 9000 });
    expect(fuseSignals(unknown, dropped, T)).toMatchObject({ state: 'working', rule: 'activity.window' });
    const quiet = window(T - 6000, { live: true, lastOutputAt: T - 5000, outputSince: T - 9000 });
    expect(fuseSignals(unknown, quiet, T)).toMatchObject({ state: 'idle', rule: 'activity.settled' });
    // read long after tmux answered: look again a second from now, not at once in a loop
    const late = fuseSignals(unknown, window(T - 3500, { live: true, windowSeenAt: T - 3000 }), T);
    expect(late).toMatchObject({ state: 'working', recheckAt: T + ACTIVE_MS });
  });
});
