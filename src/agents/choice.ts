/**
 * The one generic CHOICE dialog, pure: finds the dialog at the bottom of a screen region and parses its
 * options, whatever CLI drew it.
 *
 * - numbered menus: `❯ 1. Yes`, `› 1. Allow   Run the tool…`, boxed `│ ● 1. Yes, allow once │`, and the
 *   one-line `1. Yes / 2. No / 3. Maybe`;
 * - option lists with a cursor or key hints: `→ Proceed (y)` / `Reject & propose changes (esc or n or p)`;
 * - options side by side on one row, picked sideways: `Allow once   Allow always   Reject  ⇆ select`
 *   (`choice-rows.ts`);
 * - inline prompts: `(y/n)`, `[y/N]`, `yes (y) / no (n)`, `Confirm with Y Enter`, … (`choice-inline.ts`).
 *
 * A numbered list counts only with a cursor on an option, a question (`…?`) just above it, or a dialog
 * footer just below it: a numbered list in the agent's prose is not a dialog.
 */
import type { ChoiceOption } from '../model/types.js';
import { inline } from './choice-inline.js';
import {
  type ChoiceDialog,
  cleanLabel,
  dialogOf,
  footerBelow,
  KEY_HINT,
  keyName,
  LIST_WORD,
  option,
  QUESTION,
  questionAbove,
  unbox,
} from './choice-parse.js';
import { rows } from './choice-rows.js';

export { type ChoiceDialog, meaningOf, unbox } from './choice-parse.js';

const NUMBERED = /^(?:([❯›>→▶►●◉])\s*)?(\d{1,2})[.)]\s+(\S.*)$/;
/** What every dialog form draws somewhere: a numbered item, a cursor, a key hint, a y/n. */
const MAYBE =
  /\d[.)]\s|[❯›>→▶►●◉○◯([⇆⇄↔]|\bleft\s*\/\s*right\b|Confirm with|\b(?:enter|esc|yes|no)\b|\?\s*[│┃]?$/i;

function numbered(lines: string[], from: number): ChoiceDialog | null {
  let last = -1;
  for (let i = lines.length - 1; i >= from; i--) {
    const one = lines[i]!;
    const inline = inlineNumbered(one);
    if (inline) return dialogOf(lines, inline, { first: i, last: i, form: 'numbered' });
    if (NUMBERED.test(one)) {
      last = i;
      break;
    }
  }
  if (last < 0) return null;
  const found: { n: number; label: string; cursor: boolean; index: number }[] = [];
  let gap = 0;
  for (let i = last; i >= from && gap <= 3; i--) {
    const m = NUMBERED.exec(lines[i]!);
    if (!m) {
      gap++;
      continue;
    }
    const n = Number(m[2]);
    const expected = found.length ? found[found.length - 1]!.n - 1 : n;
    if (n !== expected) break;
    found.push({ n, label: cleanLabel(m[3]!), cursor: m[1] !== undefined, index: i });
    gap = 0;
    if (n === 1) break;
  }
  if (found.length < 2 || found[found.length - 1]!.n !== 1) return null;
  found.reverse();
  const first = found[0]!.index;
  const q = questionAbove(lines, first);
  const bottom = footerBelow(lines, last);
  const hasCursor = found.some((o) => o.cursor);
  if (!hasCursor && !(q.text && QUESTION.test(q.text) && first - q.index <= 3) && bottom === last)
    return null;
  const options = found.map((o) => option(String(o.n), o.label, [String(o.n)], o.cursor));
  return dialogOf(lines, options, { first, last, form: 'numbered' }, q, bottom);
}

/** `1. Yes / 2. No / 3. Maybe` on one line. */
function inlineNumbered(text: string): ChoiceOption[] | null {
  const parts = text.split(/\s+\/\s+/);
  if (parts.length < 2) return null;
  const out: ChoiceOption[] = [];
  for (const [i, p] of parts.entries()) {
    const m = /^(?:[❯›>→]\s*)?(\d{1,2})[.)]\s+(\S.*)$/.exec(p.trim());
    if (!m || Number(m[1]) !== i + 1) return null;
    out.push(option(m[1]!, cleanLabel(m[2]!, true), [m[1]!], false));
  }
  return out;
}

/** A picker's footer: the arrows select, Enter accepts (`↑/↓ select · enter accept · esc cancel`). */
const PICKER_FOOTER = /↑\s*\/?\s*↓\s+select\b.*\benter (?:to )?(?:accept|submit)\b/i;

/** Option lists without numbers: `→ Proceed (y)` / `  Reject & propose changes (esc or n or p)`. */
function list(lines: string[], from: number): ChoiceDialog | null {
  for (let end = lines.length - 1; end >= Math.max(from, lines.length - 6); end--) {
    // A picker right above its select footer (`↑/↓ select · enter accept`) lists any labels, not only
    // yes/no words (Copilot CLI's ask_user: `❯ Postgres` / `SQLite`); its field label ends in `:`.
    const footed = PICKER_FOOTER.test(lines[end + 1] ?? '');
    const items: { label: string; cursor: boolean; hint?: string; index: number }[] = [];
    for (let i = end; i >= from; i--) {
      const t = lines[i]!;
      const m = /^([❯›>→▶►●◉○◯])?\s*(\S.*)$/.exec(t);
      if (!m) break;
      const cursor = m[1] !== undefined && m[1] !== '○' && m[1] !== '◯';
      const hint = KEY_HINT.exec(m[2]!)?.[1];
      const label = cleanLabel(m[2]!, true);
      if ((!footed && !LIST_WORD.test(label)) || label.length > 80 || /[?:]\s*$/.test(label)) break;
      const item: { label: string; cursor: boolean; hint?: string; index: number } = {
        label,
        cursor,
        index: i,
      };
      if (hint) item.hint = hint;
      items.push(item);
    }
    if (items.length < 2) continue;
    items.reverse();
    const first = items[0]!.index;
    const q = questionAbove(lines, first);
    const asked = q.text !== undefined && QUESTION.test(q.text) && first - q.index <= 2;
    if (!asked && !items.some((o) => o.cursor || o.hint)) continue;
    const cur = Math.max(
      0,
      items.findIndex((o) => o.cursor),
    );
    const options = items.map((o, i) => {
      const key = o.hint?.split(/\s*(?:or|\/|,)\s*/).find((k) => /^[a-z0-9]$/i.test(k));
      const nav = i === cur ? [] : Array(Math.abs(i - cur)).fill(i > cur ? 'Down' : 'Up');
      const keys = key ? [key] : o.hint && !o.cursor ? [keyName(o.hint.split(/\s/)[0]!)] : [...nav, 'Enter'];
      return option(key ?? String(i + 1), o.label, keys, o.cursor);
    });
    return dialogOf(lines, options, { first, last: end, form: 'list' }, q);
  }
  return null;
}

/**
 * The choice dialog drawn in `lines` (top to bottom), or null. Only the last `window` lines are
 * searched: a dialog is always drawn at the bottom (above the footer).
 */
export function findChoice(screenLines: string[], window = 24): ChoiceDialog | null {
  const from = Math.max(0, screenLines.length - window);
  let any = false;
  for (let i = from; i < screenLines.length && !any; i++) any = MAYBE.test(screenLines[i]!);
  if (!any) return null;
  // Unboxed once: every helper below reads these.
  const lines = screenLines.map((l, i) => (i >= from - 8 ? unbox(l) : ''));
  const n = numbered(lines, from);
  if (n && lines.length - n.bottom <= 8) return n;
  return list(lines, from) ?? rows(lines, from) ?? inline(lines, from) ?? n;
}
