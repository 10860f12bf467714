/**
 * Options drawn side by side on one row, pure: OpenCode's permission dialog
 * `  Allow once   Allow always   Reject        ctrl+f fullscreen  ⇆ select  enter confirm`, with a hint that
 * the cursor moves sideways (`⇆`, `←/→`, `left/right`) on the row or just below it. The cursor is drawn
 * by colour alone, so it is taken to be where such dialogs open it, on the first option, unless a cursor
 * glyph marks another: option i is picked by Right × i (from that cursor) and Enter.
 */
import { BORDER, type ChoiceDialog, cleanLabel, dialogOf, LIST_WORD, option } from './choice-parse.js';

/** The hint that options are picked sideways. */
const SIDEWAYS = /[⇆⇄↔]|←\s*\/?\s*→|\bleft\s*\/\s*right\b/i;
const CURSOR = /^([❯›>→▶►●◉])\s*/;
const MAX_LABEL = 40;
/** How far above the bottom of the region the row may sit (a footer or two below it). */
const REACH = 6;

interface Cell {
  label: string;
  cursor: boolean;
}

/** The leading cells of a row that read as options (`Allow once`, `Reject`), then the rest of the row. */
function cellsOf(line: string): { cells: Cell[]; rest: string } {
  const parts = line
    .trim()
    .split(/\s{2,}/)
    .filter((p) => p !== '');
  const cells: Cell[] = [];
  let k = 0;
  for (; k < parts.length; k++) {
    const m = CURSOR.exec(parts[k]!);
    const label = cleanLabel(parts[k]!.slice(m ? m[0].length : 0), true);
    if (!LIST_WORD.test(label) || label.length > MAX_LABEL || /\?\s*$/.test(label)) break;
    cells.push({ label, cursor: m !== null });
  }
  return { cells, rest: parts.slice(k).join('  ') };
}

export function rows(lines: string[], from: number): ChoiceDialog | null {
  for (let i = lines.length - 1; i >= Math.max(from, lines.length - REACH); i--) {
    const { cells, rest } = cellsOf(lines[i]!);
    if (cells.length < 2) continue;
    const below = lines.slice(i + 1, i + 3).filter((l) => !BORDER.test(l));
    if (!SIDEWAYS.test(rest) && !below.some((l) => SIDEWAYS.test(l))) continue;
    const cur = Math.max(
      0,
      cells.findIndex((c) => c.cursor),
    );
    const options = cells.map((c, j) => {
      const move = Array<string>(Math.abs(j - cur)).fill(j > cur ? 'Right' : 'Left');
      return option(String(j + 1), c.label, [...move, 'Enter'], c.cursor);
    });
    return dialogOf(lines, options, { first: i, last: i, form: 'row' });
  }
  return null;
}
