/**
 * Orchestration failures the caller should show as a message: `usage` (bad input: exit 2) or
 * `failure` (the action did not happen or did not finish: exit 1). TmuxError NO_SERVER / TMUX_MISSING
 * pass through unchanged (exit 3).
 */
export class OrchError extends Error {
  readonly kind: 'usage' | 'failure';
  constructor(kind: 'usage' | 'failure', message: string) {
    super(message);
    this.name = 'OrchError';
    this.kind = kind;
  }
}

export const isOrchError = (e: unknown): e is OrchError => e instanceof OrchError;
