import { TmuxError } from './errors.js';

export const MIN_TMUX = { major: 3, minor: 2 } as const;

/** "3.3a" → {major: 3, minor: 3}; "next-3.5" → {3, 5}; unparsable → null. */
export function parseTmuxVersion(version: string): { major: number; minor: number } | null {
  const m = /(\d+)\.(\d+)/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : null;
}

export function isSupported(version: string): boolean {
  const v = parseTmuxVersion(version);
  if (!v) return true; // unknown builds (e.g. "master") are assumed new
  return v.major > MIN_TMUX.major || (v.major === MIN_TMUX.major && v.minor >= MIN_TMUX.minor);
}

export function assertSupported(version: string): void {
  if (!isSupported(version)) {
    throw new TmuxError(
      'TMUX_TOO_OLD',
      `tmux ${version} is too old: tmux-orchestrator needs tmux ${MIN_TMUX.major}.${MIN_TMUX.minor} or newer`,
    );
  }
}
