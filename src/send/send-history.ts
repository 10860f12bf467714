import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';

/**
 * The send history: every message `tmo send` (and the dashboard, the server, the scheduler) delivered,
 * one JSON line each in `$XDG_STATE_HOME/tmux-orchestrator/history.jsonl` (mode 0600). `summary` reads it
 * for "the last request made to" an agent. Bounded: trimmed to the newest KEEP lines past MAX_BYTES.
 */
export interface HistoryEntry {
  time: number;
  paneId: string;
  target: string;
  status: string;
  text: string;
}

const MAX_BYTES = 1024 * 1024;
const KEEP = 500;

export const historyFile = (env: NodeJS.ProcessEnv): string => join(stateDir(env), 'history.jsonl');

export function recordSend(env: NodeJS.ProcessEnv, entry: HistoryEntry): void {
  recordSendIn(stateDir(env), entry);
}

/** Only what arrived is history: confirmed or delivered-unconfirmed outcomes. */
export const delivered = (status: string): boolean => status === 'confirmed' || status === 'unconfirmed';

export function recordSendIn(dir: string, entry: HistoryEntry): void {
  const file = join(dir, 'history.jsonl');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    if (statSync(file).size > MAX_BYTES) {
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-KEEP);
      writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    }
  } catch {
    // history is a convenience: never fail a send because the state dir is not writable
  }
}

/** The newest entry per pane id. Malformed lines are skipped. */
export function lastSends(env: NodeJS.ProcessEnv): Map<string, HistoryEntry> {
  const latest = new Map<string, HistoryEntry>();
  let text: string;
  try {
    text = readFileSync(historyFile(env), 'utf8');
  } catch {
    return latest;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as HistoryEntry;
      if (typeof e.paneId === 'string' && typeof e.text === 'string' && typeof e.time === 'number')
        latest.set(e.paneId, e);
    } catch {
      // skip
    }
  }
  return latest;
}
