import { age, stateGlyph } from '../src/model/state-look.js';
import type { AgentState } from '../src/model/types.js';

export const STATE_COLOR: Record<AgentState, string> = {
  working: 'cyan',
  waiting: 'yellow',
  idle: 'green',
  error: 'red',
  exited: 'gray',
  unknown: 'magenta',
};

export const glyph = stateGlyph;
export { age };

/** Ink colour prop, or nothing when colour is off (Ink's chalk ignores NO_COLOR). */
export const tint = (color: boolean, value: string): { color?: string } => (color ? { color: value } : {});

const SGR = /\x1b\[[0-9;:]*m/g;
const OTHER_ESCAPES =
  /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-9;:?<=>]*[ -/]*[@-ln-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78NOMDEHc]/g;
const CONTROLS = /[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/g;

/** Keep only SGR colour escapes (or none): nothing that moves the cursor or clears the screen gets through. */
export function sanitizeScreen(text: string, keepColor: boolean): string {
  let out = text.replace(OTHER_ESCAPES, '').replace(/\t/g, '    ').replace(CONTROLS, '');
  if (!keepColor) out = out.replace(SGR, '');
  // A lone ESC left over from a broken sequence.
  return out.replace(/\x1b(?!\[[0-9;:]*m)/g, '');
}

/** The last `height` non-trailing-blank lines of a screen. */
export function tailLines(text: string, height: number): string[] {
  const lines = text.split('\n');
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').replace(SGR, '').trim() === '') lines.pop();
  return height > 0 ? lines.slice(-height) : [];
}

/** One-line text that cannot break a frame. */
export const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ↵ ').replace(CONTROLS, '');

/** One-column ASCII stand-ins for the glyphs agents and tmux draw (box lines, arrows, bullets, dashes). */
const ASCII_OF: Record<string, string> = {
  '─': '-',
  '━': '-',
  '═': '=',
  '│': '|',
  '┃': '|',
  '║': '|',
  '┌': '+',
  '┐': '+',
  '└': '+',
  '┘': '+',
  '├': '+',
  '┤': '+',
  '┬': '+',
  '┴': '+',
  '┼': '+',
  '╭': '+',
  '╮': '+',
  '╰': '+',
  '╯': '+',
  '…': '.',
  '–': '-',
  '—': '-',
  '·': '-',
  '•': '*',
  '●': '*',
  '○': 'o',
  '◌': '-',
  '▲': '!',
  '✖': 'x',
  '✗': 'x',
  '✓': 'v',
  '✔': 'v',
  '→': '>',
  '←': '<',
  '↑': '^',
  '↓': 'v',
  '›': '>',
  '❯': '>',
  '»': '>',
  '«': '<',
  '▾': 'v',
  '▸': '>',
  '▶': '>',
  '█': '#',
  '░': '#',
  '▒': '#',
  '▓': '#',
  '✎': '+',
  '↵': '/',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '✳': '*',
  '✶': '*',
  '✻': '*',
  '✽': '*',
  '⏺': '*',
  '◇': 'o',
  '✦': '*',
};

/**
 * --ascii: every character outside ASCII becomes a one-column stand-in (`?` when there is none, `??` for a
 * wide one), so no glyph reaches a terminal that cannot draw it and the layout keeps its widths.
 * SGR escapes are ASCII and pass through.
 */
export function toAscii(text: string): string {
  return text.replace(/[^\x00-\x7f]/gu, (ch) => {
    const known = ASCII_OF[ch];
    if (known) return known;
    const cp = ch.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0x1f300 && cp <= 0x1faff) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    const zero = cp === 0x200b || cp === 0xfe0f || (cp >= 0x300 && cp <= 0x36f);
    return zero ? '' : wide ? '??' : '?';
  });
}

/** The text as this theme may draw it. */
export const plain = (text: string, ascii: boolean): string => (ascii ? toAscii(text) : text);

/**
 * How a one-row Text is cut at its box's edge: Ink's truncation always adds `…`, so under `--ascii` the row
 * wraps instead and its one-row box (height 1, overflow hidden) shows only the first line.
 */
export const cut = (ascii: boolean): 'wrap' | 'truncate-end' => (ascii ? 'wrap' : 'truncate-end');
