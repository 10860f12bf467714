import { isHiddenSession } from '../model/hidden.js';
import { printable } from '../model/printable.js';
/**
 * Resolve a user-given target to one pane, against a snapshot: user names never reach tmux.
 *
 * Accepted forms:
 * - ids: `%12` (pane), `@3` (that window's active pane), `$1` (that session's active window's active pane);
 * - names: `session`, `session:window`, `session:window.pane`, `session:` (active window). Matching is
 *   EXACT (no prefix, no glob). A window is found by name or, when the part is all digits, by index too.
 *
 * Names may contain `:` and `.`: the whole string is first tried as a session name; then it is split at
 * the first `:` whose left part is exactly a session name (tmux itself turns `:` and `.` in session names
 * into `_`; window names keep them). The window part is first tried whole as a window name/index; only if
 * that finds nothing is it split on its LAST `.` followed by a numeric pane index.
 * Several windows matching → UsageError listing the candidates; nothing matching → TARGET_NOT_FOUND.
 */

import type { PaneInfo, SessionInfo, Snapshot, WindowInfo } from '../model/types.js';
import { UsageError } from '../model/usage-error.js';
import { TmuxError } from './errors.js';
import type { TmuxRunner } from './runner.js';
import { takeSnapshot } from './snapshot.js';

export interface ResolvedTarget {
  paneId: string;
  pane: PaneInfo;
  sessionId: string;
  sessionName: string;
  windowId: string;
  windowName: string;
  windowIndex: number;
  /** When the window last changed on screen (ms; tmux's window_activity). */
  windowActivity: number;
  /** How many panes the window has (its activity is the pane's own when it is alone). */
  windowPanes: number;
}

const PANE_ID = /^%\d+$/;
const WINDOW_ID = /^@\d+$/;
const SESSION_ID = /^\$\d+$/;
const DIGITS = /^\d+$/;

export const isPaneId = (s: string): boolean => PANE_ID.test(s);

const notFound = (target: string, why: string): TmuxError =>
  new TmuxError('TARGET_NOT_FOUND', `target "${printable(target)}" not found: ${why}`);

function resolved(session: SessionInfo, window: WindowInfo, pane: PaneInfo): ResolvedTarget {
  return {
    paneId: pane.id,
    pane,
    sessionId: session.id,
    sessionName: session.name,
    windowId: window.id,
    windowName: window.name,
    windowIndex: window.index,
    windowActivity: window.activity,
    windowPanes: window.panes.length,
  };
}

const activeWindow = (s: SessionInfo): WindowInfo | undefined =>
  s.windows.find((w) => w.active) ?? s.windows[0];
const activePane = (w: WindowInfo): PaneInfo | undefined => w.panes.find((p) => p.active) ?? w.panes[0];

function fromWindow(target: string, session: SessionInfo, window: WindowInfo): ResolvedTarget {
  const pane = activePane(window);
  if (!pane) throw notFound(target, `window ${window.id} has no pane`);
  return resolved(session, window, pane);
}

function fromSession(target: string, session: SessionInfo): ResolvedTarget {
  const window = activeWindow(session);
  if (!window) throw notFound(target, `session "${session.name}" has no window`);
  return fromWindow(target, session, window);
}

function matchWindows(session: SessionInfo, part: string): WindowInfo[] {
  const byIndex = DIGITS.test(part) ? Number(part) : undefined;
  return session.windows.filter((w) => w.name === part || (byIndex !== undefined && w.index === byIndex));
}

function describeWindow(session: SessionInfo, w: WindowInfo): string {
  return `${w.id} (${printable(session.name)}:${w.index}, name ${printable(JSON.stringify(w.name))})`;
}

/** Resolve against a snapshot only (pure). Throws TmuxError TARGET_NOT_FOUND / NO_SERVER or UsageError. */
export function resolveInSnapshot(snapshot: Snapshot, target: string): ResolvedTarget {
  if (!snapshot.server.running) throw new TmuxError('NO_SERVER', 'tmux server is not running');
  if (target === '') throw new UsageError('empty target: give session[:window[.pane]] or an id (%N, @N, $N)');
  // A window linked into a dashboard's hidden session is named by the user's session that holds it.
  const sessions = [
    ...snapshot.sessions.filter((s) => !isHiddenSession(s.name)),
    ...snapshot.sessions.filter((s) => isHiddenSession(s.name)),
  ];

  if (PANE_ID.test(target)) {
    for (const s of sessions)
      for (const w of s.windows) for (const p of w.panes) if (p.id === target) return resolved(s, w, p);
    throw notFound(target, 'no such pane');
  }
  if (WINDOW_ID.test(target)) {
    for (const s of sessions) for (const w of s.windows) if (w.id === target) return fromWindow(target, s, w);
    throw notFound(target, 'no such window');
  }
  if (SESSION_ID.test(target)) {
    const s = sessions.find((x) => x.id === target);
    if (!s) throw notFound(target, 'no such session');
    return fromSession(target, s);
  }

  const whole = sessions.find((s) => s.name === target);
  if (whole) return fromSession(target, whole);

  // tmux turns ':' and '.' in session names into '_', but window names may hold both: the session is the
  // part before the first ':' that names a session exactly.
  let session: SessionInfo | undefined;
  let windowPart = '';
  for (let colon = target.indexOf(':'); colon >= 0 && !session; colon = target.indexOf(':', colon + 1)) {
    session = sessions.find((s) => s.name === target.slice(0, colon));
    windowPart = target.slice(colon + 1);
  }
  if (!session) {
    const why = target.includes(':') ? 'no session named exactly' : 'no session has exactly this name';
    throw notFound(target, target.includes(':') ? `${why} "${target.slice(0, target.indexOf(':'))}"` : why);
  }
  if (windowPart === '') return fromSession(target, session);

  const pick = (part: string): WindowInfo | undefined => {
    const found = matchWindows(session, part);
    if (found.length > 1) {
      const list = found.map((w) => describeWindow(session, w)).join(', ');
      throw new UsageError(
        `target "${target}" is ambiguous: ${list}; use a window id (@N) or a pane id (%N)`,
      );
    }
    return found[0];
  };

  const window = pick(windowPart);
  if (window) return fromWindow(target, session, window);

  const dot = windowPart.lastIndexOf('.');
  const paneIndex = dot >= 0 ? windowPart.slice(dot + 1) : '';
  if (dot < 0 || !DIGITS.test(paneIndex))
    throw notFound(target, `session "${session.name}" has no window named or numbered "${windowPart}"`);
  const windowName = windowPart.slice(0, dot);
  const w = windowName === '' ? activeWindow(session) : pick(windowName);
  if (!w) throw notFound(target, `session "${session.name}" has no window named or numbered "${windowName}"`);
  const pane = w.panes.find((p) => p.index === Number(paneIndex));
  if (!pane) throw notFound(target, `window ${describeWindow(session, w)} has no pane ${paneIndex}`);
  return resolved(session, w, pane);
}

/** Resolve `target` to one pane; takes a fresh snapshot unless one is given. */
export async function resolveTarget(
  runner: TmuxRunner,
  target: string,
  snapshot?: Snapshot,
): Promise<ResolvedTarget> {
  return resolveInSnapshot(snapshot ?? (await takeSnapshot(runner)), target);
}
