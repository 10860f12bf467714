/**
 * What every choice-dialog parser shares (`choice.ts`, `choice-inline.ts`, `choice-rows.ts`), pure: the
 * dialog's shape, option labels and meanings, key names, the question above and the footer below.
 */
import type { ChoiceOption } from '../model/types.js';

export interface ChoiceDialog {
  options: ChoiceOption[];
  /** The dialog's question (or the nearest text above the options). */
  question?: string;
  /** First and last line index of the dialog within the lines given (question … footer). */
  top: number;
  bottom: number;
  form: 'numbered' | 'list' | 'row' | 'inline';
}

/** A trailing key hint: `(esc)`, `(y)`, `(shift+tab)`, `(esc or n or p)`. */
export const KEY_HINT =
  /\s*\(((?:esc|enter|tab|shift\+tab|ctrl\+\w|[a-z0-9])(?:\s*(?:or|\/|,)\s*(?:esc|enter|tab|shift\+tab|ctrl\+\w|[a-z0-9]))*)\)\s*$/i;
export const LIST_WORD =
  /^(?:Yes|No|Allow|Deny|Reject|Proceed|Run|Skip|Cancel|Trust|Always|Don'?t|Accept|Approve|Keep|Continue|Exit|Quit|Abort|Auto|Add|Edit|Use|Stop)\b/i;
export const FOOTER =
  /\b(?:enter|esc|escape|tab)\b[^\n]*\b(?:select|confirm|submit|cancel|navigate|amend|choose|deny|allow)\b|↑\s*↓|↑\/↓/i;
export const QUESTION = /\?\s*(?:\(.*\))?$/;
export const BORDER = /^[\s│┃|╭╮╰╯─━┌┐└┘═╔╗╚╝]*$/;

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
export const keyName = (k: string): string => KEY_NAMES[k.toLowerCase()] ?? (k.length === 1 ? k : k);

export function option(choice: string, label: string, keys: string[], selected: boolean): ChoiceOption {
  const o: ChoiceOption = { choice, label, keys, meaning: meaningOf(label) };
  if (selected) o.selected = true;
  return o;
}

/**
 * The label as drawn, without a description column (`Allow   Run the tool and continue.` → `Allow`);
 * `hintless` also drops a trailing key hint (`Proceed (y)` → `Proceed`) where the hint is the key.
 */
export function cleanLabel(text: string, hintless = false): string {
  const label = text.split(/\s{2,}/)[0]!.trim();
  if (hintless) return label.replace(KEY_HINT, '').trim();
  // The key that picks the option inside the dialog (`(y)`, `(esc)`) is not part of its label; a
  // mode shortcut it mentions (`(shift+tab)`) is, as drawn.
  return label.replace(PICK_HINT, '').trim();
}
const PICK_HINT = /\s*\((?:esc|enter|[a-z0-9])(?:\s*(?:or|\/|,)\s*(?:esc|enter|[a-z0-9]))*\)\s*$/i;

/** The nearest question (or text) line above `top`, within a few lines. */
export function questionAbove(lines: string[], top: number): { text?: string; index: number } {
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
export function footerBelow(lines: string[], bottom: number): number {
  let end = bottom;
  for (let i = bottom + 1; i < Math.min(lines.length, bottom + 4); i++) {
    const t = lines[i]!;
    if (BORDER.test(t)) continue;
    if (FOOTER.test(t)) end = i;
    else break;
  }
  return end;
}

/**
 * The dialog of `options` drawn on lines `first`…`last`: from its question above (`q`, found if not given)
 * to its footer below (`bottom`, likewise).
 */
export function dialogOf(
  lines: string[],
  options: ChoiceOption[],
  at: { first: number; last: number; form: ChoiceDialog['form'] },
  q = questionAbove(lines, at.first),
  bottom = footerBelow(lines, at.last),
): ChoiceDialog {
  const d: ChoiceDialog = { options, top: Math.min(q.index, at.first), bottom, form: at.form };
  if (q.text) d.question = q.text;
  return d;
}
