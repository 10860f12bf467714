import { age, stateGlyph } from '../model/state-look.js';
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
export function makeStyle(color: boolean, ascii: boolean): Style {
  const wrap = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return {
    bold: (t) => wrap('1', t),
    dim: (t) => wrap('2', t),
    state: (s, t) => wrap(SGR[s], t),
    glyph: (s) => stateGlyph(s, ascii),
  };
}

export { age };
