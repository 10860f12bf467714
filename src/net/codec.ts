/**
 * Pure codec: client messages in (never throws, whatever the input), TmoEvents out as wire events.
 * The way back is in wire-decode.ts.
 */
import type { TmoEvent } from '../model/events.js';
import { previewOf } from './preview.js';
import type { ClientMessage, ErrorCode, Filters, WireEvent } from './protocol.js';

export type Parsed =
  | { ok: true; msg: ClientMessage }
  | { ok: false; code: ErrorCode; message: string; id?: string };

const MAX_TEXT = 64 * 1024;
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strList = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 256) : undefined;

function filters(v: unknown): Filters {
  if (!isObj(v)) return {};
  const out: Filters = {};
  const types = strList(v['types']);
  const sessions = strList(v['sessions']);
  if (types) out.types = types;
  if (sessions) out.sessions = sessions;
  return out;
}

const bad = (message: string, id?: string): Parsed => ({
  ok: false,
  code: 'BAD_REQUEST',
  message,
  ...(id !== undefined ? { id } : {}),
});

/** Decode one text frame from a client. Never throws. */
export function parseClientMessage(raw: unknown): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(typeof raw === 'string' ? raw : String(raw));
  } catch {
    return { ok: false, code: 'INVALID_JSON', message: 'Invalid JSON' };
  }
  if (!isObj(data)) return { ok: false, code: 'INVALID_JSON', message: 'Expected a JSON object' };
  const action = data['action'];
  switch (action) {
    case 'auth': {
      const token = str(data['token']);
      return token
        ? { ok: true, msg: { action, token } }
        : { ok: false, code: 'AUTH_REQUIRED', message: 'Token required' };
    }
    case 'subscribe':
      return { ok: true, msg: { action, filters: filters(data['filters']) } };
    case 'unsubscribe': {
      // As the original (`if not filters`): no filters, or empty ones (`{}`), unsubscribe from everything.
      const f = data['filters'];
      return {
        ok: true,
        msg: isObj(f) && Object.keys(f).length > 0 ? { action, filters: filters(f) } : { action },
      };
    }
    case 'snapshot': {
      const t = isObj(data['target']) ? data['target'] : {};
      const target: { session?: string; window?: string } = {};
      const session = str(t['session']);
      const window = str(t['window']);
      if (session) target.session = session;
      if (window) target.window = window;
      return { ok: true, msg: { action, target } };
    }
    case 'ping':
      return { ok: true, msg: { action } };
    case 'resume': {
      const epoch = str(data['epoch']) ?? null;
      const lastSeq = data['lastSeq'];
      const seq = typeof lastSeq === 'number' && Number.isSafeInteger(lastSeq) && lastSeq >= 0 ? lastSeq : 0;
      return { ok: true, msg: { action, epoch, lastSeq: seq } };
    }
    case 'send': {
      const id = str(data['id']) ?? (typeof data['id'] === 'number' ? String(data['id']) : '');
      const target = str(data['target']);
      const text = str(data['text']);
      if (!target || text === undefined) return bad('send needs target and text', id);
      if (text.length > MAX_TEXT) return bad(`text longer than ${MAX_TEXT} characters`, id);
      return {
        ok: true,
        msg: { action, id, target, text, force: data['force'] === true, noEnter: data['noEnter'] === true },
      };
    }
    case 'capture': {
      const id = str(data['id']) ?? (typeof data['id'] === 'number' ? String(data['id']) : '');
      const paneId = str(data['paneId']);
      if (!paneId) return bad('capture needs paneId', id);
      const lines = data['lines'];
      const msg: ClientMessage = { action, id, paneId, ansi: data['ansi'] === true };
      if (typeof lines === 'number' && Number.isSafeInteger(lines) && lines > 0)
        msg.lines = Math.min(lines, 10_000);
      return { ok: true, msg };
    }
    default:
      return {
        ok: false,
        code: 'UNKNOWN_ACTION',
        message: `Unknown action: ${typeof action === 'string' ? action.slice(0, 64) : String(typeof action)}`,
      };
  }
}

