import type { AgentState } from './types.js';

/**
 * How a state looks, shared by the one-shot commands and the dashboard: a glyph (Unicode or `--ascii`)
 * that always goes with the state's word, so colour is never the only signal.
 */
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

export const stateGlyph = (state: AgentState, ascii: boolean): string => (ascii ? ASCII : UNICODE)[state];

/** "4s", "4m", "2h", "3d": how long ago `since` was. */
export function age(since: number, now = Date.now()): string {
  const s = Math.max(0, Math.floor((now - since) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
