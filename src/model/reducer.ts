import type { TmoEvent } from './events.js';
import type { AgentStatus, SessionInfo, WindowInfo, WorldState } from './types.js';
import { emptySnapshot } from './types.js';

export const initialWorld = (socket = 'default'): WorldState => ({
  snapshot: emptySnapshot(socket),
  agents: {},
});

/**
 * Pure reducer: the world after one event. Structural events patch the tree so views update at once;
 * the source follows them with a re-query (or a `snapshot` event) that fills in full details.
 * Events are idempotent state: applying one twice gives the same world.
 */
export function applyEvent(state: WorldState, event: TmoEvent): WorldState {
  switch (event.type) {
    case 'snapshot':
      return { snapshot: event.snapshot, agents: { ...event.agents } };
    case 'server.up':
      return withSnapshot(state, {
        server: {
          ...state.snapshot.server,
          running: true,
          ...(event.tmuxVersion ? { tmuxVersion: event.tmuxVersion } : {}),
        },
      });
    case 'server.down':
      return {
        snapshot: { ...state.snapshot, server: { ...state.snapshot.server, running: false }, sessions: [] },
        agents: {},
      };
    case 'session.created': {
      if (state.snapshot.sessions.some((s) => s.id === event.sessionId)) return state;
      const session: SessionInfo = {
        id: event.sessionId,
        name: event.session,
        created: event.time,
        attached: false,
        clients: 0,
        activity: event.time,
        windows: [],
      };
      return withSessions(state, [...state.snapshot.sessions, session]);
    }
    case 'session.removed': {
      const removed = state.snapshot.sessions.find((s) => s.id === event.sessionId);
      if (!removed) return state;
      const gone = new Set(removed.windows.flatMap((w) => w.panes.map((p) => p.id)));
      return dropAgents(
        withSessions(
          state,
          state.snapshot.sessions.filter((s) => s.id !== event.sessionId),
        ),
        gone,
      );
    }
    case 'session.renamed':
      return mapSession(state, event.sessionId, (s) => ({ ...s, name: event.session }));
    case 'session.attached':
    case 'session.detached': {
      const attached = event.type === 'session.attached';
      return mapSession(state, event.sessionId, (s) => ({
        ...s,
        attached,
        clients: attached ? Math.max(1, s.clients) : 0,
      }));
    }
    case 'window.created':
      return mapSession(state, event.sessionId, (s) => {
        if (s.windows.some((w) => w.id === event.windowId)) return s;
        const window: WindowInfo = {
          id: event.windowId,
          index: event.windowIndex,
          name: event.window,
          active: false,
          activity: event.time,
          panes: [],
        };
        return { ...s, windows: [...s.windows, window].sort((a, b) => a.index - b.index) };
      });
    case 'window.removed': {
      const session = state.snapshot.sessions.find((s) => s.id === event.sessionId);
      const window = session?.windows.find((w) => w.id === event.windowId);
      if (!session || !window) return state;
      const gone = new Set(window.panes.map((p) => p.id));
      return dropAgents(
        mapSession(state, event.sessionId, (s) => ({
          ...s,
          windows: s.windows.filter((w) => w.id !== event.windowId),
        })),
        gone,
      );
    }
    case 'window.renamed':
      return mapWindows(state, event.windowId, (w) => ({ ...w, name: event.window }));
    case 'window.activated':
      return mapSession(state, event.sessionId, (s) => ({
        ...s,
        windows: s.windows.map((w) => ({ ...w, active: w.id === event.windowId })),
      }));
    case 'agent.status': {
      const status: AgentStatus = { kind: event.kind, state: event.state, since: event.since };
      if (event.reason) status.reason = event.reason;
      if (event.rule) status.rule = event.rule;
      if (event.source) status.source = event.source;
      if (event.message !== undefined) status.message = event.message;
      if (event.options?.length) status.options = event.options;
      return { ...state, agents: { ...state.agents, [event.paneId]: status } };
    }
    case 'pane.output':
      return state;
  }
}

const withSnapshot = (state: WorldState, patch: Partial<WorldState['snapshot']>): WorldState => ({
  ...state,
  snapshot: { ...state.snapshot, ...patch },
});
const withSessions = (state: WorldState, sessions: SessionInfo[]): WorldState =>
  withSnapshot(state, { sessions });

function mapSession(state: WorldState, id: string, fn: (s: SessionInfo) => SessionInfo): WorldState {
  if (!state.snapshot.sessions.some((s) => s.id === id)) return state;
  return withSessions(
    state,
    state.snapshot.sessions.map((s) => (s.id === id ? fn(s) : s)),
  );
}

function mapWindows(state: WorldState, windowId: string, fn: (w: WindowInfo) => WindowInfo): WorldState {
  return withSessions(
    state,
    state.snapshot.sessions.map((s) =>
      s.windows.some((w) => w.id === windowId)
        ? { ...s, windows: s.windows.map((w) => (w.id === windowId ? fn(w) : w)) }
        : s,
    ),
  );
}

function dropAgents(state: WorldState, paneIds: Set<string>): WorldState {
  if (paneIds.size === 0) return state;
  const agents = Object.fromEntries(Object.entries(state.agents).filter(([id]) => !paneIds.has(id)));
  return { ...state, agents };
}
