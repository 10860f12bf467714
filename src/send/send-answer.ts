/**
 * `answer`: press the keys that answer an agent's dialog on purpose. Only key names reach tmux
 * (`send-keys -t %N <key>`): from the fixed table below, or the keys of the parsed option, never user text.
 *
 * Choices: a digit 1–9 (pick that option: the dialog's own keys for it when it was parsed, e.g. Right Enter
 * on a row of options), `yes`, `no`, or one of the keys Enter, Escape (Esc), Up, Down, Tab. yes/no map to
 * what each agent kind expects (table ANSWER_KEYS). Refused when the pane is not waiting on a dialog,
 * unless forced.
 */
import type { AgentKind, AgentStatus, Snapshot } from '../model/types.js';
import type { TmuxRunner } from '../tmux/runner.js';
import { type ResolvedTarget, resolveTarget } from '../tmux/target.js';
import {
  captureScreen,
  DEFAULT_CONFIRM_TIMEOUT_MS,
  defaultInspect,
  failureOf,
  type InspectFn,
  leaveModeArgs,
  type SendResult,
  safeInspect,
} from './send-common.js';

export type AnswerChoice =
  | { type: 'digit'; digit: string }
  | { type: 'yes' }
  | { type: 'no' }
  | { type: 'key'; key: 'Enter' | 'Escape' | 'Up' | 'Down' | 'Tab' };

const KEYS: Record<string, 'Enter' | 'Escape' | 'Up' | 'Down' | 'Tab'> = {
  enter: 'Enter',
  escape: 'Escape',
  esc: 'Escape',
  up: 'Up',
  down: 'Down',
  tab: 'Tab',
};

export const CHOICE_HELP = 'a number 1-9, yes, no, or a key: Enter, Escape, Up, Down, Tab';

/** Parse a choice; null when it is not one. Case-insensitive; `y`/`n` are yes/no. */
export function parseChoice(input: string): AnswerChoice | null {
  const s = input.trim().toLowerCase();
  if (/^[1-9]$/.test(s)) return { type: 'digit', digit: s };
  if (s === 'yes' || s === 'y') return { type: 'yes' };
  if (s === 'no' || s === 'n') return { type: 'no' };
  const key = KEYS[s];
  return key ? { type: 'key', key } : null;
}

/** yes / no per agent kind, and whether a digit needs Enter after it (line-input prompts). */
export const ANSWER_KEYS: Record<AgentKind, { yes: string[]; no: string[]; digitEnter: boolean }> = {
  claude: { yes: ['1'], no: ['Escape'], digitEnter: false },
  codex: { yes: ['y'], no: ['Escape'], digitEnter: false },
  gemini: { yes: ['1'], no: ['Escape'], digitEnter: false },
  opencode: { yes: ['Enter'], no: ['Escape'], digitEnter: false },
  copilot: { yes: ['1'], no: ['Escape'], digitEnter: false },
  cursor: { yes: ['y'], no: ['n'], digitEnter: false },
  aider: { yes: ['y', 'Enter'], no: ['n', 'Enter'], digitEnter: true },
  generic: { yes: ['y', 'Enter'], no: ['n', 'Enter'], digitEnter: true },
};

/** Keys a parsed dialog option may carry (`choice.ts` derives them from key hints, never free text). */
const OPTION_KEY = /^(?:[a-z0-9]|Enter|Escape|Up|Down|Left|Right|Tab|BTab)$/i;

/**
 * The keys for `choice` on what `status` shows: a digit names the dialog's option of that number when the
 * dialog was parsed (an option list picked with Down × i + Enter, a row picked with Right × i + Enter),
 * else the kind's table.
 */
export function answerKeys(status: AgentStatus | null | undefined, choice: AnswerChoice): string[] {
  if (choice.type === 'digit' && status?.state === 'waiting') {
    const option = status.options?.find((o) => o.choice === choice.digit);
    if (option?.keys.length && option.keys.every((k) => OPTION_KEY.test(k))) return option.keys;
  }
  return keysFor(status?.kind ?? 'generic', choice);
}

/** The tmux key names to press for `choice` on an agent of `kind`. */
export function keysFor(kind: AgentKind, choice: AnswerChoice): string[] {
  const table = ANSWER_KEYS[kind];
  switch (choice.type) {
    case 'digit':
      return table.digitEnter ? [choice.digit, 'Enter'] : [choice.digit];
    case 'yes':
      return table.yes;
    case 'no':
      return table.no;
    case 'key':
      return [choice.key];
  }
}

export interface AnswerOptions {
  force?: boolean;
  inspect?: InspectFn;
  snapshot?: Snapshot;
  confirmTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Answer the dialog in `target`. Never throws. `bytes` is 0: keys, not text. */
export async function sendAnswer(
  runner: TmuxRunner,
  target: string,
  choiceText: string,
  options: AnswerOptions = {},
): Promise<SendResult> {
  const choice = parseChoice(choiceText);
  if (!choice)
    return {
      status: 'refused',
      code: 'INVALID_CHOICE',
      target,
      bytes: 0,
      detail: `"${choiceText}" is not a choice: give ${CHOICE_HELP}`,
    };
  let resolved: ResolvedTarget;
  try {
    resolved = await resolveTarget(runner, target, options.snapshot);
  } catch (error) {
    return failureOf(error, target, 0);
  }
  const paneId = resolved.paneId;
  const at = { target, paneId, bytes: 0 };
  if (resolved.pane.dead)
    return { ...at, status: 'failed', code: 'PANE_DEAD', detail: `pane ${paneId} is dead` };
  const inspect = options.inspect ?? (await defaultInspect(runner));
  const status = await safeInspect(inspect, resolved.pane);
  if (!options.force && status?.state !== 'waiting') {
    const what = status ? `the ${status.kind} agent is ${status.state}` : 'no agent was recognised there';
    return {
      ...at,
      status: 'refused',
      code: 'NO_DIALOG',
      detail: `no dialog is open in ${paneId} (${what}); pass --force to press the keys anyway`,
    };
  }
  const keys = answerKeys(status, choice);
  const timeout = options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
  try {
    const before = await captureScreen(runner, paneId);
    await runner.run([...leaveModeArgs(paneId), ';', 'send-keys', '-t', paneId, ...keys]);
    const pressed = `pressed ${keys.join(' ')}`;
    const deadline = Date.now() + timeout;
    for (;;) {
      const now = await captureScreen(runner, paneId);
      const statusNow = status ? await safeInspect(inspect, resolved.pane) : null;
      if (status?.state === 'waiting' && statusNow && statusNow.state !== 'waiting')
        return { ...at, status: 'confirmed', detail: `${pressed}: the dialog closed (${statusNow.state})` };
      if (now !== before) return { ...at, status: 'confirmed', detail: `${pressed}: the screen changed` };
      if (Date.now() >= deadline)
        return {
          ...at,
          status: 'unconfirmed',
          detail: `${pressed}, but nothing changed within ${timeout} ms`,
        };
      await sleep(40);
    }
  } catch (error) {
    return failureOf(error, target, 0, paneId);
  }
}
