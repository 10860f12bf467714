import type { Snapshot } from './types.js';

/**
 * Sessions of our own (the hidden link sessions of any running tmo, see src/source/embedded-hidden.ts) are
 * named with this prefix; nothing we list, count or report includes them.
 */
export const HIDDEN_PREFIX = '__tmo_';
export const isHiddenSession = (name: string): boolean => name.startsWith(HIDDEN_PREFIX);

/** The snapshot without our hidden sessions. */
export function userView(snapshot: Snapshot): Snapshot {
  if (!snapshot.sessions.some((s) => isHiddenSession(s.name))) return snapshot;
  return { ...snapshot, sessions: snapshot.sessions.filter((s) => !isHiddenSession(s.name)) };
}
