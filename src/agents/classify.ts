/**
 * Screen classification: pure and fast (no I/O; one split of the screen).
 *
 * 1. The recent region: the last `table.recentLines` (default 30) non-blank lines of the screen.
 * 2. Every rule finds its LOWEST (most recent) matching line, within its own `within` window if set; the
 *    generic choice dialog (`choice.ts`) is found and its options parsed.
 * 3. Staleness: a waiting match (or dialog) above the lowest barrier (a fresh prompt, a completion line)
 *    is old; a working match above a completion line (`barrier: true`) or a new turn is old; an error
 *    holds through completion lines and prompts, and ends only when a new turn starts below it (a turn
 *    line, or a working signal).
 * 4. Priority: waiting (screen rule, then the choice dialog, then title) > error > working (screen, then
 *    title) > idle (screen, then title) > unknown. Within one state the first rule of the table wins:
 *    user rules come first, so they override.
 */
import type { AgentState, ChoiceOption, WaitReason } from '../model/types.js';
import { type ChoiceDialog, findChoice, unbox } from './choice.js';
import { COMMON_REASONS } from './rules/families.js';
import type { AgentTable, ScreenRule } from './rules/types.js';

export interface Classification {
  state: AgentState;
  reason?: WaitReason;
  /** The deciding rule id, e.g. `claude.waiting.permission`, or `<kind>.unknown`. */
  rule: string;
  /** The screen line (or title) that matched. */
  line?: string;
  /** waiting: the dialog's options, when they could be parsed. */
  options?: ChoiceOption[];
  /** waiting: the dialog's question; error: the error message. */
  message?: string;
  /** exited: the exit status, when known. */
  exitStatus?: number;
  /** exited: the last lines the agent left. */
  lastWords?: string;
}

export const DEFAULT_RECENT_LINES = 30;
const MAX_LINE = 200;

/** The recent region: the last `count` non-blank lines, top to bottom, right-trimmed. */
export function recentRegion(screen: string, count = DEFAULT_RECENT_LINES): string[] {
  const all = screen.split('\n');
  const out: string[] = [];
  for (let i = all.length - 1; i >= 0 && out.length < count; i--) {
    const line = all[i]!.trimEnd();
    if (line.trim() !== '') out.push(line);
  }
  return out.reverse();
}

/** Index of the lowest line matching the rule (respecting `within`, skipping `skip` lines), or -1. */
function lowestMatch(rule: ScreenRule, lines: string[], skip?: [number, number]): number {
  const stop = rule.within ? Math.max(0, lines.length - rule.within) : 0;
  for (let i = lines.length - 1; i >= stop; i--) {
    if (skip && i >= skip[0] && i <= skip[1]) continue;
    if (rule.pattern.test(lines[i]!)) return i;
  }
  return -1;
}

interface Hit {
  rule: ScreenRule;
  index: number; // -2 for a title match
}

/** A line as shown to the operator: box borders and leading glyphs say nothing. */
export const clip = (s: string): string => {
  const t = unbox(s);
  return t.length > MAX_LINE ? `${t.slice(0, MAX_LINE - 1)}…` : t;
};
const errorMessage = (s: string): string => clip(s).replace(/^[⎿⏺●■✕×!]\s*/u, '');

function result(hit: Hit, lines: string[], title: string): Classification {
  const c: Classification = { state: hit.rule.state, rule: hit.rule.id };
  if (hit.rule.reason) c.reason = hit.rule.reason;
  const line = hit.index >= 0 ? lines[hit.index] : title;
  if (line !== undefined) c.line = clip(line);
  if (c.state === 'error' && c.line !== undefined) c.message = errorMessage(line!);
  return c;
}