const iso = (ms: number): string => {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? new Date().toISOString() : d.toISOString();
};

/**
 * A TmoEvent as the original protocol names it, with `seq`: `window` is the window index (as the original),
 * its name is `data.window_name`. A `pane.output` carries the original's `data.preview`/`data.activity` and,
 * for our v1 clients only (see `forOriginal`), the whole decoded output in `data.text`.
 */
export function toWire(event: TmoEvent, seq: number): WireEvent {
  const base = { type: event.type, timestamp: iso(event.time), seq };
  switch (event.type) {
    case 'server.up':
      return { ...base, data: event.tmuxVersion ? { tmux_version: event.tmuxVersion } : {} };
    case 'server.down':
      return { ...base, data: { reason: event.reason } };
    case 'session.created':
    case 'session.removed':
    case 'session.attached':
    case 'session.detached':
      return { ...base, session: event.session, data: { session_id: event.sessionId } };
    case 'session.renamed':
      return {
        ...base,
        session: event.session,
        data: { session_id: event.sessionId, old_name: event.oldName, new_name: event.session },
      };
    case 'window.created':
    case 'window.removed':
    case 'window.activated':
    case 'window.renamed': {
      const data: Record<string, unknown> = {
        session_id: event.sessionId,
        window_id: event.windowId,
        window_index: event.windowIndex,
      };
      if (event.type === 'window.renamed') {
        data['old_name'] = event.oldName;
        data['new_name'] = event.window;
      }
      data['window_name'] = event.window;
      return { ...base, session: event.session, window: event.windowIndex, data };
    }
    case 'pane.output': {
      const { preview, activity } = previewOf(event.text);
      return {
        ...base,
        ...where(event),
        pane: event.paneId,
        data: { preview, activity, ...ids(event), text: event.text, ...(event.lost ? { lost: true } : {}) },
      };
    }
    case 'agent.status': {
      const data: Record<string, unknown> = {
        status: event.state,
        previous: event.previous,
        agent_type: event.kind,
        since: iso(event.since),
        ...ids(event),
      };
      if (event.reason) data['reason'] = event.reason;
      if (event.rule) data['rule'] = event.rule;
      if (event.source) data['source'] = event.source;
      if (event.message !== undefined) data['message'] = event.message;
      return { ...base, ...where(event), pane: event.paneId, data };
    }
    case 'snapshot':
      return { ...base, data: { snapshot: event.snapshot, agents: event.agents } };
  }
}

type MaybeWindow = {
  session?: string;
  window?: string;
  sessionId?: string;
  windowId?: string;
  windowIndex?: number;
};
function where(e: MaybeWindow): { session?: string; window?: number } {
  const out: { session?: string; window?: number } = {};
  if (e.session !== undefined) out.session = e.session;
  if (e.windowIndex !== undefined) out.window = e.windowIndex;
  return out;
}
function ids(e: MaybeWindow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e.sessionId !== undefined) out['session_id'] = e.sessionId;
  if (e.windowId !== undefined) out['window_id'] = e.windowId;
  if (e.windowIndex !== undefined) out['window_index'] = e.windowIndex;
  if (e.window !== undefined) out['window_name'] = e.window;
  return out;
}

/** The same event for a client of the original protocol: without our `data.text` (the whole output). */
export function forOriginal(wire: WireEvent): WireEvent {
  if (wire.type !== 'pane.output' || !wire.data || !('text' in wire.data)) return wire;
  const { text: _text, ...data } = wire.data;
  return { ...wire, data };
}

/** A frame's text for a client of the original protocol, serialised once, when first needed. */
export function originalText(
  frame: { text: string; original?: string },
  wire: WireEvent = JSON.parse(frame.text) as WireEvent,
): string {
  if (frame.original === undefined) {
    const original = forOriginal(wire);
    frame.original = original === wire ? frame.text : JSON.stringify(original);
  }
  return frame.original;
}
