/**
 * `stateDir()/schedules.json`: the check-ins, shared by the CLI and the scheduler daemon. Every change
 * is read-modify-write under an exclusive lock file (`schedules.lock`, created with O_EXCL, stale when
 * its owner is dead) and written atomically (temp file + rename): a crash never leaves half a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
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

/** The file's schedules ([] when it does not exist). A corrupt file is kept aside, not silently lost. */
export async function readSchedules(dir: string): Promise<ScheduleEntry[]> {
  let text: string;
  try {
    text = await readFile(schedulesPath(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<ScheduleFile>;
    return Array.isArray(parsed.schedules) ? parsed.schedules.filter(isEntry) : [];
  } catch {
    await rename(schedulesPath(dir), `${schedulesPath(dir)}.corrupt-${Date.now()}`).catch(() => undefined);
    return [];
  }
}

async function writeSchedules(dir: string, schedules: ScheduleEntry[]): Promise<void> {
  const tmp = `${schedulesPath(dir)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file: ScheduleFile = { version: 1, schedules };
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, schedulesPath(dir));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Take the lock: O_EXCL create; a lock whose pid is dead (or older than 30 s) is broken. */
async function acquireLock(dir: string, timeoutMs = 10_000): Promise<void> {
  const path = lockPath(dir);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(await readFile(path, 'utf8').catch(() => ''));
    const age = await stat(path).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if ((owner > 0 && !processAlive(owner)) || age > 30_000) {
      await unlink(path).catch(() => undefined);
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
  options: { create?: boolean } = {},
): Promise<T> {
  // The daemon passes create: false: a state dir removed under it means "stop", not "recreate".
  if (options.create !== false) await mkdir(dir, { recursive: true, mode: 0o700 });
  await acquireLock(dir);
  try {
    const current = await readSchedules(dir);
    const outcome = change(current);
    if (outcome.write) await writeSchedules(dir, prune(outcome.schedules ?? current));
    return outcome.result;
  } finally {
    await rm(lockPath(dir), { force: true });
  }
}
