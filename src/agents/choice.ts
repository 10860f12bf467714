/**
 * The one generic CHOICE dialog, pure: finds the dialog at the bottom of a screen region and parses its
 * options, whatever CLI drew it.
 *
 * - numbered menus: `❯ 1. Yes`, `› 1. Allow   Run the tool…`, boxed `│ ● 1. Yes, allow once │`, and the
 *   one-line `1. Yes / 2. No / 3. Maybe`;
 * - option lists with a cursor or key hints: `→ Proceed (y)` / `Reject & propose changes (esc or n or p)`;
 * - inline prompts: `(y/n)`, `[y/N]`, `yes (y) / no (n)`, `(Y)es/(N)o/(D)on't ask again [Yes]:`,
 *   `Confirm with Y Enter`, `Press enter to confirm or esc to cancel`, `Enter to allow, Esc to deny`.
 *
 * A numbered list counts only with a cursor on an option, a question (`…?`) just above it, or a dialog
 * footer just below it: a numbered list in the agent's prose is not a dialog.
 */
import type { ChoiceOption } from '../model/types.js';

export interface ChoiceDialog {
  options: ChoiceOption[];
  /** The dialog's question (or the nearest text above the options). */
  question?: string;
  /** First and last line index of the dialog within the lines given (question … footer). */
  top: number;
  bottom: number;
  form: 'numbered' | 'list' | 'inline' | 'row';
}

const NUMBERED = /^(?:([❯›>→▶►●◉])\s*)?(\d{1,2})[.)]\s+(\S.*)$/;
/** A trailing key hint: `(esc)`, `(y)`, `(shift+tab)`, `(esc or n or p)`. */
const KEY_HINT =
  /\s*\(((?:esc|enter|tab|shift\+tab|ctrl\+\w|[a-z0-9])(?:\s*(?:or|\/|,)\s*(?:esc|enter|tab|shift\+tab|ctrl\+\w|[a-z0-9]))*)\)\s*$/i;
