/**
 * Captures that ride on the snapshot call. A one-shot command captures every live pane right after its
 * snapshot; the panes are those of the last look far more often than not, so the snapshot call itself
 * also captures the panes the last look saw (their ids kept in a small hint file of the state dir): one
 * tmux process instead of two (at 1,000 panes, one instead of seven), and tmux captures while our code
 * still loads. The hint is only a hint: a pane it names that is gone comes back as no screen, a pane it
 * lacks is captured by a call of its own afterwards, so what the command sees does not depend on it.
 *
 * The captures go to tmux as a script on stdin (`source-file -`), one line a pane, so their number has no
 * limit (a command line has 16 KiB) and one line failing does not stop the others; each capture is
 * guarded by the pane existing (`if -F -t`), so a vanished pane is not an error either. Each pane's text
 * follows a marker line of a random nonce and the pane id as tmux reads it (empty for a pane that is gone).
 */
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';
import { readRegularFile } from '../config/read-file.js';
import { writeStateFile } from '../config/state-file.js';
import { type CaptureOptions, captureArgs, nonce, PANE_ID } from './capture.js';
import { describeServer, type ServerSelector } from './runner.js';

export interface CapturePlan extends Hint {
  /** Starts each pane's marker line: `<marker> <pane id>`. */
  marker: string;
}

/** What the last look at a server saw: the panes it captured, the pane pids whose process trees it read. */
export interface Hint {
  /** Pane ids (`%N`), each checked. */
  ids: string[];
  /** Pids of the panes whose trees were read (agents/proc-ahead.ts reads them while tmux answers). */
  pids: number[];
}

/**
 * Beyond this many panes the captures go in calls of their own, started at the same time as the
 * snapshot's: the snapshot then comes back before them, and the process trees are read while tmux is
 * still capturing (at 1,000 panes its captures take ≈ 5× its snapshot).
 */
export const RIDE_LIMIT = 200;
export const ridesAlong = (plan: CapturePlan): boolean =>
  plan.ids.length > 0 && plan.ids.length <= RIDE_LIMIT;
/**
 * Captures beside the snapshot go in calls of this many panes, all started at once: tmux answers them one
 * after the other, and each answer is classified while tmux still captures the next (commands/gather.ts).
 */
export const BESIDE_CHUNK = 100;
/** The plan's panes in the chunks their calls beside the snapshot capture (same marker). */
export function besideChunks(plan: CapturePlan): CapturePlan[] {
  const chunks: CapturePlan[] = [];
  for (let i = 0; i < plan.ids.length; i += BESIDE_CHUNK)
    chunks.push({ ...plan, ids: plan.ids.slice(i, i + BESIDE_CHUNK) });
  return chunks;
}
/** The arguments of a call that runs only a capture script. */
export const SCRIPT_ARGS: readonly string[] = ['source-file', '-'];

const PID = /^[1-9]\d{0,9}$/;
/** Hints beyond this many panes are not followed (a damaged file costs no more than this). */
const MAX_HINTED = 20_000;
/** Hint files kept: a new one prunes the oldest (those of servers long gone, or of tests' sockets). */
export const MAX_HINT_FILES = 32;

/** The hint file of one server: its selector, encoded so any name or path is one file name. */
export function hintFile(env: NodeJS.ProcessEnv, server: ServerSelector): string {
  const key = server.socketPath
    ? `S${encodeURIComponent(server.socketPath)}`
    : server.socketName !== undefined
      ? `L${encodeURIComponent(server.socketName)}`
      : 'default';
  return join(stateDir(env), 'panes', key);
}

/**
 * What the last look at this server saw (one line each: `%N` a pane it captured, `N` a pane pid whose
 * tree it read); nothing when there is no (readable) hint. Lines of any other form are skipped.
 */
export function readHint(env: NodeJS.ProcessEnv, server: ServerSelector): Hint {
  let text: string;
  try {
    text = readRegularFile(hintFile(env, server));
  } catch {
    return { ids: [], pids: [] };
  }
  const ids: string[] = [];
  const pids: number[] = [];
  for (const line of text.split('\n'))
    if (PANE_ID.test(line)) ids.push(line);
    else if (PID.test(line)) pids.push(Number(line));
  return {
    ids: ids.length > MAX_HINTED ? [] : ids,
    pids: pids.length > MAX_HINTED ? [] : pids,
  };
}

const same = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Keep `next` as the next look's hint (when it differs from `before`). Best effort: never throws. */
export function writeHint(env: NodeJS.ProcessEnv, server: ServerSelector, next: Hint, before: Hint): void {
  if (same(next.ids, before.ids) && same(next.pids, before.pids)) return;
  const lines = [...next.ids, ...next.pids];
  try {
    writeStateFile(hintFile(env, server), lines.length ? `${lines.join('\n')}\n` : '', MAX_HINT_FILES);
  } catch {
    // a read-only state dir: the next look captures in a call of its own, as without a hint
  }
}

const early = new Map<string, CapturePlan>();
const planKey = (env: NodeJS.ProcessEnv, server: ServerSelector): string =>
  `${stateDir(env)}\0${describeServer(server)}`;
const freshPlan = (env: NodeJS.ProcessEnv, server: ServerSelector): CapturePlan => ({
  marker: `tmo-${nonce()}`,
  ...readHint(env, server),
});

/** A plan for the early snapshot call (early-snapshot.ts), kept for the look that takes its result. */
export function earlyCapturePlan(env: NodeJS.ProcessEnv, server: ServerSelector): CapturePlan {
  const plan = freshPlan(env, server);
  early.set(planKey(env, server), plan);
  return plan;
}

/**
 * The plan of one look at a server: the early call's, once (that call and the look must ask alike to
 * share it), else the hinted panes read now with a nonce of their own.
 */
export function capturePlan(env: NodeJS.ProcessEnv, server: ServerSelector): CapturePlan {
  const key = planKey(env, server);
  const plan = early.get(key);
  if (!plan) return freshPlan(env, server);
  early.delete(key);
  return plan;
}

/** The `source-file -` script that captures the plan's panes (plain text, as capturePanes by default). */
export function captureScript(plan: CapturePlan, options: CaptureOptions = {}): string {
  let script = '';
  for (const id of plan.ids) {
    if (!PANE_ID.test(id)) throw new Error(`not a pane id: ${JSON.stringify(id)}`);
    script += `display-message -p -t ${id} '${plan.marker} #{pane_id}' ; if-shell -F -t ${id} '#{pane_id}' '${captureArgs(id, options).join(' ')}'\n`;
  }
  return script;
}

/**
 * The screens in a script's output (from its first marker on): pane id → text, for the plan's panes that
 * tmux found. Exact: the text runs from a marker line to the next marker, which no pane can show.
 */
export function splitScript(output: string, plan: CapturePlan): Map<string, string> {
  const screens = new Map<string, string>();
  const head = `${plan.marker} `;
  const asked = new Set(plan.ids);
  let at = output.indexOf(head);
  while (at !== -1) {
    const eol = output.indexOf('\n', at);
    if (eol === -1) break;
    const next = output.indexOf(head, eol + 1);
    const id = output.slice(at + head.length, eol);
    if (asked.has(id)) screens.set(id, output.slice(eol + 1, next === -1 ? output.length : next));
    at = next;
  }
  return screens;
}
