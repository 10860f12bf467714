/** Wire events back to TmoEvents (the remote source). Never throws; malformed events give null. */
import type { TmoEvent } from '../model/events.js';
import {
  AGENT_KINDS,
  AGENT_STATES,
  type AgentKind,
  type AgentState,
  SIGNAL_SOURCES,
  type SignalSource,
  WAIT_REASONS,
  type WaitReason,
} from '../model/types.js';
import type { WorldPayload } from './protocol.js';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const ms = (v: unknown): number => {
  const t = typeof v === 'string' ? Date.parse(v) : typeof v === 'number' ? v : Number.NaN;
  return Number.isFinite(t) ? t : Date.now();
};
const oneOf = <T extends string>(list: readonly T[], v: unknown, fallback: T): T =>
  (list as readonly unknown[]).includes(v) ? (v as T) : fallback;

/** Back from the wire to a TmoEvent (the remote source). Unknown or malformed events give null. */
export function fromWire(w: unknown): TmoEvent | null {
  if (!isObj(w) || typeof w['type'] !== 'string') return null;
  const d = isObj(w['data']) ? w['data'] : {};
  const time = ms(w['timestamp']);
  const session = str(w['session']);
  // `window` is the index (as the original); the name is data.window_name (an older tmo serve: `window`)
  const window = str(d['window_name']) ?? str(w['window']);
  const sessionId = str(d['session_id']);
  const windowId = str(d['window_id']);
  const index = d['window_index'] ?? w['window'];
  const windowIndex = typeof index === 'number' ? index : undefined;
  const type = w['type'];
  switch (type) {
    case 'server.up': {
      const v = str(d['tmux_version']);
      return v ? { type, time, tmuxVersion: v } : { type, time };
    }
    case 'server.down':
      return { type, time, reason: str(d['reason']) ?? '' };
    case 'session.created':
    case 'session.removed':
    case 'session.attached':
    case 'session.detached':
      return session !== undefined && sessionId ? { type, time, session, sessionId } : null;
    case 'session.renamed':
      return session !== undefined && sessionId
        ? { type, time, session, sessionId, oldName: str(d['old_name']) ?? '' }
        : null;
    case 'window.created':
    case 'window.removed':
    case 'window.activated':
    case 'window.renamed': {
      if (
        session === undefined ||
        window === undefined ||
        !sessionId ||
        !windowId ||
        windowIndex === undefined
      )
        return null;
      const ref = { session, sessionId, window, windowId, windowIndex };
      return type === 'window.renamed'
        ? { type, time, ...ref, oldName: str(d['old_name']) ?? '' }
        : { type, time, ...ref };
    }
    case 'pane.output': {
      const paneId = str(w['pane']);
      if (!paneId) return null;
      return {
        type,
        time,
        paneId,
        text: str(d['text']) ?? str(d['preview']) ?? '',
        ...(d['lost'] === true ? { lost: true as const } : {}),
        ...optRef(session, sessionId, window, windowId, windowIndex),
      };
    }
    case 'agent.status': {
      const paneId = str(w['pane']);
      if (!paneId) return null;
      const ev: TmoEvent = {
        type,
        time,
        paneId,
        kind: oneOf<AgentKind>(AGENT_KINDS, d['agent_type'], 'generic'),
        state: oneOf<AgentState>(AGENT_STATES, d['status'], 'unknown'),
        previous: d['previous'] === null ? null : oneOf<AgentState>(AGENT_STATES, d['previous'], 'unknown'),
        since: ms(d['since']),
        ...optRef(session, sessionId, window, windowId, windowIndex),
      };
      const reason = d['reason'];
      if ((WAIT_REASONS as readonly unknown[]).includes(reason)) ev.reason = reason as WaitReason;
      const rule = str(d['rule']);
      if (rule) ev.rule = rule;
      const source = d['source'];
      if ((SIGNAL_SOURCES as readonly unknown[]).includes(source)) ev.source = source as SignalSource;
      const message = str(d['message']);
      if (message) ev.message = message.slice(0, 500);
      return ev;
    }
    case 'snapshot':
    case 'reset':
    case 'gap':
      return worldEvent(d, time);
    default:
      return null;
  }
}

function optRef(
  session?: string,
  sessionId?: string,
  window?: string,
  windowId?: string,
  windowIndex?: number,
) {
  const out: {
    session?: string;
    sessionId?: string;
    window?: string;
    windowId?: string;
    windowIndex?: number;
  } = {};
  if (session !== undefined) out.session = session;
  if (sessionId !== undefined) out.sessionId = sessionId;
  if (window !== undefined) out.window = window;
  if (windowId !== undefined) out.windowId = windowId;
  if (windowIndex !== undefined) out.windowIndex = windowIndex;
  return out;
}

/** A `snapshot` TmoEvent from a payload `{snapshot, agents}` (reset, gap, snapshot events). */
export function worldEvent(d: Record<string, unknown>, time = Date.now()): TmoEvent | null {
  const snap = d['snapshot'];
  if (!isObj(snap) || !Array.isArray(snap['sessions']) || !isObj(snap['server'])) return null;
  const agents = isObj(d['agents']) ? d['agents'] : {};
  return {
    type: 'snapshot',
    time,
    snapshot: snap as unknown as WorldPayload['snapshot'],
    agents: agents as WorldPayload['agents'],
  };
}
