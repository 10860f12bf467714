/**
 * Safe, honest sending to a pane. The runner is injected: the CLI, the dashboard, the WebSocket server
 * and the scheduler all go through `sendText` / `sendAnswer`.
 *
 * The user's text never appears in tmux's argv: it goes to a private, uniquely named tmux buffer through
 * stdin (`load-buffer -b NAME -`) and is pasted with bracketed paste (`paste-buffer -p -d`), after leaving
 * copy mode. Enter is a separate key ~100 ms later. Then the screen (and the agent's state) is watched
 * until the delivery is confirmed or the confirmation timeout passes: "unconfirmed" is reported as such.
 */
import { randomBytes } from 'node:crypto';
import type { AgentStatus, Snapshot } from '../model/types.js';
import { isTmuxError } from '../tmux/errors.js';
import type { TmuxRunner } from '../tmux/runner.js';
import { type ResolvedTarget, resolveTarget } from '../tmux/target.js';
import {
  captureScreen,
  captureView,
  DEFAULT_CONFIRM_TIMEOUT_MS,
  defaultInspect,
  failureOf,
  historyGrowth,
  type InspectFn,
  leaveModeArgs,
  type SendResult,
  safeInspect,
} from './send-common.js';
import { judgeAfterEnter, judgeAfterPaste } from './send-confirm.js';
import { DEFAULT_MAX_BYTES, validateMessage } from './send-validate.js';

export { parseChoice, sendAnswer } from './send-answer.js';
export {
  captureScreen,
  DEFAULT_CONFIRM_TIMEOUT_MS,
  type InspectFn,
  type SendCode,
  type SendResult,
} from './send-common.js';
export { DEFAULT_MAX_BYTES, validateMessage } from './send-validate.js';

export const ENTER_DELAY_MS = 100;

export interface SendOptions {
  /** Send even when the agent waits on a dialog (or has exited). */
  force?: boolean;
  /** Paste only; do not press Enter. */
  noEnter?: boolean;
  confirmTimeoutMs?: number;
  maxBytes?: number;
  /** How to read an agent's state; null = not an agent. Default: src/agents inspectPane. */
  inspect?: InspectFn;
  /** Resolve against this snapshot instead of taking one. */
  snapshot?: Snapshot;
  /** Pause between the paste and Enter (default 100 ms). */
  enterDelayMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Prepared {
  resolved: ResolvedTarget;
  inspect: InspectFn;
  status: AgentStatus | null;
}

/** Resolve, reject dead panes, read the agent state. Returns a SendResult when it must stop there. */
async function prepare(
  runner: TmuxRunner,
  target: string,
  bytes: number,
  options: SendOptions,
): Promise<Prepared | SendResult> {
  let resolved: ResolvedTarget;
  try {
    resolved = await resolveTarget(runner, target, options.snapshot);
  } catch (error) {
    return failureOf(error, target, bytes);
  }
  const paneId = resolved.paneId;
  if (resolved.pane.dead)
    return { status: 'failed', code: 'PANE_DEAD', target, paneId, bytes, detail: `pane ${paneId} is dead` };
  // The dialog check must not be skipped silently: if the state cannot be read, do not send (unless forced).
  try {
    const inspect = options.inspect ?? (await defaultInspect(runner));
    const status = options.force ? await safeInspect(inspect, resolved.pane) : await inspect(resolved.pane);
    return { resolved, inspect, status };
  } catch (error) {
    const why = (error as Error).message ?? String(error);
    return {
      status: 'failed',
      code: 'INSPECT_FAILED',
      target,
      paneId,
      bytes,
      detail: `could not read the agent state of ${paneId} (${why}); pass --force to send without the dialog check`,
    };
  }
}

/** Send `text` to `target`, then press Enter (unless noEnter) and confirm delivery. Never throws. */
export async function sendText(
  runner: TmuxRunner,
  target: string,
  text: string,
  options: SendOptions = {},
): Promise<SendResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const v = validateMessage(text, maxBytes);
  if (!v.ok) return { status: 'refused', code: 'INVALID_MESSAGE', target, bytes: v.bytes, detail: v.message };
  const bytes = v.bytes;
  const prepared = await prepare(runner, target, bytes, options);
  if (!('resolved' in prepared)) return prepared;
  const { resolved, inspect, status } = prepared;
  const paneId = resolved.paneId;
  const at = { target, paneId, bytes };

