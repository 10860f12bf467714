/**
 * The scheduler daemon: one detached Node process per state dir (guarded by `scheduler.pid`, created
 * with O_EXCL; a pid file whose process is dead is taken over). It sleeps until the next check-in,
 * sends due notes with the safe send, records each outcome in schedules.json and exits when nothing
 * is pending. Check-ins that fell due while no daemon ran are fired on its start, marked `late`.
 * Any `tmo schedule …` command (and `ensureScheduler()` callers) start it again when needed.
 */
import { spawn } from 'node:child_process';
import { existsSync, unlinkSync } from 'node:fs';
import { appendFile, chmod, open, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processAlive, processArgs } from '../agents/proc.js';
import type { SendOutcome } from '../model/types.js';
import { delivered, recordSendIn } from '../send/send-history.js';
import { ProcessRunner, type TmuxRunner } from '../tmux/runner.js';
import type { OrchDeps } from './deps.js';
import { readSchedules, type ScheduleEntry, updateSchedules } from './schedule-store.js';
import { restartProblem } from './server-instance.js';

const NO_CREATE = { create: false } as const;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const pidPath = (dir: string): string => join(dir, 'scheduler.pid');
const logPath = (dir: string): string => join(dir, 'scheduler.log');
/** Longest sleep between looks at the file: a check-in added meanwhile is noticed within this. */
export const MAX_SLEEP_MS = 500;
/** Fired this much after its time even with a daemon running (e.g. a suspended laptop): late. */
export const LATE_AFTER_MS = 60_000;

export async function daemonPid(dir: string): Promise<number | undefined> {
  const pid = Number((await readFile(pidPath(dir), 'utf8').catch(() => '')).trim());
  return pid > 0 && runsDaemonFor(pid, dir) ? pid : undefined;
}

/**
 * Whether process `pid` is the scheduler of `dir` (`node …/daemon-main.js DIR`), not just alive: the pid of
 * a scheduler killed long ago is given to other processes in time (pids go round at 32,768 on many
 * machines), and trusting one would leave check-ins unfired for as long as that process lives. Without
 * /proc, that it is alive.
 */
function runsDaemonFor(pid: number, dir: string): boolean {
  if (!processAlive(pid)) return false;
  const argv = processArgs(pid);
  if (!argv) return !existsSync('/proc/self/cmdline'); // procfs there, the process not: gone meanwhile
  const entry = argv[argv.length - 2] ?? '';
  const arg = argv[argv.length - 1] ?? '';
  return /daemon-main\.js$/.test(entry) && resolve(arg) === resolve(dir);
}

async function claimPidFile(dir: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(pidPath(dir), 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await daemonPid(dir)) return false; // another daemon is alive
    await unlink(pidPath(dir)).catch(() => undefined); // stale: its process is gone
  }
  return false;
}

const stillOurs = async (dir: string): Promise<boolean> =>
  Number((await readFile(pidPath(dir), 'utf8').catch(() => '')).trim()) === process.pid;

export async function log(dir: string, line: string): Promise<void> {
  const text = `${new Date().toISOString()} [${process.pid}] ${line}\n`;
  await appendFile(logPath(dir), text, { mode: 0o600 })
    .then(() => chmod(logPath(dir), 0o600))
    .catch(() => undefined);
}

const statusOf = (outcome: SendOutcome): ScheduleEntry['status'] =>
  outcome.status === 'confirmed' ? 'delivered' : outcome.status;

export interface DaemonOptions {
  dir: string;
  deps: Pick<OrchDeps, 'sendText'>;
  /** Runner per schedule's server (tests inject). */
  runnerFor?: (entry: ScheduleEntry) => TmuxRunner;
}

/** Deliver one due check-in and record the outcome. */
async function fire(options: DaemonOptions, entry: ScheduleEntry, late: boolean): Promise<void> {
  const runner = options.runnerFor?.(entry) ?? new ProcessRunner(entry.server);
  let outcome: SendOutcome;
  try {
    // A restarted server reuses pane ids: the id may name a shell now. Checked right before the send.
    const problem = await restartProblem(runner, entry);
    outcome = problem
      ? { status: 'failed', target: entry.paneId, bytes: 0, detail: problem }
      : await options.deps.sendText(runner, entry.paneId, entry.note, entry.force ? { force: true } : {});
  } catch (error) {
    outcome = { status: 'failed', target: entry.paneId, bytes: 0, detail: (error as Error).message };
  }
  const firedAt = Date.now();
  const historyError = !delivered(outcome.status)
    ? undefined
    : recordSendIn(options.dir, {
        time: firedAt,
        paneId: entry.paneId,
        target: entry.target,
        status: outcome.status,
        text: entry.note,
      });
  await updateSchedules(
    options.dir,
    (list) => {
      const e = list.find((s) => s.id === entry.id);
      if (!e) return { result: undefined, write: false };
      e.status = statusOf(outcome);
      e.firedAt = firedAt;
      e.detail = historyError ? `${outcome.detail} (delivered; but ${historyError})` : outcome.detail;
      e.late = late || firedAt - e.dueAt > LATE_AFTER_MS;
      delete e.firingPid;
      return { result: undefined, write: true };
    },
    NO_CREATE,
  );
  await log(options.dir, `fired ${entry.id} → ${entry.paneId}: ${outcome.status} (${outcome.detail})`);
}

/**
 * The daemon's main loop. Returns when nothing is pending (or another daemon owns the state dir).
 */
