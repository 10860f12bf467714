import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLine, sessionFilter, typeMatcher } from '../../src/commands/events.js';
import type { TmoEvent } from '../../src/model/events.js';
import { userView } from '../../src/model/hidden.js';
import type { SessionInfo, Snapshot, WindowInfo } from '../../src/model/types.js';
import { diffSnapshots, sameTree } from '../../src/source/embedded-diff.js';
import { fastEvents, queriedEvents } from '../../src/source/embedded-fast.js';
import { orphanedWindows, windowsToLink } from '../../src/source/embedded-hidden.js';
import { TmuxError } from '../../src/tmux/errors.js';
import { encodeRecord, WINDOW_SPEC } from '../../src/tmux/formats.js';
import type { TmuxRunner } from '../../src/tmux/runner.js';

const win = (id: string, index: number, name: string, active = false): WindowInfo => ({
  id,
  index,
  name,
  active,
  activity: 0,
  panes: [],
});
const sess = (id: string, name: string, windows: WindowInfo[], attached = false): SessionInfo => ({
  id,
  name,
  created: 0,
  attached,
  clients: attached ? 1 : 0,
  activity: 0,
  windows,
});
const snap = (...sessions: SessionInfo[]): Snapshot => ({
  takenAt: 1,
  server: { running: true, socket: 'test' },
  sessions,
});

describe('snapshot diff', () => {
  it('finds every structural change', () => {
    const before = snap(
      sess('$1', 'a', [win('@1', 0, 'one', true), win('@2', 1, 'two')]),
      sess('$2', 'gone', []),
    );
    const after = snap(
      sess('$1', 'a2', [win('@1', 0, 'uno'), win('@3', 2, 'three'), win('@2', 1, 'two', true)], true),
      sess('$3', 'new', [win('@4', 0, 'w')]),
    );
    const types = diffSnapshots(before, after, 5).map((e) =>
      `${e.type} ${'window' in e ? e.window : ''}`.trim(),
    );
    expect(types).toEqual([
      'session.removed',
      'session.renamed',
      'session.attached',
      'window.renamed uno',
      'window.created three',
      'window.activated two',
      'session.created',
      'window.created w',
    ]);
    expect(diffSnapshots(after, after)).toEqual([]);
  });

  it('hides our sessions and compares trees without timestamps', () => {
    const s = snap(sess('$1', 'a', []), sess('$9', '__tmo_123', []));
    expect(userView(s).sessions.map((x) => x.name)).toEqual(['a']);
    expect(sameTree(s, { ...s, takenAt: 99 })).toBe(true);
    expect(sameTree(s, snap(sess('$1', 'b', [])))).toBe(false);
  });

  it('links what is not linked and kills only windows our links alone keep alive', () => {
    const full = snap(
      sess('$1', 'a', [win('@1', 0, 'x'), win('@2', 1, 'y')]),
      sess('$9', '__tmo_1', [win('@0', 0, 'cat'), win('@1', 1, 'x'), win('@5', 2, 'z')]),
    );
    expect(windowsToLink(full, '$9')).toEqual(['@2']);
    // @5 was a user window before: its session was killed. @0 (our placeholder) never was.
    expect(orphanedWindows(full, new Set(['@1', '@2', '@5']))).toEqual(['@5']);
  });
});

describe('events from notifications', () => {
  const view = snap(sess('$1', 'a', [win('@1', 0, 'one', true), win('@2', 1, 'two')]));
  const note = (name: string, rest: string) => ({ name, rest, args: rest.split(' ') });

  it('renames windows and sessions (names with spaces) and activates windows', () => {
    expect(fastEvents(note('window-renamed', '@2 new name'), view, 1)).toEqual([
      {
        type: 'window.renamed',
        time: 1,
        sessionId: '$1',
        session: 'a',
        windowId: '@2',
        window: 'new name',
        windowIndex: 1,
        oldName: 'two',
      },
    ]);
    expect(fastEvents(note('session-renamed', '$1 b c'), view, 1)).toEqual([
      { type: 'session.renamed', time: 1, sessionId: '$1', session: 'b c', oldName: 'a' },
    ]);
    expect(fastEvents(note('session-window-changed', '$1 @2'), view, 1)).toMatchObject([
      { type: 'window.activated', windowId: '@2' },
    ]);
  });

  it('says nothing when nothing changed or the target is unknown', () => {
    expect(fastEvents(note('window-renamed', '@2 two'), view)).toEqual([]);
    expect(fastEvents(note('session-window-changed', '$1 @1'), view)).toEqual([]);
    expect(fastEvents(note('window-renamed', '@77 x'), view)).toEqual([]);
    expect(fastEvents(note('window-close', '@1'), view)).toEqual([]);
  });
});