const LIST_WORD =
  /^(?:Yes|No|Allow|Deny|Reject|Proceed|Run|Skip|Cancel|Trust|Always|Don'?t|Accept|Approve|Keep|Continue|Exit|Quit|Abort|Auto|Add|Edit|Use|Stop)\b/i;
const FOOTER =
  /\b(?:enter|esc|escape|tab)\b[^\n]*\b(?:select|confirm|submit|cancel|navigate|amend|choose|deny|allow)\b|↑\s*↓|↑\/↓/i;
/** What every dialog form draws somewhere: a numbered item, a cursor, a key hint, a y/n. */
const MAYBE = /\d[.)]\s|[❯›>→▶►●◉○◯([]|Confirm with|\b(?:enter|esc|yes|no)\b|\?\s*[│┃]?$/i;
const QUESTION = /\?\s*(?:\(.*\))?$/;
const BORDER = /^[\s│┃|╭╮╰╯─━┌┐└┘═╔╗╚╝]*$/;

/** A line without its box borders, trimmed. */
export function unbox(line: string): string {
  if (!line.includes('│') && !line.includes('┃')) return line.trim();
  return line
    .replace(/^\s*[│┃]\s?/, '')
    .replace(/\s*[│┃]\s*$/, '')
    .trim();
}

const ALWAYS = /\balways\b|don'?t ask again|for this session|\ball\b|remember|auto-?accept|everything/i;
const ALLOW = /^(?:yes|allow|approve|proceed|run|trust|accept|continue|ok|confirm|apply|keep)\b/i;
const DENY = /^(?:no|deny|reject|cancel|skip|exit|quit|abort|stop|don'?t)\b/i;

export function meaningOf(label: string): ChoiceOption['meaning'] {
  if (ALLOW.test(label)) return ALWAYS.test(label) ? 'allow-always' : 'allow';
  if (/^don'?t ask again/i.test(label)) return 'allow-always';
  if (DENY.test(label)) return 'deny';
  return 'other';
}

const KEY_NAMES: Record<string, string> = {
  esc: 'Escape',
  enter: 'Enter',
  tab: 'Tab',
  'shift+tab': 'BTab',
};
const keyName = (k: string): string => KEY_NAMES[k.toLowerCase()] ?? (k.length === 1 ? k : k);

function option(choice: string, label: string, keys: string[], selected: boolean): ChoiceOption {
  const o: ChoiceOption = { choice, label, keys, meaning: meaningOf(label) };
  if (selected) o.selected = true;
  return o;
}

/**
 * The label as drawn, without a description column (`Allow   Run the tool and continue.` → `Allow`);
 * `hintless` also drops a trailing key hint (`Proceed (y)` → `Proceed`) where the hint is the key.
 */
function cleanLabel(text: string, hintless = false): string {
  const label = text.split(/\s{2,}/)[0]!.trim();
  if (hintless) return label.replace(KEY_HINT, '').trim();
  // The key that picks the option inside the dialog (`(y)`, `(esc)`) is not part of its label; a
  // mode shortcut it mentions (`(shift+tab)`) is, as drawn.
  return label.replace(PICK_HINT, '').trim();
}
const PICK_HINT = /\s*\((?:esc|enter|[a-z0-9])(?:\s*(?:or|\/|,)\s*(?:esc|enter|[a-z0-9]))*\)\s*$/i;

/** The nearest question (or text) line above `top`, within a few lines. */
function questionAbove(lines: string[], top: number): { text?: string; index: number } {
  let fallback: { text: string; index: number } | undefined;
  for (let i = top - 1; i >= Math.max(0, top - 8); i--) {
    const t = lines[i]!;
    if (BORDER.test(t)) continue;
    if (QUESTION.test(t)) return { text: t, index: i };
    fallback ??= { text: t, index: i };
  }
  return fallback ?? { index: top };
}

/** The dialog's bottom: footer hint lines right below the options are part of it. */
function footerBelow(lines: string[], bottom: number): number {
  let end = bottom;
  for (let i = bottom + 1; i < Math.min(lines.length, bottom + 4); i++) {
    const t = lines[i]!;
    if (BORDER.test(t)) continue;
    if (FOOTER.test(t)) end = i;
    else break;
  }
  return end;
}

function numbered(lines: string[], from: number): ChoiceDialog | null {
  let last = -1;
  for (let i = lines.length - 1; i >= from; i--) {
    const one = lines[i]!;
    const inline = inlineNumbered(one);
    if (inline) {
      const q = questionAbove(lines, i);
      const d: ChoiceDialog = {
        options: inline,
        top: q.index,
        bottom: footerBelow(lines, i),
        form: 'numbered',
      };
      if (q.text) d.question = q.text;
      return d;
    }
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
  const d: ChoiceDialog = { options, top: Math.min(q.index, first), bottom, form: 'numbered' };
  if (q.text) d.question = q.text;
  return d;
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
    const d: ChoiceDialog = {
      options,
      top: Math.min(q.index, first),
      bottom: footerBelow(lines, end),
      form: 'list',
    };
    if (q.text) d.question = q.text;
    return d;
  }
  return null;
}

/** The hint that a row of buttons is chosen with the arrow keys: `⇆ select`, `←→ select`, `← → select`. */
const ROW_SELECT = /(?:⇆|←\s*→)\s*select\b/;

/**
 * A row of buttons on one line, picked with ← → and Enter (OpenCode:
 * `Allow once   Allow always   Reject      ctrl+f fullscreen  ⇆ select  enter confirm`). The highlight is
 * colour only, so no option is marked selected; the keys assume the dialog's default, the first button.
 */
function row(lines: string[], from: number): ChoiceDialog | null {
  for (let i = lines.length - 1; i >= Math.max(from, lines.length - 4); i--) {
    const t = lines[i]!;
    const hint = ROW_SELECT.exec(t);
    if (!hint) continue;
    const labels: string[] = [];
    for (const part of t
      .slice(0, hint.index)
      .trim()
      .split(/\s{2,}/)) {
      if (!LIST_WORD.test(part) || part.length > 40) break;
      labels.push(part);
    }
    if (labels.length < 2) continue;
    const options = labels.map((label, k) =>
      option(String(k + 1), label, [...Array<string>(k).fill('Right'), 'Enter'], false),
    );
    const q = questionAbove(lines, i);
    const d: ChoiceDialog = { options, top: q.index, bottom: i, form: 'row' };
    if (q.text) d.question = q.text;
    return d;
  }
  return null;
}

const YN = /[([]\s*(y)(?:es)?\s*\/\s*(n)(?:o)?\s*[)\]]\s*[:?]?\s*$/i;
const LETTERED = /\(([A-Za-z])\)([\p{L}' ]*)/gu;
const WORD_KEY = /(\p{L}[\p{L}' ]*?)\s*\(([a-z])\)/giu;
const CONFIRM_WITH = /Confirm with ((?:(?:Shift|Ctrl|Alt)\s*\+\s*)?[A-Za-z])\s+Enter\b/i;
const KEY_TO = /\b(enter|esc|escape)\s+to\s+(confirm|cancel|allow|deny|approve|reject|accept|continue)\b/gi;

/** One-line prompts at the very bottom: `(y/n)`, `(Y)es/(N)o … [Yes]:`, `Confirm with Y Enter`, … */
function inline(lines: string[], from: number): ChoiceDialog | null {
  for (let i = lines.length - 1; i >= Math.max(from, lines.length - 3); i--) {
    const t = lines[i]!;
    const options = inlineOptions(t);
    if (!options) continue;
    const asked = t.replace(/\s*(?:[([].*|Confirm with.*|Press enter.*|Enter to.*)$/i, '').trim();
    const d: ChoiceDialog = { options, top: i, bottom: i, form: 'inline' };
    if (asked) d.question = asked;
    else {
      const q = questionAbove(lines, i);
      if (q.text) d.question = q.text;
      d.top = q.index;
    }
    return d;
  }
  return null;
}

function inlineOptions(t: string): ChoiceOption[] | null {
  const yn = YN.exec(t);
  if (yn) {
    const def = /\[Y\/n\]|\(Y\/n\)/.test(t) ? 'y' : /\[y\/N\]|\(y\/N\)/.test(t) ? 'n' : '';
    return [option('y', 'Yes', ['y'], def === 'y'), option('n', 'No', ['n'], def === 'n')];
  }
  if (/\(Y\)es\/\(N\)o/i.test(t)) {
    const def = /\[(\w[\w' ]*)\]:?\s*$/.exec(t)?.[1];
    return [...t.matchAll(LETTERED)].map((m) => {
      const label = `${m[1]!.toUpperCase()}${m[2]!.trim()}`;
      return option(m[1]!.toLowerCase(), label, [m[1]!.toLowerCase()], label === def);
    });
  }
  if (/\byes \(y\)/i.test(t)) {
    const out = [...t.matchAll(WORD_KEY)].map((m) => {
      const label = m[1]!.trim().replace(/^\W+/, '');
      return option(
        m[2]!.toLowerCase(),
        label.charAt(0).toUpperCase() + label.slice(1),
        [m[2]!.toLowerCase()],
        false,
      );
    });
    return out.length >= 2 ? out : null;
  }
  const cw = CONFIRM_WITH.exec(t);
  if (cw) {
    const key = cw[1]!.replace(/\s/g, '');
    const k = /\+/.test(key) ? key.slice(-1).toUpperCase() : key.toLowerCase();
    return [option(k, 'Confirm', [k, 'Enter'], false), option('esc', 'Cancel', ['Escape'], false)];
  }
  if (/\(y\) \(enter\)/i.test(t)) return [option('y', 'Yes', ['y'], false), option('n', 'No', ['n'], false)];
  const pairs = [...t.matchAll(KEY_TO)];
  if (pairs.length && pairs.some((m) => !/cancel|deny|reject/i.test(m[2]!)) && !/interrupt/i.test(t)) {
    return pairs.map((m) => {
      const key = keyName(m[1]!.toLowerCase() === 'escape' ? 'esc' : m[1]!);
      const word = m[2]!.charAt(0).toUpperCase() + m[2]!.slice(1).toLowerCase();
      return option(key === 'Enter' ? 'enter' : 'esc', word, [key], false);
    });
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
  return list(lines, from) ?? row(lines, from) ?? inline(lines, from) ?? n;
}