/** The dialog's reason: the agent's own question families, then the common ones. */
function reasonOf(table: AgentTable, dialog: ChoiceDialog, lines: string[], hits: Hit[]): WaitReason {
  // A waiting rule of the table that matched in or just above the dialog names it best.
  const near = hits.find(
    (h) =>
      h.rule.state === 'waiting' && h.rule.reason && h.index >= dialog.top - 8 && h.index <= dialog.bottom,
  );
  if (near?.rule.reason) return near.rule.reason;
  const text = [...lines.slice(dialog.top, dialog.bottom + 1), ...dialog.options.map((o) => o.label)].join(
    '\n',
  );
  for (const r of table.reasons ?? []) if (r.pattern.test(text)) return r.reason;
  for (const r of COMMON_REASONS) if (r.pattern.test(text)) return r.reason;
  // A menu with nothing to allow or deny asks the operator a question.
  if (dialog.options.every((o) => o.meaning === 'other')) return 'question';
  return 'permission';
}

function lowestTurn(table: AgentTable, lines: string[]): number {
  if (!table.turnPatterns?.length) return -1;
  for (let i = lines.length - 1; i >= 0; i--)
    if (table.turnPatterns.some((re) => re.test(lines[i]!))) return i;
  return -1;
}

export function classifyScreen(table: AgentTable, screen: string, title: string): Classification {
  const lines = recentRegion(screen, table.recentLines ?? DEFAULT_RECENT_LINES);
  const dialog = findChoice(lines);
  const inDialog: [number, number] | undefined = dialog ? [dialog.top, dialog.bottom] : undefined;
  const hits: Hit[] = [];
  let barrierWaiting = -1;
  let barrierAll = -1;
  for (const rule of table.rules) {
    let index: number;
    if (rule.on === 'title') index = rule.pattern.test(title) ? -2 : -1;
    else index = lowestMatch(rule, lines, rule.barrier ? inDialog : undefined);
    if (index === -1) continue;
    hits.push({ rule, index });
    if (rule.state === 'idle' && rule.barrier && index >= 0) {
      barrierWaiting = Math.max(barrierWaiting, index);
      if (rule.barrier === true) barrierAll = Math.max(barrierAll, index);
    }
  }
  const turn = lowestTurn(table, lines);
  const freshWorking = (h: Hit) => h.index > barrierAll && h.index >= turn;
  let lowestWorking = -1;
  for (const h of hits)
    if (h.rule.state === 'working' && h.index >= 0 && freshWorking(h))
      lowestWorking = Math.max(lowestWorking, h.index);
  const pick = (state: AgentState, onTitle: boolean, fresh: (h: Hit) => boolean = () => true) =>
    hits.find((h) => h.rule.state === state && (h.index === -2) === onTitle && fresh(h));
  // A menu with a cursor is live UI (answered menus vanish): only a completion line below makes it old.
  const liveDialog =
    dialog &&
    (dialog.bottom > barrierWaiting || (dialog.options.some((o) => o.selected) && dialog.bottom > barrierAll))
      ? dialog
      : null;

  const waiting = pick('waiting', false, (h) => h.index > barrierWaiting || h.rule.chrome === true);
  if (waiting) return withDialog(result(waiting, lines, title), liveDialog);
  if (liveDialog) {
    const c: Classification = {
      state: 'waiting',
      reason: reasonOf(table, liveDialog, lines, hits),
      rule: `${table.kind}.waiting.choice`,
      line: clip(lines[liveDialog.options.length ? liveDialog.top : liveDialog.bottom]!),
    };
    return withDialog(c, liveDialog);
  }
  const hit =
    pick('waiting', true) ??
    pick('error', false, (h) => h.index > lowestWorking && h.index > turn) ??
    pick('working', false, freshWorking) ??
    pick('working', true) ??
    pick('idle', false) ??
    pick('idle', true) ??
    pick('exited', false) ??
    pick('unknown', false);
  if (hit) return result(hit, lines, title);
  return { state: 'unknown', rule: `${table.kind}.unknown` };
}

function withDialog(c: Classification, dialog: ChoiceDialog | null): Classification {
  if (!dialog) return c;
  if (dialog.options.length) c.options = dialog.options;
  const message = dialog.question ?? c.line;
  if (message) c.message = message;
  return c;
}
