/**
 * Orchestration failures the caller should show as a message: `usage` (bad input: exit 2) or
 * `failure` (the action did not happen or did not finish: exit 1). TmuxError NO_SERVER / TMUX_MISSING
 * pass through unchanged (exit 3).
 */
export class OrchError extends Error {
  readonly kind: 'usage' | 'failure';
  /** Set when the action failed after creating something, which is left for the user to look at. */
  left?: LeftBehind;
  constructor(kind: 'usage' | 'failure', message: string) {
    super(message);
    this.name = 'OrchError';
    this.kind = kind;
  }
}

export interface LeftBehind {
  /** The session created (start) or added to (deploy). */
  session: string;
  /** deploy: the window added. */
  window?: { index: number; id: string };
  /** What went wrong, without the "left for a look" part the message adds. */
  reason: string;
}

/** `--timeout SECONDS` (fractions allowed, 0 = don't wait) → ms; OrchError usage when it is not a number. */
export function parseTimeoutSeconds(text: string): number {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text))
    throw new OrchError('usage', `--timeout must be a number of seconds (got "${text}")`);
  return Math.round(Number(text) * 1000);
}

export const isOrchError = (e: unknown): e is OrchError => e instanceof OrchError;
