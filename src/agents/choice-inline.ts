/**
 * One-line choice prompts, pure: `(y/n)`, `[y/N]`, `yes (y) / no (n)`, `(Y)es/(N)o/(D)on't ask again [Yes]:`,
 * `Confirm with Y Enter`, `Press enter to confirm or esc to cancel`, `Enter to allow, Esc to deny`.
 */
import type { ChoiceOption } from '../model/types.js';
import { type ChoiceDialog, keyName, option, questionAbove } from './choice-parse.js';

const YN = /[([]\s*(y)(?:es)?\s*\/\s*(n)(?:o)?\s*[)\]]\s*[:?]?\s*$/i;
const LETTERED = /\(([A-Za-z])\)([\p{L}' ]*)/gu;
const WORD_KEY = /(\p{L}[\p{L}' ]*?)\s*\(([a-z])\)/giu;
const CONFIRM_WITH = /Confirm with ((?:(?:Shift|Ctrl|Alt)\s*\+\s*)?[A-Za-z])\s+Enter\b/i;
const KEY_TO = /\b(enter|esc|escape)\s+to\s+(confirm|cancel|allow|deny|approve|reject|accept|continue)\b/gi;

/** One-line prompts at the very bottom: `(y/n)`, `(Y)es/(N)o … [Yes]:`, `Confirm with Y Enter`, … */
export function inline(lines: string[], from: number): ChoiceDialog | null {
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
