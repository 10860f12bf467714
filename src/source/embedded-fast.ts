/**
 * Events straight from a notification, before any re-query: renames and window activation carry all we
 * need (ids and the new name). The full snapshot that follows fills in the rest and finds nothing new.
 * Window additions and closes need one small query (queriedEvents); sessions wait for the snapshot.
 */
import type { ControlClient } from '../control/client.js';
import type { ControlNotification } from '../control/parser.js';
import type { TmoEvent } from '../model/events.js';
import { isHiddenSession } from '../model/hidden.js';
import { applyEvent } from '../model/reducer.js';
import type { Snapshot, WorldState } from '../model/types.js';
import { isTmuxError } from '../tmux/errors.js';
import { checkIds, parseRecords, toInt, WINDOW_FORMAT, type WindowRow } from '../tmux/formats.js';
import type { TmuxRunner } from '../tmux/runner.js';

const afterId = (note: ControlNotification): string => {
  const sp = note.rest.indexOf(' ');
  return sp === -1 ? '' : note.rest.slice(sp + 1);
};

export function fastEvents(note: ControlNotification, view: Snapshot, time = Date.now()): TmoEvent[] {
  const events: TmoEvent[] = [];
  switch (note.name) {
    case 'window-renamed':
    case 'unlinked-window-renamed': {
      const windowId = note.args[0];
      const name = afterId(note);
      for (const s of view.sessions)
        for (const w of s.windows)
          if (w.id === windowId && w.name !== name)
            events.push({
              type: 'window.renamed',
              time,
              sessionId: s.id,
              session: s.name,
              windowId: w.id,
              window: name,
              windowIndex: w.index,
              oldName: w.name,
            });
      break;
    }
    case 'session-renamed': {
      const s = view.sessions.find((x) => x.id === note.args[0]);
      const name = afterId(note);
      if (s && s.name !== name && !isHiddenSession(name))
        events.push({ type: 'session.renamed', time, sessionId: s.id, session: name, oldName: s.name });
      break;
    }
    case 'session-window-changed': {
      const s = view.sessions.find((x) => x.id === note.args[0]);
      const w = s?.windows.find((x) => x.id === note.args[1]);
      if (s && w && !w.active)
        events.push({
          type: 'window.activated',
          time,
          sessionId: s.id,
          session: s.name,
          windowId: w.id,
          window: w.name,
          windowIndex: w.index,
        });
      break;
    }
  }
  return events;
}

/**
 * Window additions and closes, with one targeted query instead of a full snapshot: the new window's row
 * (`display-message -t @N` with the snapshot's own window format), or whether a closed window still exists
 * anywhere (moved or unlinked windows do; those wait for the snapshot). Returns [] when unsure.
 */
export async function queriedEvents(
  note: ControlNotification,
  view: Snapshot,
  runner: TmuxRunner,
  time = Date.now(),
): Promise<TmoEvent[]> {
  const windowId = note.args[0] ?? '';
  if (!/^@\d+$/.test(windowId)) return [];
  if (note.name === 'unlinked-window-add') {
    let row: WindowRow;
    try {
      const { stdout } = await runner.run(['display-message', '-p', '-t', windowId, WINDOW_FORMAT]);
      const record = parseRecords(stdout)[0];
      if (record?.tag !== 'W') return [];
      row = checkIds(record.row);
    } catch {
      return []; // gone already, or unreadable: the snapshot decides
    }
    const s = view.sessions.find((x) => x.id === row.session_id);
    if (!s || s.windows.some((w) => w.id === windowId)) return [];
    const ref = {
      sessionId: s.id,
      session: s.name,
      windowId,
      window: row.window_name,
      windowIndex: toInt(row.window_index),
    };
    return [{ type: 'window.created', time, ...ref }];
  }
  if (note.name === 'unlinked-window-close' || note.name === 'window-close') {
    try {
      // list-panes, not display-message: tmux 3.3 answers `display-message -t @gone` with an empty line
      // instead of "can't find window".
      await runner.run(['list-panes', '-t', windowId, '-F', '#{window_id}']);
      return []; // still exists somewhere: moved or unlinked, not closed
    } catch (error) {
      if (!isTmuxError(error, 'TARGET_NOT_FOUND')) return [];
    }
    const events: TmoEvent[] = [];
    for (const s of view.sessions)
      for (const w of s.windows)
        if (w.id === windowId)
          events.push({
            type: 'window.removed',
            time,
            sessionId: s.id,
            session: s.name,
            windowId,
            window: w.name,
            windowIndex: w.index,
          });
    return events;
  }
  return [];
}

export const QUERIED = new Set(['unlinked-window-add', 'unlinked-window-close', 'window-close']);

/** The events still news to `view` (a snapshot may have got there first), and the view patched by them. */
export function freshEvents(view: Snapshot, events: TmoEvent[]): { fresh: TmoEvent[]; view: Snapshot } {
  const fresh: TmoEvent[] = [];
  let world: WorldState = { snapshot: view, agents: {} };
  for (const e of events) {
    if (e.type === 'window.created' || e.type === 'window.removed') {
      const known = view.sessions.some(
        (s) => s.id === e.sessionId && s.windows.some((w) => w.id === e.windowId),
      );
      if (known === (e.type === 'window.created')) continue;
    }
    fresh.push(e);
    world = applyEvent(world, e);
  }
  return { fresh, view: world.snapshot };
}

export const TITLE_SUB = 'tmo-title-';

/** A title subscription's change (`%subscription-changed tmo-title-N … %N : <title>`): [paneId, title]. */
export function titleChange(note: ControlNotification): [string, string] | undefined {
  if (note.name !== 'subscription-changed' || !note.args[0]?.startsWith(TITLE_SUB) || !note.args[4]) return;
  const sep = note.rest.indexOf(' : ');
  return sep === -1 ? undefined : [note.args[4], note.rest.slice(sep + 3)];
}

/** Notifications that never change the tree. */
export const QUIET = new Set([
  'output',
  'extended-output',
  'pause',
  'continue',
  'subscription-changed',
  'exit',
]);

/**
 * Pane titles have no notification of their own, and agents show their state there: subscribe to each
 * agent pane's title (tmux checks about once a second; one subscription per agent, because `%*` would
 * make tmux format every pane of the server each second). `subs` is updated in place.
 */
export async function subscribeTitles(
  client: ControlClient,
  agents: Set<string>,
  subs: Set<string>,
): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (const id of agents)
    if (!subs.has(id)) {
      subs.add(id);
      pending.push(
        client.command(['refresh-client', '-B', `${TITLE_SUB}${id.slice(1)}:${id}:#{pane_title}`]),
      );
    }
  for (const id of subs)
    if (!agents.has(id)) {
      subs.delete(id);
      pending.push(client.command(['refresh-client', '-B', `${TITLE_SUB}${id.slice(1)}`]));
    }
  await Promise.allSettled(pending);
}
