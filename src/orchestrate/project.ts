import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { printable } from '../model/printable.js';
import type { AgentStatus, SendOutcome } from '../model/types.js';
import { isTmuxError } from '../tmux/errors.js';
import type { TmuxRunner } from '../tmux/runner.js';
import { type BriefRole, type LoadedBrief, loadBriefTemplate, renderBrief, tidyBrief } from './briefs.js';
import type { OrchDeps } from './deps.js';
import { type LeftBehind, OrchError } from './errors.js';
import {
  agentArgv,
  agentWindowName,
  CommandSyntaxError,
  nameProblem,
  sanitizeName,
  tmuxExecArgv,
  tmuxSessionName,
  uniqueWindowName,
} from './names.js';
import { waitForAgentReady } from './ready.js';
import { findSession } from './sessions.js';

export { type StopResult, stopSession } from './sessions.js';

import { tmuxArg, tmuxFormatArg } from './tmux-args.js';

export const DEFAULT_READY_TIMEOUT_MS = 60_000;
/** What a new agent pane runs until the real command replaces it (argv of two: tmux execs it, no shell). */
const PLACEHOLDER = ['sleep', '86400'];
const ID_FORMAT = '#{window_id} #{window_index} #{pane_id}';

export interface CreatedWindow {
  id: string;
  index: number;
  name: string;
  paneId: string;
}

export interface AgentLaunchOptions {
  /** `claude`, `codex`, `gemini`, `aider` or a command line (split into argv, never run by a shell). */
  agent?: string;
  /** `--brief FILE`: the briefing template instead of the configured or built-in one. */
  briefFile?: string;
  /** How long to wait for the agent to be ready; 0 = don't wait, brief at once. */
  timeoutMs?: number;
  /** false = start the agent but send no briefing. */
  brief?: boolean;
  env?: NodeJS.ProcessEnv;
  onState?: (status: AgentStatus | null) => void;
  deps: OrchDeps;
}

export interface AgentLaunch {
  window: CreatedWindow;
  argv: string[];
  /** ms until the agent was idle; undefined when not waited for. */
  readyMs?: number;
  briefSource?: string;
  /** The briefing's delivery; undefined when no briefing was sent. */
  brief?: SendOutcome;
}

export interface StartOptions extends AgentLaunchOptions {
  dir: string;
  name?: string;
  cwd?: string;
}

export interface StartResult extends AgentLaunch {
  session: { id: string; name: string; path: string };
  /** The name asked for (or made from the folder) when tmux's differs: it turns `.` into `_`. */
  requestedName?: string;
  windows: CreatedWindow[];
}

export interface DeployOptions extends AgentLaunchOptions {
  session: string;
  role?: BriefRole;
}

export interface DeployResult extends AgentLaunch {
  session: { id: string; name: string; path: string };
  role: BriefRole;
}

function parseAgent(agent: string): string[] {
  try {
    const argv = agentArgv(agent);
    tmuxExecArgv(argv); // validate now, before anything is created
    return argv;
  } catch (error) {
    if (error instanceof CommandSyntaxError) throw new OrchError('usage', `--agent: ${error.message}`);
    throw error;
  }
}

/** An OrchError after something was created: say what is left behind (in the message and `left`). */
function leftBehind(error: unknown, what: string, left: Omit<LeftBehind, 'reason'>): unknown {
  if (!(error instanceof OrchError)) return error;
  const e = new OrchError(error.kind, `${error.message}\n${what}`);
  e.left = { ...left, reason: error.message };
  return e;
}

function parseIds(stdout: string, name: string): CreatedWindow {
  const [id, index, paneId] = stdout.trim().split(' ');
  if (!id?.startsWith('@') || !paneId?.startsWith('%'))
    throw new OrchError('failure', `unexpected reply from tmux: ${printable(stdout.trim())}`);
  return { id, index: Number(index), name, paneId };
}

/** Keep a dead agent pane on screen (exit status visible), then replace the placeholder by the agent. */
async function launchAgent(runner: TmuxRunner, window: CreatedWindow, argv: string[]): Promise<void> {
  await runner.run([
    'set-option',
    '-w',
    '-t',
    window.id,
    'remain-on-exit',
    'on',
    ';',
    'respawn-pane',
    '-k',
    '-t',
    window.paneId,
    '--',
    ...tmuxExecArgv(argv).map(tmuxArg),
  ]);
}

/** Wait for the agent, then type `template` (briefFirst's, loaded and checked before the window was made). */
async function readyAndBrief(
  runner: TmuxRunner,
  window: CreatedWindow,
  argv: string[],
  template: LoadedBrief | undefined,
  vars: { project: string; path: string; session: string },
  options: AgentLaunchOptions,
): Promise<AgentLaunch> {
  const launch: AgentLaunch = { window, argv };
  const timeoutMs = options.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  if (timeoutMs > 0) {
    const ready = await waitForAgentReady(runner, options.deps, window.paneId, {
      timeoutMs,
      ...(options.onState ? { onState: options.onState } : {}),
    });
    launch.readyMs = ready.ms;
  }
  if (template) {
    launch.briefSource = template.source;
    launch.brief = await options.deps.sendText(
      runner,
      window.paneId,
      tidyBrief(renderBrief(template.text, vars)),
    );
  }
  return launch;
}

/** The session name `start` asks for: `--name`, else the folder's name made safe (tmux may still turn `.` into `_`). */
export function wantedSessionName(options: Pick<StartOptions, 'dir' | 'name' | 'cwd'>): string {
  return options.name ?? sanitizeName(basename(resolve(options.cwd ?? process.cwd(), options.dir)));
}

