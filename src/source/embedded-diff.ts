import type { TmoEvent, WindowRef } from '../model/events.js';
import type { SessionInfo, Snapshot, WindowInfo } from '../model/types.js';

const ref = (s: SessionInfo, w: WindowInfo): WindowRef => ({
  sessionId: s.id,
  session: s.name,
  windowId: w.id,
  window: w.name,
  windowIndex: w.index,
});

/**
 * Structural events that turn `before` into `after` (both already filtered with userView), in a
 * stable order: removals, creations, renames, activations.
 */
export function diffSnapshots(before: Snapshot, after: Snapshot, time = Date.now()): TmoEvent[] {
  const events: TmoEvent[] = [];
  const old = new Map(before.sessions.map((s) => [s.id, s]));
  const now = new Map(after.sessions.map((s) => [s.id, s]));
  for (const s of before.sessions) {
    const next = now.get(s.id);
    if (!next) {
      events.push({ type: 'session.removed', time, sessionId: s.id, session: s.name });
      continue;
    }
    const windows = new Set(next.windows.map((w) => w.id));
    for (const w of s.windows)
      if (!windows.has(w.id)) events.push({ type: 'window.removed', time, ...ref(next, w) });
  }
  for (const s of after.sessions) {
    const prev = old.get(s.id);
    if (!prev) {
      events.push({ type: 'session.created', time, sessionId: s.id, session: s.name });
      for (const w of s.windows) events.push({ type: 'window.created', time, ...ref(s, w) });
      if (s.attached) events.push({ type: 'session.attached', time, sessionId: s.id, session: s.name });
      continue;
    }
    if (prev.name !== s.name)
      events.push({ type: 'session.renamed', time, sessionId: s.id, session: s.name, oldName: prev.name });
    if (prev.attached !== s.attached)
      events.push({
        type: s.attached ? 'session.attached' : 'session.detached',
        time,
        sessionId: s.id,
        session: s.name,
      });
    const prevWindows = new Map(prev.windows.map((w) => [w.id, w]));
    for (const w of s.windows) {
      const pw = prevWindows.get(w.id);
      if (!pw) {
        events.push({ type: 'window.created', time, ...ref(s, w) });
        if (w.active) events.push({ type: 'window.activated', time, ...ref(s, w) });
        continue;
      }
      if (pw.name !== w.name) events.push({ type: 'window.renamed', time, ...ref(s, w), oldName: pw.name });
      if (w.active && !pw.active) events.push({ type: 'window.activated', time, ...ref(s, w) });
    }
  }
  return events;
}

/** True when two snapshots differ in anything but timestamps (activity, takenAt). */
export function sameTree(a: Snapshot, b: Snapshot): boolean {
  return treeKey(a) === treeKey(b);
}

function treeKey(s: Snapshot): string {
  return JSON.stringify([
    s.server.running,
    s.server.tmuxVersion,
    s.sessions.map((x) => [
      x.id,
      x.name,
      x.attached,
      x.clients,
      x.windows.map((w) => [w.id, w.index, w.name, w.active, w.panes]),
    ]),
  ]);
}

/** paneId → where it lives (the first user session holding its window). */
export function paneIndex(snapshot: Snapshot): Map<string, WindowRef> {
  const map = new Map<string, WindowRef>();
  for (const s of snapshot.sessions)
    for (const w of s.windows) for (const p of w.panes) if (!map.has(p.id)) map.set(p.id, ref(s, w));
  return map;
}

/** The `server.up` event of a snapshot of a running server. */
export function serverUp(full: Snapshot, time = Date.now()): TmoEvent {
  const { tmuxVersion } = full.server;
  return { type: 'server.up', time, ...(tmuxVersion ? { tmuxVersion } : {}) };
}
