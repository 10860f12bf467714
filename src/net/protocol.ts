/**
 * Wire protocol of `tmo serve`: the original Tmux Orchestrator protocol (plain JSON text frames, `action`
 * messages, `connection.established`, `auth.response`, `subscription.confirmed`, error codes) plus our
 * version 1 additions (`hello` with epoch/seq, `resume`, `reset`, `gap`, `heartbeat`, `send`, `capture`).
 */
import type { AgentStatusLite } from '../model/events.js';
import type { SendOutcome, Snapshot } from '../model/types.js';

export const PROTOCOL_VERSION = 1;
/** Subprotocol a v1 client offers; the server selects it (never the bearer one). */
export const SUBPROTOCOL = 'tmo.v1';
/** Browsers cannot set headers: they offer `tmo.bearer.<token>` next to `tmo.v1`. */
export const BEARER_PREFIX = 'tmo.bearer.';

export const ERROR_CODES = [
  'RATE_LIMIT',
  'UNKNOWN_ACTION',
  'INVALID_JSON',
  'INTERNAL_ERROR',
  'AUTH_REQUIRED',
  'AUTH_FAILED',
  'BAD_REQUEST',
  'FORBIDDEN',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const CLOSE = { normal: 1000, policy: 1008, tooBig: 1009, tryLater: 1013 } as const;

export type Permission = 'read' | 'write';

export interface Filters {
  types?: string[];
  sessions?: string[];
}

/** What a client may send. Anything else is answered with UNKNOWN_ACTION or INVALID_JSON. */
export type ClientMessage =
  | { action: 'auth'; token: string }
  | { action: 'subscribe'; filters: Filters }
  | { action: 'unsubscribe'; filters?: Filters }
  | { action: 'snapshot'; target: { session?: string; window?: string } }
  | { action: 'ping' }
  | { action: 'resume'; epoch: string | null; lastSeq: number }
  | { action: 'send'; id: string; target: string; text: string; force: boolean; noEnter: boolean }
  | { action: 'capture'; id: string; paneId: string; lines?: number; ansi: boolean };

/**
 * An event as it travels: the original's shape plus `seq`. `timestamp` is ISO 8601 and `window` the window
 * index (as the original); the window's name is `data.window_name`.
 */
export interface WireEvent {
  type: string;
  timestamp: string;
  session?: string;
  window?: number;
  pane?: string;
  data?: Record<string, unknown>;
  seq: number;
}

export interface WorldPayload {
  snapshot: Snapshot;
  agents: Record<string, AgentStatusLite>;
}

/** Server → client control messages (besides events and errors). */
export type ServerMessage =
  | { type: 'connection.established'; client_id: string; timestamp: string }
  | { type: 'auth.response'; success: boolean; permissions: Permission[]; client_id: string }
  | {
      type: 'hello';
      protocol: number;
      epoch: string;
      seq: number;
      client_id: string;
      permissions: Permission[];
      heartbeat_ms: number;
    }
  | { type: 'subscription.confirmed'; subscriptions: string[] }
  | { type: 'unsubscribe.confirmed'; subscriptions: string[] }
  | { type: 'pong'; timestamp: string; seq?: number }
  | { type: 'heartbeat'; timestamp: string; seq: number }
  | { type: 'resume.ok'; epoch: string; from: number; to: number }
  | ({ type: 'reset'; epoch: string; seq: number; timestamp: string } & { data: WorldPayload })
  | ({ type: 'gap'; epoch: string; seq: number; missed: number; timestamp: string } & { data: WorldPayload })
  | { type: 'snapshot.response'; timestamp: string; seq: number; target: object; data: WorldPayload }
  | { type: 'send.result'; id: string; outcome: SendOutcome }
  | { type: 'capture.result'; id: string; ok: boolean; text?: string; error?: string }
  | { type: 'error'; message: string; code: ErrorCode; timestamp: string; id?: string };

export const isoNow = (): string => new Date().toISOString();
