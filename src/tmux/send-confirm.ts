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
}

export interface Judgement {
  confirmed: boolean;
  detail: string;
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

/** Indexes of rows that differ between two captures. */
export function changedRows(a: string, b: string): number[] {
  const ra = rows(a);
  const rb = rows(b);
  const out: number[] = [];
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) if ((ra[i] ?? '') !== (rb[i] ?? '')) out.push(i);
  return out;
}

/** Judge a send after Enter was pressed. */
export function judgeAfterEnter(e: DeliveryEvidence): Judgement {
  const snippet = snippetOf(e.text, e.width);
  if (e.statusBefore) {
    if (e.statusNow?.state === 'working' && e.statusBefore.state !== 'working')
      return { confirmed: true, detail: `the ${e.statusNow.kind} agent turned working` };
    const row = snippet ? lastRowWith(e.afterPaste, snippet) : -1;
    if (row >= 0) {
      if (!(rows(e.now)[row] ?? '').includes(snippet))
        return { confirmed: true, detail: 'the agent cleared its input line' };
      return { confirmed: false, detail: 'the text still sits in the input line' };
    }
    if (e.statusBefore.state !== 'working') {
      const pasted = changedRows(e.before, e.afterPaste);
      const again = changedRows(e.afterPaste, e.now);
      if (pasted.length > 0 && pasted.some((i) => again.includes(i)))
        return { confirmed: true, detail: 'the input region changed after Enter' };
    }
    return { confirmed: false, detail: 'no sign yet that the agent took the message' };
  }
  if (e.now !== e.afterPaste && e.now !== e.before && (snippet === '' || e.now.includes(snippet)))
    return { confirmed: true, detail: 'the pane shows the text and reacted to Enter' };
  return { confirmed: false, detail: 'the pane did not react' };
}

/** Judge a paste without Enter (`--no-enter`): the text must show on screen. */
export function judgeAfterPaste(e: Omit<DeliveryEvidence, 'now' | 'statusNow'>): Judgement {
  const snippet = snippetOf(e.text, e.width);
  if (e.afterPaste !== e.before && (snippet === '' || e.afterPaste.includes(snippet)))
    return { confirmed: true, detail: 'the pasted text shows on screen' };
  if (e.statusBefore && e.afterPaste !== e.before)
    return { confirmed: true, detail: 'the input region changed after the paste' };
  return { confirmed: false, detail: 'the pasted text does not show on screen' };
}
