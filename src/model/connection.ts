/**
 * The state of a source's connection (to tmux, or to a remote `tmo serve`) and the one way it is put into
 * words, shared by the dashboard's status bar and `tmo events --connect` (stderr).
 */

export type ConnectionState =
  /** An attempt in progress; `error` is why the previous one failed. */
  | { status: 'connecting'; error?: string; host?: string; lostAt?: number }
  | { status: 'connected'; host?: string }
  /** Waiting to retry: the next attempt starts at `at` (ms since epoch), `inMs` after it was scheduled. */
  | {
      status: 'reconnecting';
      inMs: number;
      at: number;
      attempt: number;
      error?: string;
      host?: string;
      lostAt?: number;
    }
  | { status: 'closed'; error?: string; host?: string; lostAt?: number };
// `host` is set by a source over several servers: which one the state is about (`box2: reconnecting…`).
// `lostAt` (set by the dashboard's store, src/store/connect.ts): when a connection that was up went down;
// what the world shows has not been refreshed since (stale rows: "stale since 12:03").

/** The state of a retry scheduled `inMs` from now. */
export function retryState(inMs: number, attempt: number, error?: string): ConnectionState {
  return { status: 'reconnecting', inMs, at: Date.now() + inMs, attempt, ...(error ? { error } : {}) };
}

/** Whole seconds until the retry (≥ 1), or 0 when it is due (the attempt is starting). */
export function retrySeconds(c: ConnectionState, now: number): number {
  if (c.status !== 'reconnecting') return 0;
  return Math.max(0, Math.ceil((c.at - now) / 1000));
}

/**
 * `connected`, `connecting…`, `reconnecting in 4s: connect ECONNREFUSED 127.0.0.1:9`, `disconnected: HTTP 401…`,
 * prefixed with the host when there is one. The countdown is computed from `now`, so it counts down as it is
 * re-rendered; once it is due it reads `connecting…`. `lastError` adds the previous failure to `connecting…`.
 */
export function describeConnection(
  c: ConnectionState,
  now: number,
  options: { lastError?: boolean } = {},
): string {
  const who = c.host ? `${c.host}: ` : '';
  const connecting = (error?: string) =>
    `${who}connecting…${options.lastError && error ? ` (last attempt: ${error})` : ''}`;
  switch (c.status) {
    case 'connected':
      return `${who}connected`;
    case 'connecting':
      return connecting(c.error);
    case 'reconnecting': {
      const s = retrySeconds(c, now);
      return s > 0 ? `${who}reconnecting in ${s}s${c.error ? `: ${c.error}` : ''}` : connecting(c.error);
    }
    case 'closed':
      return `${who}disconnected${c.error ? `: ${c.error}` : ''}`;
  }
}
