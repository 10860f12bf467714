import { printable } from '../model/printable.js';
import { runOrch, str } from '../orchestrate/command-support.js';
import { addSchedule, cancelSchedule, listSchedules, parseMinutes } from '../orchestrate/schedule.js';
import type { ScheduleEntry } from '../orchestrate/schedule-store.js';
import type { SchedulerState } from '../orchestrate/scheduler.js';
import { describeServer } from '../tmux/runner.js';
import { type CommandContext, type CommandModule, EXIT, err, out, printJson, UsageError } from './context.js';

const USAGE =
  'usage: tmo schedule <minutes> [--note TEXT] [--target T] [--force] | schedule list [--json] | schedule cancel ID';

const time = (ms: number): string => {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

const oneLine = (text: string, width: number): string => {
  const flat = printable(text.replace(/\n/g, ' ⏎ '));
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

function schedulerLine(s: SchedulerState): string {
  if (s.error) return `scheduler: NOT running: it could not start: ${oneLine(s.error, 200)}`;
  if (!s.running) return 'scheduler: not running (nothing pending)';
  return `scheduler: running (pid ${s.pid ?? '?'})${s.started ? ', started now' : ''}`;
}

function printList(ctx: CommandContext, schedules: ScheduleEntry[], scheduler: SchedulerState): void {
  if (schedules.length === 0) out(ctx, 'no check-ins scheduled');
  else {
    // WHEN is always the time it was scheduled for; when it fired or was cancelled goes with its state.
    const at = (s: ScheduleEntry): string => {
      if (s.firedAt === undefined) return '';
      const [day, clock] = [time(s.firedAt).slice(0, 10), time(s.firedAt).slice(11)];
      return ` at ${day === time(s.dueAt).slice(0, 10) ? clock : `${day} ${clock}`}`;
    };
    const rows = schedules.map((s) => [
      s.id,
      time(s.dueAt),
      s.status + (s.late ? ' (late)' : '') + at(s),
      `${oneLine(s.target, 20)}${s.target === s.paneId ? '' : ` (${s.paneId})`}`,
      oneLine(s.note, 50),
    ]);
    const head = ['ID', 'WHEN', 'STATUS', 'TARGET', 'NOTE'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const fmt = (r: string[]) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd();
    // Why a check-in did not get through (or was not confirmed), under its row.
    const why = (s: ScheduleEntry): string[] =>
      s.detail && (s.status === 'failed' || s.status === 'refused' || s.status === 'unconfirmed')
        ? [`${' '.repeat((widths[0] ?? 0) + 2)}${ctx.ascii ? '->' : '↳'} ${oneLine(s.detail, 150)}`]
        : [];
    const lines = rows.flatMap((r, i) => [fmt(r), ...why(schedules[i] as ScheduleEntry)]);
    out(ctx, [fmt(head), ...lines].join('\n'));
  }
  out(ctx, schedulerLine(scheduler));
}

/** Trouble with the schedules file or the scheduler, loudly on stderr (also in --json). */
function warn(ctx: CommandContext, problems: string[], scheduler: SchedulerState): void {
  for (const p of problems) err(ctx, `tmo: warning: ${p}`);
  if (scheduler.error)
    err(ctx, `tmo: the scheduler could not start, check-ins will not fire: ${scheduler.error}`);
}

export const command: CommandModule = {
  options: {
    note: { type: 'string' },
    target: { type: 'string', short: 't' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(ctx, { positionals, values }) {
    const [first, ...rest] = positionals;
    if (!first) throw new UsageError(USAGE);
    const json = values['json'] === true;
    return runOrch(ctx, async () => {
      if (first === 'list') {
        if (rest.length) throw new UsageError(USAGE);
        const { schedules, scheduler, problems } = await listSchedules(ctx.env);
        warn(ctx, problems, scheduler);
        if (json) printJson(ctx, { scheduler, schedules, problems });
        else printList(ctx, schedules, scheduler);
        // The truth about the scheduler: pending check-ins with no scheduler able to run is a failure.
        return scheduler.error ? EXIT.failure : EXIT.ok;
      }
      if (first === 'cancel') {
        const [id, ...more] = rest;
        if (!id || more.length) throw new UsageError('usage: tmo schedule cancel ID');
        const entry = await cancelSchedule(id, ctx.env);
        if (json) printJson(ctx, entry);
        else out(ctx, `cancelled ${entry.id} (was due ${time(entry.dueAt)})`);
        return EXIT.ok;
      }
      // The original's form: schedule <minutes> [note] [target]
      const [positionalNote, positionalTarget, ...more] = rest;
      if (more.length) throw new UsageError(USAGE);
      const minutes = parseMinutes(first);
      const note = str(values['note']) ?? positionalNote;
      const target = str(values['target']) ?? positionalTarget;
      const { entry, scheduler, problems } = await addSchedule(ctx.runner, {
        minutes,
        server: ctx.server,
        env: ctx.env,
        ...(note !== undefined ? { note } : {}),
        ...(target !== undefined ? { target } : {}),
        ...(values['force'] === true ? { force: true } : {}),
      });
      warn(ctx, problems, scheduler);
      if (json) printJson(ctx, { scheduler, schedule: entry, problems });
      else {
        out(
          ctx,
          `scheduled ${entry.id}: at ${time(entry.dueAt)} (in ${minutes} min) → ${printable(entry.target)}` +
            `${entry.target === entry.paneId ? '' : ` (${entry.paneId})`} on ${describeServer(entry.server)}`,
        );
      }
      return scheduler.error ? EXIT.failure : EXIT.ok;
    });
  },
};
