import { describe, expect, it } from 'vitest';
import { lastLines } from '../../src/commands/activity.js';
import { UsageError } from '../../src/commands/context.js';
import type { PaneInfo, SessionInfo, Snapshot, WindowInfo } from '../../src/model/types.js';
import { keysFor, parseChoice } from '../../src/send/send-answer.js';
import { TmuxError } from '../../src/tmux/errors.js';
import { resolveInSnapshot } from '../../src/tmux/target.js';

const pane = (id: string, index: number, active = index === 0): PaneInfo => ({
  id,
  index,
  active,
  width: 80,
  height: 24,
  command: 'cat',
  pid: 1,
  title: '',
  dead: false,
  inMode: false,
});
const win = (id: string, index: number, name: string, panes: PaneInfo[], active = false): WindowInfo => ({
  id,
  index,
  name,
  active,
  activity: 0,
  panes,
});
const sess = (id: string, name: string, windows: WindowInfo[]): SessionInfo => ({
  id,
  name,
  created: 0,
  attached: false,
  clients: 0,
  activity: 0,
  windows,
});

const snapshot: Snapshot = {
  takenAt: 0,
  server: { running: true, socket: 'test' },
  sessions: [
    sess('$0', 'main', [
      win('@0', 0, 'editor', [pane('%0', 0)]),
      win('@1', 1, 'claude', [pane('%1', 0, false), pane('%2', 1, true)], true),
      win('@2', 2, 'v1:2.x', [pane('%3', 0)]),
      win('@3', 3, 'twin', [pane('%4', 0)]),
      win('@4', 4, 'twin', [pane('%5', 0)]),
      win('@5', 5, '7', [pane('%6', 0)]),
    ]),
    sess('$1', 'main-2', [win('@6', 0, 'w', [pane('%7', 0)], true)]),
    sess('$2', 'mainx', [win('@7', 0, 'main', [pane('%8', 0)], true)]),
  ],
};
const r = (t: string) => resolveInSnapshot(snapshot, t).paneId;
const code = (t: string) => {
  try {
    resolveInSnapshot(snapshot, t);
    return 'resolved';
  } catch (e) {
    return e instanceof TmuxError ? e.code : e instanceof UsageError ? 'usage' : 'other';
  }
};

describe('resolveInSnapshot', () => {
  it('resolves ids', () => {
    expect(r('%5')).toBe('%5');
    expect(r('@1')).toBe('%2');
    expect(r('$1')).toBe('%7');
    expect(code('%99')).toBe('TARGET_NOT_FOUND');
    expect(code('@99')).toBe('TARGET_NOT_FOUND');
  });

  it("names a window linked into a dashboard's hidden session by the user's session that holds it", () => {
    const hidden = sess('$9', '__tmo_4242', [
      win('@1', 0, 'claude', [pane('%1', 0, false), pane('%2', 1, true)]),
    ]);
    const linked: Snapshot = { ...snapshot, sessions: [hidden, ...snapshot.sessions] };
    expect(resolveInSnapshot(linked, '%2')).toMatchObject({ sessionName: 'main', paneId: '%2' });
    expect(resolveInSnapshot(linked, '@1')).toMatchObject({ sessionName: 'main' });
  });

  it('matches sessions and windows exactly, never by prefix', () => {
    expect(r('main')).toBe('%2');
    expect(r('main-2')).toBe('%7');
    expect(code('mai')).toBe('TARGET_NOT_FOUND');
    expect(code('main:edit')).toBe('TARGET_NOT_FOUND');
    expect(r('main:editor')).toBe('%0');
    expect(r('main:')).toBe('%2');
  });

  it('takes windows by name or index, panes by index', () => {
    expect(r('main:0')).toBe('%0');
    expect(r('main:claude.0')).toBe('%1');
    expect(r('main:1.1')).toBe('%2');
    expect(code('main:claude.7')).toBe('TARGET_NOT_FOUND');
    expect(r('main:.0')).toBe('%1');
  });

  it('handles window names holding ":" and "."', () => {
    expect(r('main:v1:2.x')).toBe('%3');
    expect(r('main:v1:2.x.0')).toBe('%3');
  });

  it('lists the candidates when a name is ambiguous', () => {
    expect(() => resolveInSnapshot(snapshot, 'main:twin')).toThrow(/ambiguous: @3 .*@4/);
    // "7" is window 5's name and no window has index 7: unambiguous; "5" is index 5 only.
    expect(r('main:7')).toBe('%6');
    expect(r('main:5')).toBe('%6');
  });

  it('says when the server is down', () => {
    expect(() =>
      resolveInSnapshot({ takenAt: 0, server: { running: false, socket: 'x' }, sessions: [] }, 'main'),
    ).toThrow(expect.objectContaining({ code: 'NO_SERVER' }));
  });
});

describe('answer choices', () => {
  it('parses choices and refuses others', () => {
    expect(parseChoice('2')).toEqual({ type: 'digit', digit: '2' });
    expect(parseChoice('YES')).toEqual({ type: 'yes' });
    expect(parseChoice('esc')).toEqual({ type: 'key', key: 'Escape' });
    for (const bad of ['0', '10', 'maybe', 'C-c', '', 'Enter; kill-server'])
      expect(parseChoice(bad)).toBeNull();
  });

  it('maps to the keys each agent expects', () => {
    expect(keysFor('claude', { type: 'yes' })).toEqual(['1']);
    expect(keysFor('claude', { type: 'no' })).toEqual(['Escape']);
    expect(keysFor('codex', { type: 'yes' })).toEqual(['y']);
    expect(keysFor('aider', { type: 'digit', digit: '2' })).toEqual(['2', 'Enter']);
    expect(keysFor('gemini', { type: 'key', key: 'Down' })).toEqual(['Down']);
  });
});

describe('activity lastLines', () => {
  it('trims trailing blank lines and keeps the last N', () => {
    expect(lastLines('a\nb\nc\n\n  \n\n', 2)).toEqual(['b', 'c']);
    expect(lastLines('a\n\nb\n', 5)).toEqual(['a', '', 'b']);
    expect(lastLines('\n\n', 3)).toEqual([]);
    expect(lastLines('a\nb\n', 0)).toEqual([]);
  });
});
