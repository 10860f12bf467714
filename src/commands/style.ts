import type { AgentState } from '../model/types.js';

/** Terminal styling for one-shot commands: colour only when allowed, every colour paired with a glyph and a word. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  state(state: AgentState, text: string): string;
  glyph(state: AgentState): string;
}

const SGR: Record<AgentState, string> = {
  working: '36',
  waiting: '33;1',
  idle: '32',
  error: '31;1',
  exited: '90',
  unknown: '35',
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

export function makeStyle(color: boolean, ascii: boolean): Style {
  const wrap = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const glyphs = ascii ? ASCII : UNICODE;
  return {
    bold: (t) => wrap('1', t),
    dim: (t) => wrap('2', t),
    state: (s, t) => wrap(SGR[s], t),
    glyph: (s) => glyphs[s],
  };
}

/** "4m", "2h", "3d" — how long ago `since` was. */
export function age(since: number, now = Date.now()): string {
  const s = Math.max(0, Math.floor((now - since) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
