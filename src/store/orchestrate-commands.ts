/**
 * The orchestration commands of the `:` palette (issue: start, deploy, stop, schedule, list schedules),
 * thin wrappers over `src/orchestrate/` — the same functions the CLI commands call. Embedded source only:
 * they act on the local tmux server.
 */
import { parseArgs } from 'node:util';
import { stateDir } from '../config/paths.js';
import {
  addSchedule,
  cancelSchedule,
  deployPm,
  ensureScheduler,
  listSchedules,
  parseMinutes,
  realDeps,
  startProject,
  stopSession,
} from '../orchestrate/index.js';
import type { ServerSelector, TmuxRunner } from '../tmux/runner.js';
import type { PaletteCommand } from './types.js';

export interface OrchestrateContext {
  runner: TmuxRunner;
  server: ServerSelector;
  env: NodeJS.ProcessEnv;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Parse `args` like a command line; a usage problem becomes the status-line message. */
function parse(args: string[], options: Record<string, { type: 'string' | 'boolean' }>) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

export function orchestrateCommands(ctx: OrchestrateContext): PaletteCommand[] {
  const guard =
    (fn: PaletteCommand['run']): PaletteCommand['run'] =>
    async (args, api) => {
      try {
        return await fn(args, api);
      } catch (error) {
        return `error: ${errorText(error)}`;
      }
    };
  return [
    {
      name: 'start',
      summary: 'DIR [--agent A] [--name S]: a session with agent, shell and dev-server windows',
      run: guard(async (args) => {
        const { positionals, values } = parse(args, { agent: { type: 'string' }, name: { type: 'string' } });
        const dir = positionals[0];
        if (!dir) return 'usage: :start DIR [--agent claude|codex|gemini|aider|CMD] [--name S]';
        const r = await startProject(ctx.runner, {
          dir,
          env: ctx.env,
          deps: await realDeps(),
          ...(typeof values.agent === 'string' ? { agent: values.agent } : {}),
          ...(typeof values.name === 'string' ? { name: values.name } : {}),
        });
        return `started ${r.session.name} (${r.session.id}) in ${r.session.path}`;
      }),
    },
    {
      name: 'deploy',
      summary: 'SESSION [--agent A]: add a briefed project-manager agent window',
      run: guard(async (args) => {
        const { positionals, values } = parse(args, { agent: { type: 'string' } });
        const session = positionals[0];
        if (!session) return 'usage: :deploy SESSION [--agent A]';
        await deployPm(ctx.runner, {
          session,
          env: ctx.env,
          deps: await realDeps(),
          ...(typeof values.agent === 'string' ? { agent: values.agent } : {}),
        });
        return `deployed a project manager in ${session}`;
      }),
    },
    {
      name: 'stop',
      summary: 'SESSION: kill the session (verified gone)',
      run: guard(async (args) => {
        if (args.length !== 1 || !args[0]) return 'usage: :stop SESSION';
        const r = await stopSession(ctx.runner, args[0]);
        return `stopped ${r.session.name} (${r.session.id})`;
      }),
    },
    {
      name: 'schedule',
      summary: 'MINUTES [NOTE…]: a check-in typed into the selected agent later',
      run: guard(async (args, api) => {
        const [minutes, ...note] = args;
        const target = api.selected();
        if (!minutes) return 'usage: :schedule MINUTES [NOTE…]';
        if (!target) return 'select an agent first: the check-in goes to it';
        const r = await addSchedule(ctx.runner, {
          minutes: parseMinutes(minutes),
          target,
          server: ctx.server,
          env: ctx.env,
          ...(note.length ? { note: note.join(' ') } : {}),
        });
        return `check-in ${r.entry.id} for ${target} at ${new Date(r.entry.dueAt).toLocaleTimeString()}`;
      }),
    },
    {
      name: 'schedules',
      summary: 'list the pending check-ins',
      run: guard(async () => {
        const { schedules } = await listSchedules(ctx.env);
        const pending = schedules.filter((s) => s.status === 'pending');
        if (!pending.length) return 'no check-ins pending';
        return pending
          .map((s) => `${s.id} ${new Date(s.dueAt).toLocaleTimeString()} → ${s.target}`)
          .join('  ·  ');
      }),
    },
    {
      name: 'cancel',
      summary: 'ID: cancel a pending check-in',
      run: guard(async (args) => {
        if (args.length !== 1 || !args[0]) return 'usage: :cancel ID';
        await cancelSchedule(args[0], ctx.env);
        return `cancelled ${args[0]}`;
      }),
    },
  ];
}

/** Missed check-ins fire when the dashboard opens (the scheduler re-arms), not only on `tmo schedule`. */
export function rearmScheduler(env: NodeJS.ProcessEnv): void {
  ensureScheduler(stateDir(env), env).catch(() => {});
}