/**
 * `tmo start`: a new session for a project folder with an agent window, a Shell and a Dev-Server
 * window (all started in the folder), the agent started WITHOUT a shell, waited for until idle,
 * then briefed with the safe send. Throws OrchError (usage/failure) or TmuxError.
 */
export async function startProject(runner: TmuxRunner, options: StartOptions): Promise<StartResult> {
  const path = resolve(options.cwd ?? process.cwd(), options.dir);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new OrchError('failure', `not a directory: ${printable(path)}`);
  const wanted = wantedSessionName(options);
  const problem = nameProblem(wanted);
  if (problem) throw new OrchError('usage', `bad session name "${printable(wanted)}": ${problem}`);
  const name = tmuxSessionName(wanted);
  const agent = options.agent ?? 'claude';
  const argv = parseAgent(agent);
  const template = await briefFirst('engineer', options);

  const dir = tmuxFormatArg(path);
  const agentName = agentWindowName(agent);
  let created: string;
  try {
    const { stdout } = await runner.run([
      'new-session',
      '-d',
      '-P',
      '-F',
      `#{session_id} ${ID_FORMAT}`,
      '-s',
      name,
      '-n',
      agentName,
      '-c',
      dir,
      '--',
      ...PLACEHOLDER,
    ]);
    created = stdout.trim();
  } catch (error) {
    if (isTmuxError(error) && /duplicate session/i.test(error.stderr))
      throw new OrchError('failure', `session "${name}" already exists (tmo stop ${name} first, or --name)`);
    throw error;
  }
  const sessionId = created.split(' ')[0] ?? '';
  if (!sessionId.startsWith('$'))
    throw new OrchError('failure', `unexpected reply from tmux: ${printable(created)}`);
  const agentWindow = parseIds(created.slice(sessionId.length + 1), agentName);
  await launchAgent(runner, agentWindow, argv);
  // Shell and Dev-Server in one tmux call, each at the index tmux picks.
  const newWindow = (windowName: string) =>
    ['new-window', '-d', '-P', '-F', ID_FORMAT, '-t', `${sessionId}:`, '-n', windowName, '-c', dir] as const;
  const { stdout } = await runner.run([...newWindow('Shell'), ';', ...newWindow('Dev-Server')]);
  const [shellLine = '', devLine = ''] = stdout.trim().split('\n');
  const windows = [agentWindow, parseIds(shellLine, 'Shell'), parseIds(devLine, 'Dev-Server')];
  const session = { id: sessionId, name, path };
  const launch = await readyAndBrief(
    runner,
    agentWindow,
    argv,
    template,
    { project: basename(path), path, session: name },
    options,
  ).catch((error: unknown) => {
    throw leftBehind(error, `session ${name} was created and is left for a look (tmo stop ${name})`, {
      session: name,
    });
  });
  return { ...launch, session, windows, ...(name !== wanted ? { requestedName: wanted } : {}) };
}

/**
 * `tmo deploy`: a project-manager (or another engineer) agent window in an existing session, at the
 * index tmux chooses, in the session's folder; waited for and briefed like `startProject`.
 */
export async function deployPm(runner: TmuxRunner, options: DeployOptions): Promise<DeployResult> {
  const role = options.role ?? 'pm';
  const agent = options.agent ?? 'claude';
  const argv = parseAgent(agent);
  const template = await briefFirst(role, options);
  const ref = await findSession(runner, options.session);
  // The session's folder gone: tmux would start the window in its own directory, and the briefing would
  // still name the folder — an agent editing another tree than it is told.
  const folder = await stat(ref.path).catch(() => undefined);
  if (!folder?.isDirectory())
    throw new OrchError(
      'failure',
      `the folder of ${printable(ref.name)} is gone: not a directory: ${printable(ref.path)}`,
    );
  const { stdout: names } = await runner.run(['list-windows', '-t', ref.id, '-F', '#{window_name}']);
  const windowName = uniqueWindowName(
    role === 'pm' ? 'Project-Manager' : agentWindowName(agent),
    names.split('\n'),
  );
  const { stdout } = await runner.run([
    'new-window',
    '-d',
    '-P',
    '-F',
    ID_FORMAT,
    '-t',
    `${ref.id}:`,
    '-n',
    windowName,
    '-c',
    tmuxFormatArg(ref.path),
    '--',
    ...PLACEHOLDER,
  ]);
  const window = parseIds(stdout, windowName);
  await launchAgent(runner, window, argv);
  const launch = await readyAndBrief(
    runner,
    window,
    argv,
    template,
    { project: basename(ref.path), path: ref.path, session: ref.name },
    options,
  ).catch((error: unknown) => {
    throw leftBehind(error, `window ${window.index} (${window.id}) of ${ref.name} is left for a look`, {
      session: ref.name,
      window: { index: window.index, id: window.id },
    });
  });
  return { ...launch, session: ref, role };
}

/**
 * The briefing (none with `--no-brief`), loaded and checked before anything is made for it (briefs.ts
 * checked): a bad one fails fast, and the text checked is the text typed.
 */
function briefFirst(
  role: BriefRole,
  options: { brief?: boolean; briefFile?: string; env?: NodeJS.ProcessEnv },
): Promise<LoadedBrief | undefined> {
  if (options.brief === false) return Promise.resolve(undefined);
  return loadBriefTemplate(role, { file: options.briefFile, env: options.env }).catch((error: Error) => {
    throw new OrchError(
      'failure',
      `${options.briefFile !== undefined ? '--brief' : 'briefing'}: ${error.message}`,
    );
  });
}
