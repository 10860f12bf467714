import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  firstSince,
  journalDir,
  journalFile,
  MAX_FILES,
  mergeJournal,
  readJournal,
  updateJournal,
  writeJournal,
} from '../../src/agents/journal.js';
import { AgentTracker } from '../../src/agents/tracker.js';
import { withJournalSince } from '../../src/commands/gather.js';
import type { AgentStatus, Snapshot } from '../../src/model/types.js';

const dir = () => mkdtempSync(join(tmpdir(), 'tmo-journal-'));
const waiting = { kind: 'claude', state: 'waiting', reason: 'permission', since: 1000 } as const;

function snapshot(panes: Record<string, number>): Snapshot {
  return {
    takenAt: 0,
    server: { running: true, socket: '-L x' },
    sessions: [
      {
        id: '$0',
        name: 's',
        created: 0,
        attached: false,
        clients: 0,
        activity: 0,
        windows: Object.entries(panes).map(([id, activity], i) => ({
          id: `@${i}`,
          index: i,
          name: `w${i}`,
          active: i === 0,
          activity,
          panes: [
            {
              id,
              index: 0,
              active: true,
              width: 80,
              height: 24,
              command: 'claude',
              pid: 1,
              title: '',
              dead: false,
              inMode: false,
            },
          ],
        })),
      },
    ],
  };
}

