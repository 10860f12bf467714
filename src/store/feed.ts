import { isPending, type TmoEvent } from '../model/events.js';
import type { AgentStatus, WorldState } from '../model/types.js';
import type { FeedEntry } from './types.js';

type Draft = Omit<FeedEntry, 'id'>;

/** Where a pane lives, `session:window.index`, for feed lines. */
export function paneLabel(world: WorldState, paneId: string): string {
  for (const s of world.snapshot.sessions) {
    for (const w of s.windows) {
      if (w.panes.some((p) => p.id === paneId)) return `${s.name}:${w.index}`;
    }
  }
  return paneId;
}

/** The feed line for one event (null for events the feed does not show, e.g. pane output). */
export function feedEntry(event: TmoEvent, before: WorldState): Draft | null {
  const t = event.time;
  switch (event.type) {
    case 'server.up':
      return {
        time: t,
        kind: 'server',
        text: `tmux server up${event.tmuxVersion ? ` (${event.tmuxVersion})` : ''}`,
      };
    case 'server.down':
      return { time: t, kind: 'error', text: `tmux server down: ${event.reason}` };
    case 'session.created':
      return { time: t, kind: 'session', text: `session ${event.session} created` };
    case 'session.removed':
      return { time: t, kind: 'session', text: `session ${event.session} closed` };
    case 'session.renamed':
      return { time: t, kind: 'session', text: `session ${event.oldName} renamed to ${event.session}` };
    case 'session.attached':
    case 'session.detached':
      return null;
    case 'window.created':
      return {
        time: t,
        kind: 'window',
        text: `window ${event.session}:${event.windowIndex} ${event.window} opened`,
      };
    case 'window.removed':
      return {
        time: t,
        kind: 'window',
        text: `window ${event.session}:${event.windowIndex} ${event.window} closed`,
      };
    case 'window.renamed':
      return { time: t, kind: 'window', text: `window ${event.session}:${event.oldName} → ${event.window}` };
    case 'window.activated':
      return null;
    case 'pane.output':
      return null;
    case 'agent.status': {
      if (isPending(event)) return null; // found, not yet looked at: nothing happened
      const where =
        event.session !== undefined && event.windowIndex !== undefined
          ? `${event.session}:${event.windowIndex}`
          : paneLabel(before, event.paneId);
      const from = event.previous ? `${event.previous} → ` : '';
      const reason = event.reason ? ` · ${event.reason}` : '';
      return {
        time: t,
        kind: event.state === 'error' ? 'error' : 'state',
        paneId: event.paneId,
        state: event.state,
        text: `${where} ${event.kind} ${from}${event.state}${reason}`,
      };
    }
    case 'snapshot':
      return null;
  }
}

/** An agent that now waits on the operator, or finished its work (working → idle). */
export function notableChange(
  prev: AgentStatus | undefined,
  next: AgentStatus,
): 'waiting' | 'finished' | null {
  if (next.state === 'waiting' && prev?.state !== 'waiting') return 'waiting';
  if (next.state === 'idle' && prev?.state === 'working') return 'finished';
  return null;
}
