/**
 * Did a message arrive? Pure judgement over screen captures (visible rows, top to bottom) and agent
 * statuses taken before the paste, after the paste and after Enter. Never guesses "yes": every positive
 * answer names the evidence.
 *
 * Agents (inspect returned a status):
 * - the agent turned `working` (it was not before) → confirmed;
 * - the input line cleared: the bottom-most row that showed the message after the paste no longer shows it;
 * - the input region changed: when the paste did not show the text (an agent may fold a long paste into
 *   "[Pasted text]"), the rows the paste changed changed again after Enter (only trusted when the agent
 *   was not already working, whose spinner changes the screen on its own).
 * Other panes (a shell, `cat`): the screen changed after Enter and shows the message's last line (the
 * program echoed it, or its output follows it).
 */
import type { AgentStatus } from '../model/types.js';

export interface DeliveryEvidence {
  text: string;
  before: string;
  afterPaste: string;
  now: string;
  statusBefore: AgentStatus | null;
  statusNow: AgentStatus | null;
  /** Pane width, to keep the snippet on one screen row. */
  width?: number;
  /**
   * Rows tmux's history grew by between `afterPaste` and `now` (absent once the history is full): a
   * scroll by that many rows, or a clear-screen that pushed the old screen into the history.
   */
  historyGrew?: number;
}

export interface Judgement {
  confirmed: boolean;
  detail: string;
  /** The agent was busy and queued the message: it runs when the current turn ends. */
  queued?: boolean;
}

/**
 * How agents say they queued a message typed while they work: Claude Code `Press up to edit queued
 * messages`, Codex `⌥ + ↑ edit` / `Alt+Up edit` beside its queued list, others `1 message queued`.
 */
const QUEUED_HINT = /\bqueued\b|\balt\s*\+\s*(?:up|↑)\s+edit|⌥\s*\+?\s*↑\s+edit/i;
const QUEUE_ROWS = 15;

/** The hint, in the bottom rows of a screen (where agents draw their composer and its queue). */
function queuedHint(screen: string): boolean {
  const r = screen.trimEnd().split('\n');
  for (let i = r.length - 1; i >= Math.max(0, r.length - QUEUE_ROWS); i--)
    if (QUEUED_HINT.test(r[i]!)) return true;
  return false;
}

/** A short piece of the message's last non-blank line, as it would show on one screen row. */
export function snippetOf(text: string, width = 80): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const last = lines[lines.length - 1] ?? '';
  const pieces = last.split('\t').map((p) => p.trim());
  let longest = '';
  for (const p of pieces) if (p.length > longest.length) longest = p;
  const max = Math.max(4, Math.min(24, width - 8));
  return [...longest].slice(-max).join('');
}

const rows = (screen: string): string[] => screen.split('\n');

/** Index of the bottom-most row containing `needle`, or -1. */
export function lastRowWith(screen: string, needle: string): number {
  const r = rows(screen);
  for (let i = r.length - 1; i >= 0; i--) if (r[i]?.includes(needle)) return i;
  return -1;
}

/**
 * Indexes (in `a`) of rows that differ in `b`, where `b` scrolled up by `shift` rows: row i of `a` is row
 * i - shift of `b`. Rows that scrolled out of view count as changed.
 */
export function changedRows(a: string, b: string, shift = 0): number[] {
  const ra = rows(a);
  const rb = rows(b);
  const out: number[] = [];
  for (let i = 0; i < Math.max(ra.length, rb.length + shift); i++)
    if (i < shift || (ra[i] ?? '') !== (rb[i - shift] ?? '')) out.push(i);
  return out;
}

/**
 * How far `b` scrolled up from `a`: the shift under which the most non-blank rows are equal (at least
 * two). A tie is settled by `hint` (how much tmux's history grew) when it is one of the best; otherwise,
 * or with too few equal rows, the answer is `hint` itself only when no shift is better, else undefined.
 */