describe('state journal', () => {
  it('is keyed by the server instance, written atomically with mode 0600, and read back', () => {
    const state = dir();
    const file = journalFile(state, { pid: 42, startTime: 1_700_000_000 });
    expect(file).toBe(join(state, 'journal', '42-1700000000.json'));
    expect(readJournal(file)).toEqual({});
    updateJournal(file, { '%1': waiting, '%2': { kind: 'codex', state: 'working', since: 2000 } });
    expect(readJournal(file)).toEqual({
      '%1': waiting,
      '%2': { kind: 'codex', state: 'working', since: 2000 },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(journalDir(state)).mode & 0o777).toBe(0o700);
    expect(readdirSync(journalDir(state))).toEqual(['42-1700000000.json']); // no temporary file left
  });

  it('writes only on change, drops gone panes and non-agents, ignores malformed entries', () => {
    const file = journalFile(dir(), { pid: 1, startTime: 2 });
    updateJournal(file, { '%1': waiting });
    const before = statSync(file).mtimeMs;
    utimesSync(file, new Date(0), new Date(0));
    updateJournal(file, { '%1': { ...waiting } }, new Set(['%1']));
    expect(statSync(file).mtimeMs).toBe(0); // same state, same since: not written
    expect(before).toBeGreaterThan(0);
    expect(mergeJournal({ '%1': waiting }, {}, new Set(['%2']))).toEqual({ panes: {}, changed: true });
    expect(mergeJournal({ '%1': waiting }, { '%1': null })).toEqual({ panes: {}, changed: true });
    writeFileSync(
      file,
      JSON.stringify({
        panes: {
          '%1': waiting,
          '%2': { kind: 'nope', state: 'idle', since: 1 },
          '%3': { kind: 'claude', state: 'idle', since: 'soon' },
          bad: waiting,
        },
      }),
    );
    expect(readJournal(file)).toEqual({ '%1': waiting });
    writeFileSync(file, '{not json');
    expect(readJournal(file)).toEqual({});
  });

  it('keeps at most MAX_FILES journals: a new server prunes the oldest', () => {
    const state = dir();
    for (let i = 0; i < MAX_FILES + 3; i++) {
      const file = journalFile(state, { pid: 100 + i, startTime: 5 });
      writeJournal(file, { '%0': waiting });
      utimesSync(file, new Date(i * 1000), new Date(i * 1000));
    }
    const left = readdirSync(journalDir(state));
    expect(left).toHaveLength(MAX_FILES);
    expect(left).toContain(`${100 + MAX_FILES + 2}-5.json`);
    expect(left).not.toContain('100-5.json');
  });

  it('dates a first sight: a static state from the window activity, working from now', () => {
    expect(firstSince('waiting', 10_000, 4000)).toBe(4000);
    expect(firstSince('idle', 10_000, 12_000)).toBe(10_000);
    expect(firstSince('working', 10_000, 4000)).toBe(10_000);
    expect(firstSince('error', 10_000, undefined)).toBe(10_000);
  });
});

describe('one source of since', () => {
  const claude = (state: AgentStatus['state'], since: number, reason?: 'permission'): AgentStatus => ({
    kind: 'claude',
    state,
    since,
    ...(reason ? { reason } : {}),
  });

  it('one-shot looks agree with each other and with a tracker seeded from the journal', () => {
    const file = journalFile(dir(), { pid: 7, startTime: 8 });
    const snap = snapshot({ '%1': 5000, '%2': 9000 });
    const first = withJournalSince(
      snap,
      { '%1': claude('waiting', 20_000, 'permission'), '%2': claude('working', 20_000) },
      file,
      20_000,
    );
    expect(first['%1']?.since).toBe(5000); // the window's last activity
    expect(first['%2']?.since).toBe(0); // working seen once: no start known (no age shown)…
    // Four minutes later, the same states: the same since.
    const later = withJournalSince(
      snap,
      { '%1': claude('waiting', 260_000, 'permission'), '%2': claude('working', 260_000) },
      file,
      260_000,
    );
    expect(later['%1']?.since).toBe(5000);
    expect(later['%2']?.since).toBe(20_000); // …later looks date it from the first one
    // A dashboard (tracker) started now, seeded from the journal, says the same.
    let now = 300_000;
    const tracker = new AgentTracker({ now: () => now });
    for (const [id, e] of Object.entries(readJournal(file))) tracker.seed(id, e);
    expect(tracker.update('%1', 'claude', { state: 'waiting', reason: 'permission', rule: 'r' }).since).toBe(
      5000,
    );
    // …while a state that changed since is dated anew.
    expect(tracker.update('%2', 'claude', { state: 'waiting', reason: 'permission', rule: 'r' }).since).toBe(
      300_000,
    );
    now = 301_000;
    // A change seen by a one-shot look is recorded: working → waiting.
    const changed = withJournalSince(snap, { '%2': claude('waiting', now, 'permission') }, file, now);
    expect(changed['%2']?.since).toBe(9000);
    expect(readJournal(file)['%2']).toMatchObject({ state: 'waiting', since: 9000 });
    expect(readJournal(file)['%1']).toBeUndefined(); // no longer an agent there
  });

  it('a pane id reused by a restarted server does not inherit the old since', () => {
    const state = dir();
    const old = journalFile(state, { pid: 50, startTime: 1000 });
    withJournalSince(snapshot({ '%0': 1000 }), { '%0': claude('idle', 2000) }, old, 2000);
    const restarted = journalFile(state, { pid: 50, startTime: 5000 }); // same pid, later start
    const again = withJournalSince(snapshot({ '%0': 6000 }), { '%0': claude('idle', 9000) }, restarted, 9000);
    expect(again['%0']?.since).toBe(6000);
    expect(JSON.parse(readFileSync(old, 'utf8')).panes['%0'].since).toBe(1000);
  });

  it('a tracker seed moves since back only in the same state', () => {
    let now = 10_000;
    const t = new AgentTracker({ now: () => now });
    t.seed('%1', { kind: 'claude', state: 'idle', since: 3000 });
    expect(t.update('%1', 'claude', { state: 'working', rule: 'w' }).since).toBe(10_000); // another state
    now = 11_000;
    t.seed('%1', { kind: 'claude', state: 'working', since: 9000 });
    expect(t.get('%1')?.since).toBe(9000);
    t.seed('%1', { kind: 'claude', state: 'working', since: 9500 }); // later: ignored
    expect(t.get('%1')?.since).toBe(9000);
    t.seed('%1', { kind: 'claude', state: 'idle', since: 1 }); // other state: ignored
    expect(t.get('%1')?.state).toBe('working');
    expect(t.get('%1')?.since).toBe(9000);
  });
});
