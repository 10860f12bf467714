/**
 * Claude Code's own status: each interactive process keeps `<config dir>/sessions/<pid>.json` (config dir:
 * `$CLAUDE_CONFIG_DIR`, default `~/.claude`) with `status` (`busy`, `idle`, `waiting`, `shell` — idle with
 * a background shell), `statusUpdatedAt` (ms) and, when waiting, `waitingFor` (e.g. `dialog open`). `procStart` (the process start time in clock ticks,
 * /proc/<pid>/stat field 22) guards against a reused pid; older files without `status` are ignored.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PaneSignals } from '../agents/signals.js';
import { homeOf } from '../config/paths.js';
import { readRegularFile } from '../config/read-file.js';
import type { AgentState, WaitReason } from '../model/types.js';

export type SessionStatus = NonNullable<PaneSignals['sessionFile']>;

const STATUS: Record<string, { state: AgentState; reason?: WaitReason }> = {
  busy: { state: 'working' },
  idle: { state: 'idle' },
  shell: { state: 'idle' },
  waiting: { state: 'waiting' },
};

/** Claude Code's session files; with no home at all, a directory that is not there (`/nonexistent`, as passwd has it). */
export function claudeSessionsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['CLAUDE_CONFIG_DIR'] || join(homeOf(env) ?? '/nonexistent', '.claude'), 'sessions');
}

/** Field 22 of /proc/<pid>/stat (undefined without /proc). */
function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Parse one session file's text; undefined when it carries no status. */
export function parseSessionFile(text: string, path: string, pid: number): SessionStatus | undefined {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const status = typeof v['status'] === 'string' ? v['status'] : undefined;
  const meaning = status ? STATUS[status] : undefined;
  if (!status || !meaning) return undefined;
  if (typeof v['pid'] === 'number' && v['pid'] !== pid) return undefined;
  const at = [v['statusUpdatedAt'], v['updatedAt'], v['startedAt']].find((x) => typeof x === 'number');
  if (typeof at !== 'number') return undefined;
  if (v['procStart'] !== undefined) {
    const started = procStart(pid);
    if (started !== undefined && String(v['procStart']) !== started) return undefined;
  }
  const s: SessionStatus = { ...meaning, at, path, status };
  const waitingFor = typeof v['waitingFor'] === 'string' ? v['waitingFor'] : '';
  if (waitingFor) s.detail = waitingFor.slice(0, 80);
  // Seen in 2.1.332: `permission prompt`, `dialog open` (a first-run question).
  if (meaning.state === 'waiting' && /permission/i.test(waitingFor)) s.reason = 'permission';
  return s;
}

const listings = new Map<string, { mtime: number; at: number; names: Set<string> }>();

/**
 * The file names in `dir` (undefined: no such directory), listed again when the directory changed (its
 * mtime) or a second passed (a coarse-mtime file system). The live source looks at agents many times a
 * second: a failed open per process of every pane's tree, each a thrown error, cost more than the looks.
 */
export function namesIn(dir: string, now = Date.now()): Set<string> | undefined {
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st) return undefined;
  const known = listings.get(dir);
  if (known && known.mtime === st.mtimeMs && now - known.at < 1000) return known.names;
  let names: Set<string>;
  try {
    names = new Set(readdirSync(dir));
  } catch {
    return undefined;
  }
  listings.set(dir, { mtime: st.mtimeMs, at: now, names });
  return names;
}

/**
 * The status file of the first of `pids` (the pane's process and its descendants) that has one. `names`:
 * the directory's listing when the caller has it (a one-shot look lists it once for every pane).
 */
export function readSessionStatus(
  dir: string,
  pids: readonly number[],
  names = namesIn(dir),
): SessionStatus | undefined {
  if (!names) return undefined;
  for (const pid of pids.slice(0, 32)) {
    if (!names.has(`${pid}.json`)) continue;
    const path = join(dir, `${pid}.json`);
    let text: string;
    try {
      text = readRegularFile(path);
    } catch {
      continue;
    }
    const s = parseSessionFile(text, path, pid);
    if (s) return s;
  }
  return undefined;
}
