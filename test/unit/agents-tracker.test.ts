import { describe, expect, it } from 'vitest';
import type { Classification } from '../../src/agents/classify.js';
import { AgentTracker } from '../../src/agents/tracker.js';

const working: Classification = {
  state: 'working',
  rule: 'claude.working.interrupt',
  line: 'esc to interrupt',
};
const idle: Classification = { state: 'idle', rule: 'claude.idle.prompt', line: '>' };
const waiting: Classification = { state: 'waiting', reason: 'permission', rule: 'claude.waiting.permission' };

describe('AgentTracker', () => {
  it('debounces idle (injected clock), reports working and waiting at once, keeps since', () => {
    let now = 1000;
    const t = new AgentTracker({ idleDebounceMs: 1500, now: () => now });
    expect(t.update('%1', 'claude', working)).toMatchObject({ state: 'working', since: 1000 });
    now = 2000;
    expect(t.update('%1', 'claude', idle)).toMatchObject({ state: 'working', since: 1000 }); // pending
    now = 3000;
    expect(t.update('%1', 'claude', idle).state).toBe('working'); // 1000 ms < 1500
    now = 3600;
    expect(t.update('%1', 'claude', idle)).toMatchObject({ state: 'idle', since: 2000 }); // since = first sighting
    now = 3700;
    expect(t.update('%1', 'claude', waiting)).toMatchObject({
      state: 'waiting',
      reason: 'permission',
      since: 3700,
    });
    now = 3800;
    expect(t.update('%1', 'claude', working)).toMatchObject({ state: 'working', since: 3800 });
  });

  it('a blank frame mid-redraw (unknown) does not flap a known state', () => {
    let now = 0;
    const t = new AgentTracker({ idleDebounceMs: 1500, now: () => now });
    t.update('%1', 'claude', idle);
    now = 100;
    const blank: Classification = { state: 'unknown', rule: 'claude.unknown' };
    expect(t.update('%1', 'claude', blank).state).toBe('idle');
    now = 200;
    expect(t.update('%1', 'claude', working)).toMatchObject({ state: 'working', since: 200 });
    now = 300;
    expect(t.update('%1', 'claude', blank).state).toBe('working');
    now = 2000;
    expect(t.update('%1', 'claude', blank)).toMatchObject({ state: 'unknown', since: 300 }); // it lasted
  });

  it('a flicker of idle during work does not reach the report', () => {
    let now = 0;
    const t = new AgentTracker({ now: () => now });
    t.update('%1', 'claude', working);
    now = 500;
    expect(t.update('%1', 'claude', idle).state).toBe('working');
    now = 1000;
    expect(t.update('%1', 'claude', working)).toMatchObject({ state: 'working', since: 0 });
    now = 2000;
    expect(t.update('%1', 'claude', idle).state).toBe('working'); // the pending idle restarted at 2000
    now = 3400;
    expect(t.update('%1', 'claude', idle).state).toBe('working');
    now = 3500;
    expect(t.update('%1', 'claude', idle)).toMatchObject({ state: 'idle', since: 2000 });
  });

  it('first sight of idle is reported at once; dead means exited; remove forgets', () => {
    let now = 10;
    const t = new AgentTracker({ now: () => now });
    expect(t.update('%2', 'codex', idle).state).toBe('idle');
    now = 20;
    expect(t.update('%2', 'codex', idle, true)).toMatchObject({
      state: 'exited',
      rule: 'exited.pane-dead',
      since: 20,
    });
    expect(t.get('%2')?.state).toBe('exited');
    t.remove('%2');
    expect(t.get('%2')).toBeUndefined();
  });
});