export function estimateScroll(a: string, b: string, hint?: number): number | undefined {
  const ra = rows(a);
  const rb = rows(b);
  const scores: number[] = [];
  for (let k = 0; k < ra.length; k++) {
    let score = 0;
    for (let i = 0; i + k < ra.length && i < rb.length; i++)
      if (ra[i + k]!.trim() !== '' && ra[i + k] === rb[i]) score++;
    scores.push(score);
  }
  const best = Math.max(0, ...scores);
  if (best < 2) return hint;
  const at = scores.flatMap((score, k) => (score === best ? [k] : []));
  if (at.length === 1) return at[0];
  return hint !== undefined && at.includes(hint) ? hint : undefined;
}

/** The bytes of a line a terminal in line mode keeps (Linux N_TTY); the rest of a longer line is dropped. */
export const LINE_MODE_MAX = 4095;

/** Judge a send after Enter was pressed. */
export function judgeAfterEnter(e: DeliveryEvidence): Judgement {
  const snippet = snippetOf(e.text, e.width);
  if (e.statusBefore) {
    if (e.statusNow?.state === 'working' && e.statusBefore.state !== 'working')
      return { confirmed: true, detail: `the ${e.statusNow.kind} agent turned working` };
    // A busy agent queues what it is sent (and draws it above its composer): delivered, not lost.
    if (
      e.statusBefore.state === 'working' &&
      snippet !== '' &&
      queuedHint(e.now) &&
      e.now.includes(snippet) &&
      (!queuedHint(e.afterPaste) || lastRowWith(e.now, snippet) !== lastRowWith(e.afterPaste, snippet))
    )
      return {
        confirmed: true,
        queued: true,
        detail: `the ${e.statusBefore.kind} agent is busy and queued the message: it runs when the current turn ends`,
      };
    // Where the rows of the paste are now: the screen may have scrolled (even the echo of Enter does).
    const shift = estimateScroll(e.afterPaste, e.now, e.historyGrew);
    const row = snippet ? lastRowWith(e.afterPaste, snippet) : -1;
    if (row >= 0) {
      if (shift === undefined || row - shift < 0)
        return { confirmed: false, detail: 'the screen moved: cannot tell whether the input line cleared' };
      if (!(rows(e.now)[row - shift] ?? '').includes(snippet))
        return { confirmed: true, detail: 'the agent cleared its input line' };
      return { confirmed: false, detail: 'the text still sits in the input line' };
    }
    if (e.statusBefore.state !== 'working' && shift !== undefined) {
      const pasted = changedRows(e.before, e.afterPaste);
      const again = changedRows(e.afterPaste, e.now, shift);
      if (pasted.length > 0 && pasted.some((i) => i >= shift && again.includes(i)))
        return { confirmed: true, detail: 'the input region changed after Enter' };
    }
    return { confirmed: false, detail: 'no sign yet that the agent took the message' };
  }
  // A terminal in line mode (a plain `cat`, a shell's `read`) cuts longer lines; the screen cannot show it.
  if (e.text.split('\n').some((line) => Buffer.byteLength(line) > LINE_MODE_MAX))
    return {
      confirmed: false,
      detail: `a line is over ${LINE_MODE_MAX} bytes: a program reading in line mode gets only the first ${LINE_MODE_MAX}`,
    };
  if (e.now !== e.afterPaste && e.now !== e.before && (snippet === '' || e.now.includes(snippet)))
    return { confirmed: true, detail: 'the pane shows the text and reacted to Enter' };
  return { confirmed: false, detail: 'the pane did not react' };
}

/** Judge a paste without Enter (`--no-enter`): the text must show on screen. */
export function judgeAfterPaste(e: Omit<DeliveryEvidence, 'now' | 'statusNow'>): Judgement {
  const snippet = snippetOf(e.text, e.width);
  if (!e.statusBefore && e.text.split('\n').some((line) => Buffer.byteLength(line) > LINE_MODE_MAX))
    return {
      confirmed: false,
      detail: `a line is over ${LINE_MODE_MAX} bytes: the screen cannot show whether all of it arrived`,
    };
  if (e.afterPaste !== e.before && (snippet === '' || e.afterPaste.includes(snippet)))
    return { confirmed: true, detail: 'the pasted text shows on screen' };
  if (e.statusBefore && e.afterPaste !== e.before)
    return { confirmed: true, detail: 'the input region changed after the paste' };
  return { confirmed: false, detail: 'the pasted text does not show on screen' };
}
