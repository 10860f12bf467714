/**
 * `stateDir()/schedules.json`: the check-ins, shared by the CLI and the scheduler daemon. Every change
 * is read-modify-write under an exclusive lock file (`schedules.lock`, created with O_EXCL, stale when
 * its owner is dead) and written atomically (temp file + rename): a crash never leaves half a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from '../agents/proc.js';
import type { ServerSelector } from '../tmux/runner.js';
import type { ServerInstance } from './server-instance.js';

export const SCHEDULE_STATUSES = [
  'pending',
  'firing',
  'delivered',
  'unconfirmed',
  'refused',
  'failed',
  'cancelled',
] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

export interface ScheduleEntry {
  id: string;
  /** ms since epoch */
  createdAt: number;
  /** ms since epoch: when it is to fire. */
  dueAt: number;
  minutes: number;
  note: string;
  /** The target as the user gave it (or `$TMUX_PANE`). */
  target: string;
  /** The pane id it resolved to when scheduled: what the note is sent to. */
  paneId: string;
  /** The tmux server (-L / -S) it was scheduled on. */
  server: ServerSelector;
  /**
   * The server instance (pid, start time) the pane id belongs to: a restarted server reuses pane ids,
   * so the note is not sent when the server is another one now. Absent in entries of older versions.
   */
  serverInstance?: ServerInstance;
  /** Send even when the agent shows a dialog. */
  force?: boolean;
  status: ScheduleStatus;
  /** ms since epoch: when it fired. */
  firedAt?: number;
  /** Fired after its time because no scheduler was running then (re-armed on the next start). */
  late?: boolean;
  /** The send's explanation (or why it failed). */
  detail?: string;
  /** The daemon delivering it (status `firing`). */
  firingPid?: number;
}

export interface ScheduleFile {
  version: 1;
  schedules: ScheduleEntry[];
}

export const FINISHED_KEEP = 100;
export const FINISHED_MAX_AGE_MS = 7 * 24 * 3600_000;

export const schedulesPath = (dir: string): string => join(dir, 'schedules.json');
const lockPath = (dir: string): string => join(dir, 'schedules.lock');

function isEntry(value: unknown): value is ScheduleEntry {
  const e = value as Partial<ScheduleEntry> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'string' &&
    typeof e.dueAt === 'number' &&
    typeof e.note === 'string' &&
    typeof e.paneId === 'string' &&
    typeof e.status === 'string' &&
    (SCHEDULE_STATUSES as readonly string[]).includes(e.status)
  );
}

/** File operations used here (tests inject failures such as ENOSPC through this object). */
export const storeFs = { open, readFile, rename, rm, stat, unlink, writeFile, readdir };

export interface ScheduleRead {
  schedules: ScheduleEntry[];
  /** Entries that are not check-ins we understand: kept in the file as they are, never dropped. */
  malformed: unknown[];
  /** What was wrong, for the user: a corrupt file moved aside, malformed entries kept. */
  problems: string[];
}

/** The file's schedules ([] when it does not exist). A corrupt file is moved aside and said, never lost silently. */
export async function readScheduleFile(dir: string): Promise<ScheduleRead> {
  const file = schedulesPath(dir);
  let text: string;
  try {
    text = await storeFs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { schedules: [], malformed: [], problems: [] };
    throw error;
  }
  let parsed: Partial<ScheduleFile>;
  try {
    parsed = JSON.parse(text) as Partial<ScheduleFile>;
    if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.schedules))
      throw new Error('no "schedules" list');
  } catch (error) {
    const aside = `${file}.corrupt-${Date.now()}`;
    await storeFs.rename(file, aside);
    const lost = (text.match(/"id"\s*:/g) ?? []).length;
    return {
      schedules: [],
      malformed: [],
      problems: [
        `${file} was corrupt (${(error as Error).message}): moved to ${aside}; ${lost} check-in${lost === 1 ? '' : 's'} in it lost`,
      ],
    };
  }
  const schedules: ScheduleEntry[] = [];
  const malformed: unknown[] = [];
  for (const e of parsed.schedules ?? []) (isEntry(e) ? schedules : malformed).push(e);
  const problems = malformed.length
    ? [
        `${file}: ${malformed.length} malformed entr${malformed.length === 1 ? 'y' : 'ies'} kept as they are (not scheduled): ${JSON.stringify(malformed[0]).slice(0, 120)}`,
      ]
    : [];
  return { schedules, malformed, problems };
}

