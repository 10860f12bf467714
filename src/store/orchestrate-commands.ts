/**
 * The orchestration commands of the `:` palette (issue: start, deploy, stop, schedule, list schedules),
 * thin wrappers over `src/orchestrate/` — the same functions the CLI commands call. Embedded source only:
 * they act on the local tmux server.
 */
import { parseArgs } from 'node:util';
import { stateDir } from '../config/paths.js';
import type { AgentStatus } from '../model/types.js';
import {
  addSchedule,
  cancelSchedule,
  deployPm,
  ensureScheduler,
  isOrchError,
  killTarget,
  listSchedules,
  parseMinutes,
  parseTimeoutSeconds,
  realDeps,
  startProject,
  stopSession,
  wantedSessionName,
} from '../orchestrate/index.js';
import { tmuxSessionName } from '../orchestrate/names.js';
import type { ServerSelector, TmuxRunner } from '../tmux/runner.js';
import type { DashApi, PaletteCommand } from './types.js';

export interface OrchestrateContext {
  runner: TmuxRunner;
  server: ServerSelector;
  env: NodeJS.ProcessEnv;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
/** The status line is one line: a multi-line message is joined. */
const flat = (text: string): string => text.trim().replace(/\s*\n\s*/g, ' · ');

/**
 * A failed command as a status-line message. When something was left behind the message starts with
 * that and how to remove it — the status line is cut at the terminal's width, the reason may be long.
 */
function failureText(error: unknown): string {
  if (isOrchError(error) && error.left) {
    const { session, window, reason } = error.left;
    const left = window
      ? `window ${window.index} (${window.id}) of ${session} left for a look`
      : `session ${session} left for a look: :stop ${session}`;
    return `${left} — ${flat(reason)}`;
  }
  return `error: ${flat(errorText(error))}`;
}

/** Progress of a start/deploy on the status line while the agent gets ready (it can take a minute). */
function progress(api: DashApi, doing: string): (s: AgentStatus | null) => void {
  api.getState().setMessage(`${doing}: waiting for the agent to be ready…`);
  return (s) => {
    const now =
      s === null
        ? 'waiting for the agent to start…'
        : s.state === 'idle'
          ? 'the agent is ready; briefing it…'
          : s.state === 'waiting'
            ? `the agent is asking (${s.reason ?? 'a question'}): answer it there; still waiting…`
            : `the agent is ${s.state}; waiting until it is ready…`;
    api.getState().setMessage(`${doing}: ${now}`);
  };
}

const LAUNCH = { agent: { type: 'string' }, timeout: { type: 'string' } } as const;

/** `--agent` and `--timeout` of :start and :deploy, as startProject/deployPm options. */
function launchValues(values: { agent?: string | boolean; timeout?: string | boolean }) {
  return {
    ...(typeof values.agent === 'string' ? { agent: values.agent } : {}),
    ...(typeof values.timeout === 'string' ? { timeoutMs: parseTimeoutSeconds(values.timeout) } : {}),
  };
}

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
        return failureText(error);
      }
    };
  return [
    {
      name: 'start',
      summary:
        'DIR [--agent A] [--name S] [--timeout SEC]: a session with agent, shell and dev-server windows',
      run: guard(async (args, api) => {
        const { positionals, values } = parse(args, { ...LAUNCH, name: { type: 'string' } });
        const dir = positionals[0];
        if (!dir)
          return 'usage: :start DIR [--agent claude|codex|gemini|aider|CMD] [--name S] [--timeout SEC]';
        const launch = launchValues(values);
        const name = typeof values.name === 'string' ? values.name : undefined;
        const shown = tmuxSessionName(wantedSessionName({ dir, ...(name !== undefined ? { name } : {}) }));
        const r = await startProject(ctx.runner, {
          dir,
          env: ctx.env,
          deps: await realDeps(),
          onState: progress(api, `starting ${shown}`),
          ...launch,
          ...(name !== undefined ? { name } : {}),
        });
        return `started ${r.session.name} (${r.session.id}) in ${r.session.path}`;
      }),
    },
    {
      name: 'deploy',
      summary: 'SESSION [--agent A] [--timeout SEC]: add a briefed project-manager agent window',
      run: guard(async (args, api) => {
        const { positionals, values } = parse(args, LAUNCH);
        const session = positionals[0];
        if (!session) return 'usage: :deploy SESSION [--agent A] [--timeout SEC]';
        const launch = launchValues(values);
        const r = await deployPm(ctx.runner, {
          session,
          env: ctx.env,
          deps: await realDeps(),
          onState: progress(api, `deploying a project manager in ${session}`),
          ...launch,
        });
        const w = r.window;
        return `deployed ${w.name} in ${r.session.name}: window ${w.index} (${w.id}, pane ${w.paneId})`;
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
      name: 'kill',
      summary:
        '@WINDOW or %PANE: kill that window or pane (verified gone); D asks for the one under the cursor',
      run: guard(async (args) => {
        if (args.length !== 1 || !args[0])
          return 'usage: :kill @WINDOW|%PANE (D on the tree: the line under the cursor)';
        const r = await killTarget(ctx.runner, args[0]);
        const last = r.serverStopped ? ': it held the last pane, the tmux server exited' : '';
        return `killed ${r.kind} ${r.where} (${r.id})${last}`;
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

/** The palette commands above: each acts on the tmux server of this machine. */
export const LOCAL_ONLY = ['start', 'deploy', 'stop', 'kill', 'schedule', 'schedules', 'cancel'] as const;

/**
 * Over a remote source the commands above cannot act (they drive the local tmux server and the local
 * scheduler): each says so, and where to run it instead, rather than "unknown command".
 */
export function localOnlyCommands(remote: string): PaletteCommand[] {
  return LOCAL_ONLY.map((name) => ({
    name,
    summary: 'local only: acts on the tmux server of the machine it runs on',
    run: () =>
      `:${name} is local only: this dashboard shows ${remote}; run \`tmo ${name}\` (or a dashboard) on that machine`,
  }));
}

/** Missed check-ins fire when the dashboard opens (the scheduler re-arms), not only on `tmo schedule`. */
export function rearmScheduler(env: NodeJS.ProcessEnv): void {
  ensureScheduler(stateDir(env), env).catch(() => {});
}
