/**
 * Typed tmux failures. They are states to show, never crashes: callers switch on `code`.
 */
export type TmuxErrorCode =
  | 'TMUX_MISSING'
  | 'NO_SERVER'
  | 'TARGET_NOT_FOUND'
  | 'TMUX_TOO_OLD'
  | 'TMUX_FAILED';

export class TmuxError extends Error {
  readonly code: TmuxErrorCode;
  readonly stderr: string;
  constructor(code: TmuxErrorCode, message: string, stderr = '') {
    super(message);
    this.name = 'TmuxError';
    this.code = code;
    this.stderr = stderr;
  }
}

const NO_SERVER = [/no server running on /i, /error connecting to /i, /server exited unexpectedly/i];
const NOT_FOUND = [
  /can't find (session|window|pane|client)/i,
  /no such (session|window|pane)/i,
  /session not found/i,
  /window not found/i,
  /pane not found/i,
];

/** Turn a failed tmux invocation's stderr into a typed error. */
export function classifyTmuxFailure(stderr: string, args: readonly string[] = []): TmuxError {
  const text = stderr.trim();
  if (NO_SERVER.some((re) => re.test(text)))
    return new TmuxError('NO_SERVER', 'tmux server is not running', text);
  if (NOT_FOUND.some((re) => re.test(text)))
    return new TmuxError('TARGET_NOT_FOUND', text || 'target not found', text);
  const what = args.find((a) => !a.startsWith('-')) ?? 'tmux';
  return new TmuxError('TMUX_FAILED', `tmux ${what} failed: ${text || 'no error output'}`, text);
}

export const isTmuxError = (e: unknown, code?: TmuxErrorCode): e is TmuxError =>
  e instanceof TmuxError && (code === undefined || e.code === code);