export async function readSchedules(dir: string): Promise<ScheduleEntry[]> {
  return (await readScheduleFile(dir)).schedules;
}

/** Corrupt files moved aside earlier (`schedules.json.corrupt-*`): reported until the user removes them. */
export async function corruptLeftovers(dir: string): Promise<string[]> {
  const names = await storeFs.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith('schedules.json.corrupt-')).map((n) => join(dir, n));
}

async function writeSchedules(dir: string, schedules: ScheduleEntry[], malformed: unknown[]): Promise<void> {
  const tmp = `${schedulesPath(dir)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file: ScheduleFile = { version: 1, schedules: [...schedules, ...(malformed as ScheduleEntry[])] };
  try {
    await storeFs.writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await storeFs.rename(tmp, schedulesPath(dir));
  } catch (error) {
    await storeFs.rm(tmp, { force: true }).catch(() => undefined); // no temp file left behind
    throw error;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Take the lock: O_EXCL create, then our pid in it (if that write fails, e.g. ENOSPC, the lock is removed
 * again). A lock whose pid is dead is broken, as is one without a pid older than 2 s (its writer failed)
 * or any older than 30 s.
 */
async function acquireLock(dir: string, timeoutMs = 10_000): Promise<void> {
  const path = lockPath(dir);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await storeFs.open(path, 'wx', 0o600);
      try {
        await handle.writeFile(String(process.pid));
      } catch (error) {
        await handle.close().catch(() => undefined);
        await storeFs.unlink(path).catch(() => undefined);
        throw error;
      }
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(await storeFs.readFile(path, 'utf8').catch(() => ''));
    const age = await storeFs.stat(path).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    const stale = owner > 0 ? !processAlive(owner) : age > 2000;
    if (stale || age > 30_000) {
      await storeFs.unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) throw new Error(`could not lock ${path} (held by pid ${owner || '?'})`);
    await sleep(5 + Math.random() * 10);
  }
}

/** Drop finished entries older than a week, keeping at most FINISHED_KEEP of them. */
export function prune(schedules: ScheduleEntry[], now = Date.now()): ScheduleEntry[] {
  const active = schedules.filter((s) => s.status === 'pending' || s.status === 'firing');
  const done = schedules
    .filter((s) => s.status !== 'pending' && s.status !== 'firing')
    .filter((s) => now - (s.firedAt ?? s.dueAt) < FINISHED_MAX_AGE_MS)
    .sort((a, b) => (b.firedAt ?? b.dueAt) - (a.firedAt ?? a.dueAt))
    .slice(0, FINISHED_KEEP);
  return [...active, ...done].sort((a, b) => a.dueAt - b.dueAt);
}

/**
 * Read-modify-write under the lock. `change` edits the array in place (or returns a new one) and a
 * result; the file is written only when `change` says so (returns `{ write: true }`). Without
 * `create: false` the state dir is created when missing; with it, a missing dir throws ENOENT.
 */
export async function updateSchedules<T>(
  dir: string,
  change: (schedules: ScheduleEntry[]) => { result: T; schedules?: ScheduleEntry[]; write: boolean },
  options: { create?: boolean; onProblem?: (problem: string) => void } = {},
): Promise<T> {
  // The daemon passes create: false: a state dir removed under it means "stop", not "recreate".
  if (options.create !== false) await mkdir(dir, { recursive: true, mode: 0o700 });
  await acquireLock(dir);
  try {
    const { schedules: current, malformed, problems } = await readScheduleFile(dir);
    for (const p of problems) options.onProblem?.(p);
    const outcome = change(current);
    if (outcome.write) await writeSchedules(dir, prune(outcome.schedules ?? current), malformed);
    return outcome.result;
  } finally {
    await storeFs.rm(lockPath(dir), { force: true });
  }
}
