import {
  appendFileSync,
  chmodSync,
  closeSync,
  fstatSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';
import { readRegularFile } from '../config/read-file.js';
import { makeDirs } from '../config/state-file.js';

/**
 * The send history: every message `tmo send` (and the dashboard, the server, the scheduler) delivered,
 * one JSON line each in `$XDG_STATE_HOME/tmux-orchestrator/history.jsonl` (mode 0600). `summary` reads it
 * for "the last request made to" an agent. Bounded: past MAX_BYTES trimmed to the newest lines within half of it.
 */
export interface HistoryEntry {
  time: number;
  paneId: string;
  target: string;
  status: string;
  text: string;
}

const MAX_BYTES = 1024 * 1024;
/** After trimming: at most this much of the newest lines (a single larger line is dropped whole). */
const KEEP_BYTES = MAX_BYTES / 2;

export const historyFile = (env: NodeJS.ProcessEnv): string => join(stateDir(env), 'history.jsonl');

/** Why the history was not written, or undefined when it was. */
export type HistoryWrite = string | undefined;

export function recordSend(env: NodeJS.ProcessEnv, entry: HistoryEntry): HistoryWrite {
  return recordSendIn(stateDir(env), entry);
}

/** Only what arrived is history: confirmed or delivered-unconfirmed outcomes. */
export const delivered = (status: string): boolean => status === 'confirmed' || status === 'unconfirmed';

/** Does the file end in the middle of a line (a crash mid-write)? */
function endsMidLine(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Append one record as one line (starting on a fresh line if the last one was cut short), mode 0600; trim
 * past MAX_BYTES to the newest lines within KEEP_BYTES. Never throws: returns why it failed (read-only
 * dir, full disk, a directory in the file's place) so the caller can say so — the message was delivered.
 */
export function recordSendIn(dir: string, entry: HistoryEntry): HistoryWrite {
  const file = join(dir, 'history.jsonl');
  try {
    makeDirs(dir);
    const line = `${endsMidLine(file) ? '\n' : ''}${JSON.stringify(entry)}\n`;
    appendFileSync(file, line, { mode: 0o600 });
    const stat = statSync(file);
    if ((stat.mode & 0o077) !== 0) chmodSync(file, 0o600);
    if (stat.size > MAX_BYTES) trim(file);
    return undefined;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return `cannot write the send history ${file}: ${e.code ?? e.message}`;
  }
}

/** Keep the newest whole lines within KEEP_BYTES (written to a temp file, then renamed over). */
function trim(file: string): void {
  const lines = readRegularFile(file).split('\n').filter(Boolean);
  const kept: string[] = [];
  let bytes = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const n = Buffer.byteLength(lines[i] ?? '') + 1;
    if (bytes + n > KEEP_BYTES) break;
    kept.push(lines[i] ?? '');
    bytes += n;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, kept.length ? `${kept.reverse().join('\n')}\n` : '', { mode: 0o600 });
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** The newest entry per pane id. Broken lines are skipped and counted (`onBroken`). */
export function lastSends(
  env: NodeJS.ProcessEnv,
  onBroken?: (count: number, file: string) => void,
): Map<string, HistoryEntry> {
  const latest = new Map<string, HistoryEntry>();
  let text: string;
  try {
    text = readRegularFile(historyFile(env));
  } catch {
    return latest;
  }
  let broken = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as HistoryEntry;
      if (typeof e.paneId === 'string' && typeof e.text === 'string' && typeof e.time === 'number')
        latest.set(e.paneId, e);
      else broken++;
    } catch {
      broken++;
    }
  }
  if (broken) onBroken?.(broken, historyFile(env));
  return latest;
}
