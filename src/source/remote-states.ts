/**
 * After a reset (the first connection, or a reconnect the server could not replay), the remote world arrives
 * as one snapshot. A local source reports each agent's state as an `agent.status` event when it first
 * classifies it; these are the same events for the remote one, one per agent, so the feed (and `tmo events
 * --connect`) shows the states as they are now, and after a reconnect that they are live again. `previous`
 * is the state shown before when it changed meanwhile, else null (a fresh look, as a first sight).
 */
import type { TmoEvent, WindowRef } from '../model/events.js';
import type { WorldState } from '../model/types.js';

function windowsOf(world: WorldState): Map<string, WindowRef> {
  const where = new Map<string, WindowRef>();
  for (const s of world.snapshot.sessions)
    for (const w of s.windows)
      for (const p of w.panes)
        where.set(p.id, {
          sessionId: s.id,
          session: s.name,
          windowId: w.id,
          window: w.name,
          windowIndex: w.index,
        });
  return where;
}

export function stateEvents(before: WorldState, after: WorldState, time: number): TmoEvent[] {
  const where = windowsOf(after);
  const out: TmoEvent[] = [];
  for (const [paneId, a] of Object.entries(after.agents)) {
    const b = before.agents[paneId];
    const same = b && b.kind === a.kind && b.state === a.state && b.reason === a.reason;
    const e: TmoEvent = {
      type: 'agent.status',
      time,
      paneId,
      kind: a.kind,
      state: a.state,
      previous: same ? null : (b?.state ?? null),
      since: a.since,
      ...(where.get(paneId) ?? {}),
    };
    if (a.reason) e.reason = a.reason;
    if (a.rule) e.rule = a.rule;
    out.push(e);
  }
  return out;
}
