import type { AgentState } from '../src/model/types.js';

export const STATE_COLOR: Record<AgentState, string> = {
  working: 'cyan',
  waiting: 'yellow',
  idle: 'green',
  error: 'red',
  exited: 'gray',
  unknown: 'magenta',
};

const UNICODE: Record<AgentState, string> = {
  working: '●',
  waiting: '▲',
  idle: '○',
  error: '✖',
  exited: '◌',
  unknown: '?',
};
const ASCII: Record<AgentState, string> = {
  working: '*',
  waiting: '!',
  idle: 'o',
  error: 'x',
  exited: '-',
  unknown: '?',
};

export const glyph = (state: AgentState, ascii: boolean): string => (ascii ? ASCII : UNICODE)[state];

/** Ink colour prop, or nothing when colour is off (Ink's chalk ignores NO_COLOR). */
export const tint = (color: boolean, value: string): { color?: string } => (color ? { color: value } : {});

/** "4s", "4m", "2h", "3d". */
export function age(since: number, now: number): string {
  const s = Math.max(0, Math.floor((now - since) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
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
