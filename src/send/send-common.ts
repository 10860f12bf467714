/** Shared pieces of send.ts and send-answer.ts: types, the screen capture, mode exit, error mapping. */

import type { AgentStatus, PaneInfo, SendOutcome } from '../model/types.js';
import { UsageError } from '../model/usage-error.js';
import { TmuxError } from '../tmux/errors.js';
import type { TmuxRunner } from '../tmux/runner.js';

export const DEFAULT_CONFIRM_TIMEOUT_MS = 3000;

export type InspectFn = (pane: PaneInfo) => Promise<AgentStatus | null>;

/** Why a send was refused or failed; absent when delivered. */
export type SendCode =
  | 'INVALID_MESSAGE'
  | 'INVALID_CHOICE'
  | 'DIALOG_OPEN'
  | 'NO_DIALOG'
  | 'AGENT_EXITED'
  | 'INSPECT_FAILED'
  | 'AMBIGUOUS_TARGET'
  | 'TARGET_NOT_FOUND'
  | 'PANE_DEAD'
  | 'NO_SERVER'
  | 'TMUX_MISSING'
  | 'TMUX_FAILED';

export interface SendResult extends SendOutcome {
  code?: SendCode;
}

/**
 * The agents layer's inspectPane, loaded on first use. The process table is read once per send and
 * reused by the confirmation polls (it does not change in those few seconds; the screen does).
 */
export async function defaultInspect(runner: TmuxRunner): Promise<InspectFn> {
  const [{ inspectPane }, { readProcessTable }] = await Promise.all([
    import('../agents/inspect.js'),
    import('../agents/proc.js'),
  ]);
  let procs: ReturnType<typeof readProcessTable> | undefined;
  return async (pane) => {
    procs ??= readProcessTable();
    return inspectPane(runner, pane, { procs: await procs });
  };
}

/** Inspect without letting a detector bug block a send: an inspection failure reads as "not known". */
export async function safeInspect(inspect: InspectFn, pane: PaneInfo): Promise<AgentStatus | null> {
  try {
    return await inspect(pane);
  } catch {
    return null;
  }
}

/** The visible screen of a pane, one string (rows joined by \n). */
export async function captureScreen(runner: TmuxRunner, paneId: string): Promise<string> {
  return (await runner.run(['capture-pane', '-p', '-t', paneId])).stdout;
}

/** A screen and how many rows have scrolled into the history so far (absent once the history is full). */
export interface ScreenView {
  screen: string;
  history?: number;
}

/** The visible screen and the history size, read in one tmux call (nothing runs between them). */
export async function captureView(runner: TmuxRunner, paneId: string): Promise<ScreenView> {
  const { stdout } = await runner.run([
    'display-message',
    '-p',
    '-t',
    paneId,
    '#{history_size} #{history_limit}',
    ';',
    'capture-pane',
    '-p',
    '-t',
    paneId,
  ]);
  const nl = stdout.indexOf('\n');
  const [size, limit] = stdout.slice(0, nl).split(' ').map(Number);
  const screen = stdout.slice(nl + 1);
  // A full history drops a line for each new one: its size no longer counts scrolled rows.
  return size !== undefined && limit !== undefined && size < limit ? { screen, history: size } : { screen };
}

/** Rows the history grew by between two views (a scroll, or a clear-screen); undefined when unknown. */
export function historyGrowth(a: ScreenView, b: ScreenView): number | undefined {
  if (a.history === undefined || b.history === undefined || b.history < a.history) return undefined;
  return b.history - a.history;
}

/** tmux args that leave copy mode (or any mode `cancel` ends) only when the pane is in one. */
export function leaveModeArgs(paneId: string): string[] {
  if (!/^%\d+$/.test(paneId)) throw new Error(`not a pane id: ${paneId}`);
  return ['if-shell', '-F', '-t', paneId, '#{pane_in_mode}', `send-keys -X -t ${paneId} cancel`];
}

export function failureOf(error: unknown, target: string, bytes: number, paneId?: string): SendResult {
  const base = paneId === undefined ? { target, bytes } : { target, bytes, paneId };
  if (error instanceof UsageError)
    return { ...base, status: 'failed', code: 'AMBIGUOUS_TARGET', detail: error.message };
  if (error instanceof TmuxError) {
    const code: SendCode = error.code === 'TMUX_TOO_OLD' ? 'TMUX_FAILED' : error.code;
    const detail =
      error.code === 'TARGET_NOT_FOUND' && paneId
        ? `pane ${paneId} is gone: ${error.message}`
        : error.message;
    return { ...base, status: 'failed', code, detail };
  }
  return {
    ...base,
    status: 'failed',
    code: 'TMUX_FAILED',
    detail: (error as Error).message ?? String(error),
  };
}
