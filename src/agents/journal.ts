/**
 * The state journal: the one source of `since` shared by `status`, the dashboard, `tmo events` and
 * `tmo serve`. One small JSON file per tmux server instance in `stateDir()/journal/<pid>-<start>.json`
 * (the server's pid and start time, as the scheduler keys check-ins: a restarted server hands pane ids
 * out again from `%0`, and a new instance gets a new, empty file), holding per agent pane its kind, state,
 * reason and since. The long-running sources write it when a state changes; one-shot commands read it and
 * write only when what they see differs. Writes are atomic (a temporary file renamed over it), mode 0600,
 * and bounded (only the panes present now, at most MAX_PANES; at most MAX_FILES journals are kept).
 */
import { join } from 'node:path';
import { readRegularFile } from '../config/read-file.js';
import { writeStateFile } from '../config/state-file.js';
import { AGENT_KINDS, AGENT_STATES, type AgentStatus, WAIT_REASONS } from '../model/types.js';
import type { TmuxRunner } from '../tmux/runner.js';
import type { ServerInstance } from '../tmux/snapshot.js';

export type { ServerInstance };

/** What the journal keeps per pane. */
export type JournalEntry = Pick<AgentStatus, 'kind' | 'state' | 'reason' | 'since'>;
export type JournalPanes = Record<string, JournalEntry>;

export const MAX_PANES = 4096;
export const MAX_FILES = 32;

export const journalDir = (stateDir: string): string => join(stateDir, 'journal');
export const journalFile = (stateDir: string, server: ServerInstance): string =>
  join(journalDir(stateDir), `${server.pid}-${server.startTime}.json`);

/** The instance of the server `runner` talks to, or undefined when none answers. */
export async function serverInstance(runner: TmuxRunner): Promise<ServerInstance | undefined> {
  try {
    const { stdout } = await runner.run(['display-message', '-p', '#{pid} #{start_time}']);
    const [pid, startTime] = stdout.trim().split(' ').map(Number);
    return pid && startTime && pid > 0 && startTime > 0 ? { pid, startTime } : undefined;
  } catch {
    return undefined;
  }
}

const has = (list: readonly string[], v: unknown): boolean => typeof v === 'string' && list.includes(v);

function entryOf(v: unknown): JournalEntry | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (!has(AGENT_KINDS, o['kind']) || !has(AGENT_STATES, o['state'])) return undefined;
  const since = o['since'];
  if (typeof since !== 'number' || !Number.isFinite(since) || since <= 0) return undefined;
  const e = { kind: o['kind'], state: o['state'], since } as JournalEntry;
  if (has(WAIT_REASONS, o['reason'])) e.reason = o['reason'] as JournalEntry['reason'];
  return e;
}

/** The panes recorded in `file`; none when it is missing or unreadable (a journal is never required). */
export function readJournal(file: string): JournalPanes {
  let data: unknown;
  try {
    data = JSON.parse(readRegularFile(file));
  } catch {
    return {};
  }
  const panes = (data as { panes?: unknown } | null)?.panes;
  const out: JournalPanes = {};
  if (typeof panes !== 'object' || panes === null) return out;
  for (const [id, v] of Object.entries(panes)) {
    const e = entryOf(v);
    if (e && /^%\d+$/.test(id)) out[id] = e;
  }
  return out;
}

/** Same kind, state and reason: the same state, whatever its since. */
export const sameState = (a: Omit<JournalEntry, 'since'>, b: Omit<JournalEntry, 'since'>): boolean =>
  a.kind === b.kind && a.state === b.state && a.reason === b.reason;

export const toEntry = (s: JournalEntry): JournalEntry =>
  s.reason
    ? { kind: s.kind, state: s.state, reason: s.reason, since: s.since }
    : { kind: s.kind, state: s.state, since: s.since };

/**
 * `current` with `updates` applied (an entry, or null: no longer an agent) and, when `present` is given,
 * without the panes that are gone. `changed` is false when nothing would be written differently.
 */
export function mergeJournal(
  current: JournalPanes,
  updates: Record<string, JournalEntry | null>,
  present?: ReadonlySet<string>,
): { panes: JournalPanes; changed: boolean } {
  const panes: JournalPanes = {};
  let changed = false;
  for (const [id, e] of Object.entries(current)) {
    if (present && !present.has(id)) changed = true;
    else panes[id] = e;
  }
  for (const [id, e] of Object.entries(updates)) {
    const before = panes[id];
    if (e === null) {
      if (before) {
        delete panes[id];
        changed = true;
      }
    } else if (!before || !sameState(before, e) || before.since !== e.since) {
      panes[id] = toEntry(e);
      changed = true;
    }
  }
  return { panes, changed };
}

/** Write the journal atomically (0600, its directory 0700); a new journal prunes the oldest ones. */
export function writeJournal(file: string, panes: JournalPanes): void {
  const kept = Object.entries(panes)
    .sort(([, a], [, b]) => b.since - a.since)
    .slice(0, MAX_PANES);
  try {
    const text = `${JSON.stringify({ v: 1, panes: Object.fromEntries(kept) })}\n`;
    writeStateFile(file, text, MAX_FILES, (name) => name.endsWith('.json'));
  } catch {
    // A journal that cannot be written costs true ages after a restart, nothing else.
  }
}

/** Read, merge, and write only when something changed. Returns the merged panes. */
export function updateJournal(
  file: string,
  updates: Record<string, JournalEntry | null>,
  present?: ReadonlySet<string>,
): JournalPanes {
  const { panes, changed } = mergeJournal(readJournal(file), updates, present);
  if (changed) writeJournal(file, panes);
  return panes;
}

/**
 * When a state first seen now began, at the latest: a static state (waiting, idle, error, exited) has
 * held at least since the window last changed on screen (tmux's `window_activity`); a working agent
 * redraws all the time, so its state is dated from now (the first sight).
 */
export function firstSince(state: AgentStatus['state'], now: number, windowActivity?: number): number {
  const still = state === 'waiting' || state === 'idle' || state === 'error' || state === 'exited';
  return still && windowActivity && windowActivity > 0 && windowActivity < now ? windowActivity : now;
}