describe('tmo events formatting and filters', () => {
  it('matches types exactly or by family', () => {
    const m = typeMatcher(['window', 'agent.status']);
    expect(['window.created', 'window.renamed', 'agent.status'].every(m)).toBe(true);
    expect(m('pane.output')).toBe(false);
    expect(() => typeMatcher(['nope'])).toThrow(/unknown event type/);
  });

  it('keeps server events and cuts snapshots down to the named sessions', () => {
    const f = sessionFilter(['a']);
    expect(f({ type: 'server.down', time: 1, reason: 'x' })).not.toBeNull();
    expect(f({ type: 'session.created', time: 1, sessionId: '$2', session: 'b' })).toBeNull();
    const s = f({
      type: 'snapshot',
      time: 1,
      snapshot: snap(sess('$1', 'a', []), sess('$2', 'b', [])),
      agents: {},
    });
    expect(s?.type === 'snapshot' && s.snapshot.sessions.map((x) => x.name)).toEqual(['a']);
  });

  it('never prints control characters raw', () => {
    const line = formatLine({ type: 'pane.output', time: 0, paneId: '%1', text: '\x1b]52;c;evil\x07\r\n' });
    expect(line).not.toMatch(/[\x00-\x1f]/);
    expect(line).toContain('\\u001b]52');
  });
});

describe('window events from one targeted query', () => {
  const view = snap(sess('$1', 'a', [win('@1', 0, 'one', true)]));
  const note = (name: string, rest: string) => ({ name, rest, args: rest.split(' ') });
  const runner = (answer: (args: readonly string[]) => string): TmuxRunner => ({
    server: {},
    run: async (args) => ({ stdout: answer(args), stderr: '' }),
  });

  it('reads a new window with the snapshot format and reports it', async () => {
    const r = runner(() =>
      encodeRecord(WINDOW_SPEC, {
        session_id: '$1',
        window_id: '@5',
        window_index: '3',
        window_active: '0',
        window_activity: '1',
        window_name: 'new; #{x}',
      }),
    );
    expect(await queriedEvents(note('unlinked-window-add', '@5'), view, r, 1)).toEqual([
      {
        type: 'window.created',
        time: 1,
        sessionId: '$1',
        session: 'a',
        windowId: '@5',
        window: 'new; #{x}',
        windowIndex: 3,
      },
    ]);
  });

  it('reports a closed window only when tmux cannot find it any more', async () => {
    const gone = runner(() => {
      throw new TmuxError('TARGET_NOT_FOUND', "can't find window: @1");
    });
    expect(await queriedEvents(note('window-close', '@1'), view, gone, 1)).toMatchObject([
      { type: 'window.removed', windowId: '@1', session: 'a' },
    ]);
    const moved = runner(() => '@1\n');
    expect(await queriedEvents(note('unlinked-window-close', '@1'), view, moved)).toEqual([]);
    expect(await queriedEvents(note('unlinked-window-add', 'bogus'), view, moved)).toEqual([]);
  });
});

describe('formatLine: the text shown, cheaply', () => {
  const output = (text: string, time: number): TmoEvent =>
    ({ type: 'pane.output', time, paneId: '%1', text }) as TmoEvent;
  it('escapes exactly what JSON would, and prints the UTC clock to the millisecond, for any text and time', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        (text, time) => {
          const line = formatLine(output(text, time));
          expect(line.slice(0, 12)).toBe(new Date(time).toISOString().slice(11, 23));
          const json = JSON.stringify(text).slice(1, -1);
          expect(line).toContain(json.length > 160 ? json.slice(0, 159) : json);
        },
      ),
      { numRuns: 500 },
    );
  });
});
