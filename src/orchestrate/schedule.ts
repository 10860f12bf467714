/**
 * `tmo schedule`: check-ins kept in `stateDir()/schedules.json`, delivered by the scheduler daemon
 * (scheduler.ts) through the safe send. Plain functions returning data; nothing printed here.
 */
import { randomBytes } from 'node:crypto';
import { stateDir } from '../config/paths.js';
import { validateMessage } from '../send/send-validate.js';
import type { ServerSelector, TmuxRunner } from '../tmux/runner.js';
import { resolveTarget } from '../tmux/target.js';
import { OrchError } from './errors.js';
import {
  corruptLeftovers,
  readScheduleFile,
  readSchedules,
  type ScheduleEntry,
  updateSchedules,
} from './schedule-store.js';
import { ensureScheduler, type SchedulerState } from './scheduler.js';
import { serverInstanceOf } from './server-instance.js';

/** Longest delay accepted: 30 days. */
export const MAX_MINUTES = 30 * 24 * 60;

/** Parse `<minutes>`: a positive decimal number (`0.5`, `90`), at most MAX_MINUTES. */
export function parseMinutes(text: string): number {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text.trim()))
    throw new OrchError('usage', `minutes must be a positive number, e.g. 15 or 0.5 (got "${text}")`);
  const minutes = Number(text);
  if (!(minutes > 0)) throw new OrchError('usage', 'minutes must be more than 0');
  if (minutes > MAX_MINUTES) throw new OrchError('usage', `at most ${MAX_MINUTES} minutes (30 days)`);
  return minutes;
}

/**
 * The server a schedule is bound to: -L/-S when given; inside tmux with neither, the server of $TMUX
 * (its socket path, the part before the first comma) — the daemon runs without $TMUX.
 */
export function effectiveServer(server: ServerSelector, env: NodeJS.ProcessEnv): ServerSelector {
  if (server.socketPath) return { socketPath: server.socketPath };
  if (server.socketName) return { socketName: server.socketName };
  const tmux = env['TMUX'];
  if (tmux) {
    const comma = tmux.lastIndexOf(',', tmux.lastIndexOf(',') - 1);
    const path = comma > 0 ? tmux.slice(0, comma) : tmux.split(',')[0];
    if (path) return { socketPath: path };
  }
  return {};
}

export interface AddScheduleOptions {
  minutes: number;
  note?: string;
  /** The pane to type the note into; default `$TMUX_PANE` when inside tmux. */
  target?: string;
  force?: boolean;
  /** The server selection as given on the command line (-L / -S). */
  server: ServerSelector;
  env?: NodeJS.ProcessEnv;
  now?: number;
}

export const DEFAULT_NOTE = 'Scheduled check-in: report your status, blockers and next step.';

export interface AddScheduleResult {
  entry: ScheduleEntry;
  scheduler: SchedulerState;
  /** Trouble with the schedules file, said to the user (a corrupt file moved aside, malformed entries kept). */
  problems: string[];
}

/**
 * Add a check-in. The target is resolved now (a missing pane is an error now, not in an hour) and the
 * note goes to that pane id when it fires. `runner` must address `effectiveServer(server, env)`.
 */
export async function addSchedule(
  runner: TmuxRunner,
  options: AddScheduleOptions,
): Promise<AddScheduleResult> {
  const env = options.env ?? process.env;
  const target = options.target ?? env['TMUX_PANE'];
  if (!target)
    throw new OrchError('usage', 'no target: pass --target (outside tmux there is no current pane)');
  const note = options.note ?? DEFAULT_NOTE;
  if (note.trim() === '') throw new OrchError('usage', 'the note is empty');
  const valid = validateMessage(note);
  if (!valid.ok) throw new OrchError('usage', `the note cannot be sent: ${valid.message}`);
  const resolved = await resolveTarget(runner, target);
  const serverInstance = await serverInstanceOf(runner, resolved.paneId);
  const now = options.now ?? Date.now();
  const dir = stateDir(env);
  const problems: string[] = [];
  const entry = await updateSchedules(
    dir,
    (list) => {
      let id: string;
      do id = randomBytes(3).toString('hex');
      while (list.some((e) => e.id === id));
      const e: ScheduleEntry = {
        id,
        createdAt: now,
        dueAt: now + Math.round(options.minutes * 60_000),
        minutes: options.minutes,
        note,
        target,
        paneId: resolved.paneId,
        server: effectiveServer(options.server, env),
        serverInstance,
        status: 'pending',
        ...(options.force ? { force: true } : {}),
      };
      list.push(e);
      return { result: e, write: true };
    },
    { onProblem: (p) => problems.push(p) },
  );
  return { entry, scheduler: await ensureScheduler(dir, env), problems };
}

export interface ListSchedulesResult {
  schedules: ScheduleEntry[];
  scheduler: SchedulerState;
  problems: string[];
}

/** Every kept check-in (pending first by due time, then finished ones), re-arming the daemon if needed. */
export async function listSchedules(env: NodeJS.ProcessEnv = process.env): Promise<ListSchedulesResult> {
  const dir = stateDir(env);
  const read = await readScheduleFile(dir);
  // The truth: "running" only once the spawned scheduler holds its pid file (or why it could not start).
  const scheduler = await ensureScheduler(dir, env, 10_000);
  const schedules = (await readSchedules(dir)).sort((a, b) => a.dueAt - b.dueAt);
  // Moved aside earlier (now or by the daemon): said on every list until the user removes it.
  const aside = (await corruptLeftovers(dir))
    .filter((f) => !read.problems.some((p) => p.includes(f)))
    .map(
      (f) =>
        `a corrupt schedules file was kept aside as ${f}: its check-ins are not scheduled (remove it once checked)`,
    );
  return { schedules, scheduler, problems: [...read.problems, ...aside] };
}

/** Cancel a pending check-in by id. OrchError when it does not exist or already fired. */
export async function cancelSchedule(
  id: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ScheduleEntry> {
  const dir = stateDir(env);
  const result = await updateSchedules<{ error: string } | { entry: ScheduleEntry }>(dir, (list) => {
    const e = list.find((s) => s.id === id);
    if (!e) return { result: { error: `no check-in with id "${id}"` }, write: false };
    if (e.status !== 'pending')
      return { result: { error: `check-in ${id} is not pending (it is ${e.status})` }, write: false };
    e.status = 'cancelled';
    e.firedAt = Date.now();
    return { result: { entry: { ...e } }, write: true };
  });
  if ('error' in result) throw new OrchError('failure', result.error);
  return result.entry;
}