export async function runDaemon(options: DaemonOptions): Promise<void> {
  const { dir } = options;
  if (!existsSync(dir)) return; // nothing was ever scheduled here (or the state dir was removed)
  if (!(await claimPidFile(dir))) return;
  const startedAt = Date.now();
  await log(dir, 'scheduler started');
  const release = () => {
    try {
      // Synchronous: also used from signal handlers.
      if (existsSync(pidPath(dir))) unlinkSync(pidPath(dir));
    } catch {
      // gone already
    }
  };
  const onSignal = () => {
    release();
    process.exit(0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', () => undefined); // survive the terminal closing
  // One delivery chain per pane: notes to the same pane go one after another (never interleaved),
  // different panes are served in parallel, and the loop keeps planning while sends are confirmed.
  const chains = new Map<string, Promise<void>>();
  const launch = (entry: ScheduleEntry) => {
    const previous = chains.get(entry.paneId) ?? Promise.resolve();
    const next = previous.then(() => fire(options, entry, entry.dueAt < startedAt));
    chains.set(entry.paneId, next);
    void next.finally(() => {
      if (chains.get(entry.paneId) === next) chains.delete(entry.paneId);
    });
  };
  try {
    for (;;) {
      if (!(await stillOurs(dir))) {
        await log(dir, 'pid file taken over: exiting');
        await Promise.allSettled([...chains.values()]);
        return;
      }
      const now = Date.now();
      const plan = await updateSchedules(
        dir,
        (list) => {
          let changed = false;
          for (const e of list) {
            // A daemon that died while sending: the note may or may not have gone out. Not resent.
            if (e.status === 'firing' && e.firingPid !== process.pid && !processAlive(e.firingPid ?? 0)) {
              e.status = 'failed';
              e.detail = 'the scheduler stopped while delivering it; not resent (it may have arrived)';
              e.firedAt = now;
              delete e.firingPid;
              changed = true;
            }
          }
          const pending = list.filter((e) => e.status === 'pending');
          const due = pending.filter((e) => e.dueAt <= now);
          for (const e of due) {
            e.status = 'firing';
            e.firingPid = process.pid;
          }
          const rest = pending.filter((e) => e.dueAt > now).map((e) => e.dueAt);
          const next = rest.length ? Math.min(...rest) : undefined;
          return {
            result: { due: due.map((e) => ({ ...e })), next, idle: pending.length === 0 },
            write: changed || due.length > 0,
          };
        },
        { ...NO_CREATE, onProblem: (p) => void log(dir, `warning: ${p}`) },
      );
      for (const entry of plan.due) launch(entry);
      if (plan.idle) {
        if (chains.size > 0) {
          await Promise.race([Promise.allSettled([...chains.values()]), sleep(MAX_SLEEP_MS)]);
          continue;
        }
        // Exit only if nothing was added since: re-check under the lock and drop the pid file inside it.
        const exit = await updateSchedules(
          dir,
          (list) => {
            const busy = list.some((e) => e.status === 'pending' || e.status === 'firing');
            if (!busy) release();
            return { result: !busy, write: false };
          },
          NO_CREATE,
        );
        if (exit) {
          await log(dir, 'nothing pending: scheduler exits');
          return;
        }
        continue;
      }
      const wait = plan.next === undefined ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, plan.next - Date.now());
      await sleep(Math.max(10, wait));
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    if (await stillOurs(dir)) release();
  }
}

/** The compiled daemon entry (`dist/src/orchestrate/daemon-main.js`), also when running from sources. */
export function daemonEntry(): string {
  const here = fileURLToPath(new URL('./daemon-main.js', import.meta.url));
  if (existsSync(here)) return here;
  return here.replace(
    /([\\/])src\1orchestrate\1daemon-main\.js$/,
    '$1dist$1src$1orchestrate$1daemon-main.js',
  );
}

export interface SchedulerState {
  running: boolean;
  pid?: number;
  /** true when this call started it. */
  started: boolean;
  /** Why it could not start (it should run: check-ins are pending). */
  error?: string;
}

/**
 * Start the daemon for `dir` when check-ins are pending and none runs: `node daemon-main.js DIR`,
 * detached (own process group, unref'd) so it outlives the terminal. Without TMUX in its environment:
 * each schedule names its server explicitly. With `waitMs` (`schedule list`), running is claimed only once
 * the daemon holds the pid file; one that exits first (a read-only state dir…) is reported with what it said.
 */
export async function ensureScheduler(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
  /** Wait (at most this long) until the daemon holds its pid file or exits; 0: report the spawn at once. */
  waitMs = 0,
): Promise<SchedulerState> {
  const pid = await daemonPid(dir);
  if (pid) return { running: true, pid, started: false };
  const schedules = await readSchedules(dir);
  if (!schedules.some((s) => s.status === 'pending' || s.status === 'firing'))
    return { running: false, started: false };
  const childEnv = { ...env };
  delete childEnv['TMUX'];
  delete childEnv['TMUX_PANE'];
  const child = spawn(process.execPath, [daemonEntry(), dir], {
    cwd: dir, // not the caller's folder: the daemon must not keep it busy
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: childEnv,
  });
  let said = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (said.length < 2000) said += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  const deadline = Date.now() + waitMs;
  let state: SchedulerState | undefined;
  while (!state) {
    const owner = await daemonPid(dir);
    if (owner) state = { running: true, pid: owner, started: owner === child.pid };
    else if (child.exitCode !== null || child.pid === undefined) {
      const code = await exited;
      state =
        code === 0
          ? { running: false, started: true } // it ran and found nothing left to do
          : {
              running: false,
              started: false,
              error: said.trim() || `the scheduler exited with code ${code}`,
            };
    } else if (Date.now() >= deadline) state = { running: true, pid: child.pid, started: true };
    else await sleep(20);
  }
  child.stderr?.destroy();
  child.unref();
  return state;
}