  if (!options.force && status?.state === 'waiting') {
    const on = status.reason ? `a ${status.reason} dialog` : 'a dialog';
    const line = status.line?.replace(/^[\s│|>❯]+|[\s│|]+$/g, '');
    const shown = line ? ` ("${line}")` : '';
    return {
      ...at,
      status: 'refused',
      code: 'DIALOG_OPEN',
      detail: `the ${status.kind} agent in ${paneId} is waiting on ${on}${shown}: free text could answer it. Answer it with \`tmo answer ${shellWord(target)} <choice>\`, or pass --force to send anyway`,
    };
  }
  if (!options.force && status?.state === 'exited') {
    return {
      ...at,
      status: 'refused',
      code: 'AGENT_EXITED',
      detail: `the ${status.kind} agent in ${paneId} has exited: the text would go to whatever runs there now (pass --force to send anyway)`,
    };
  }

  const timeout = options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
  const buffer = `tmo-send-${process.pid}-${randomBytes(6).toString('hex')}`;
  let before: string;
  try {
    before = await captureScreen(runner, paneId);
    await runner.run(
      [
        ...leaveModeArgs(paneId),
        ';',
        'load-buffer',
        '-b',
        buffer,
        '-',
        ';',
        'paste-buffer',
        '-p',
        '-d',
        '-b',
        buffer,
        '-t',
        paneId,
      ],
      { input: text },
    );
  } catch (error) {
    await runner.run(['delete-buffer', '-b', buffer]).catch(() => undefined);
    return failureOf(error, target, bytes, paneId);
  }

  const width = resolved.pane.width;
  const deadline = Date.now() + timeout;
  try {
    if (options.noEnter) {
      for (;;) {
        const afterPaste = await captureScreen(runner, paneId);
        const j = judgeAfterPaste({ text, before, afterPaste, statusBefore: status, width });
        if (j.confirmed) return { ...at, status: 'confirmed', detail: `pasted without Enter: ${j.detail}` };
        if (Date.now() >= deadline)
          return {
            ...at,
            status: 'unconfirmed',
            detail: `pasted into ${paneId}, not confirmed: ${j.detail}`,
          };
        await sleep(30);
      }
    }
    await sleep(options.enterDelayMs ?? ENTER_DELAY_MS);
    const pasted = await captureView(runner, paneId);
    const afterPaste = pasted.screen;
    await runner.run([...leaveModeArgs(paneId), ';', 'send-keys', '-t', paneId, 'Enter']);
    for (;;) {
      const view = await captureView(runner, paneId);
      const now = view.screen;
      const historyGrew = historyGrowth(pasted, view);
      const statusNow = status ? await safeInspect(inspect, resolved.pane) : null;
      const j = judgeAfterEnter({
        text,
        before,
        afterPaste,
        now,
        statusBefore: status,
        statusNow,
        width,
        ...(historyGrew === undefined ? {} : { historyGrew }),
      });
      if (j.confirmed)
        return { ...at, status: 'confirmed', detail: j.detail, ...(j.queued ? { queued: true } : {}) };
      if (Date.now() >= deadline)
        return {
          ...at,
          status: 'unconfirmed',
          detail: `delivered to ${paneId} and Enter pressed, but not confirmed within ${timeout} ms: ${j.detail}`,
        };
      await sleep(40);
    }
  } catch (error) {
    if (isTmuxError(error, 'TARGET_NOT_FOUND'))
      return {
        ...at,
        status: 'unconfirmed',
        detail: `the text was pasted but pane ${paneId} went away before delivery could be confirmed`,
      };
    return failureOf(error, target, bytes, paneId);
  }
}

/** A target as the user would type it again in a POSIX shell (quoted only when it needs to be). */
export function shellWord(text: string): string {
  return /^[\w%@:./+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
