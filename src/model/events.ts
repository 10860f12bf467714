import type { AgentKind, AgentState, Snapshot, WaitReason } from './types.js';

/**
 * The typed event stream produced by a DataSource (embedded or remote) and consumed by the store,
 * `tmo events` and the WebSocket server. `net/` maps these onto the original protocol's wire types
 * (`session.created`, `window.renamed`, `pane.output`, `agent.status`, ...); names are kept identical.
 *
 * `time` is ms since epoch. Session/window names are included alongside ids so consumers (and the
 * original protocol, which speaks in names) need no lookup.
 */
export interface SessionRef {
  sessionId: string;
  session: string;
}
export interface WindowRef extends SessionRef {
  windowId: string;
  window: string;
  windowIndex: number;
}

export type TmoEvent =
  | { type: 'server.up'; time: number; tmuxVersion?: string }
  | { type: 'server.down'; time: number; reason: string }
  | ({
      type: 'session.created' | 'session.removed' | 'session.attached' | 'session.detached';
      time: number;
    } & SessionRef)
  | ({ type: 'session.renamed'; time: number; oldName: string } & SessionRef)
  | ({ type: 'window.created' | 'window.removed' | 'window.activated'; time: number } & WindowRef)
  | ({ type: 'window.renamed'; time: number; oldName: string } & WindowRef)
  | ({ type: 'pane.output'; time: number; paneId: string; text: string } & Partial<WindowRef>)
  | ({
      type: 'agent.status';
      time: number;
      paneId: string;
      kind: AgentKind;
      state: AgentState;
      previous: AgentState | null;
      reason?: WaitReason;
      since: number;
      rule?: string;
    } & Partial<WindowRef>)
  /** A whole new picture of the world (initial, after resync, or a safety refresh). */
  | { type: 'snapshot'; time: number; snapshot: Snapshot; agents: Record<string, AgentStatusLite> };

export interface AgentStatusLite {
  kind: AgentKind;
  state: AgentState;
  reason?: WaitReason;
  since: number;
  rule?: string;
}

export type TmoEventType = TmoEvent['type'];

export const EVENT_TYPES: readonly TmoEventType[] = [
  'server.up',
  'server.down',
  'session.created',
  'session.removed',
  'session.attached',
  'session.detached',
  'session.renamed',
  'window.created',
  'window.removed',
  'window.activated',
  'window.renamed',
  'pane.output',
  'agent.status',
  'snapshot',
];
