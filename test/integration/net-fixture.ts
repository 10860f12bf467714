/**
 * Test fixtures for the event server: a fake DataSource we push TmoEvents into (the protocol does not need
 * tmux), and a small recording WebSocket client.
 */
import WebSocket from 'ws';
import type { TmoEvent } from '../../src/model/events.js';
import { applyEvent, initialWorld } from '../../src/model/reducer.js';
import type { SendOutcome, WorldState } from '../../src/model/types.js';
import { type EventServer, type EventServerOptions, startEventServer } from '../../src/net/server.js';
import type { TokenInfo } from '../../src/net/tokens.js';
import type { DataSource, SendOptions } from '../../src/source/types.js';
import { waitFor } from '../helpers/tmux.js';

export interface FakeSource extends DataSource {
  push(event: TmoEvent): void;
  sent: { target: string; text: string; options?: SendOptions }[];
}

export function fakeSource(): FakeSource {
  let world: WorldState = initialWorld('fake');
  const listeners = new Set<(e: TmoEvent) => void>();
  const sent: FakeSource['sent'] = [];
  return {
    kind: 'embedded',
    label: 'fake',
    sent,
    start: async () => {},
    stop: async () => {},
    getState: () => world,
    getConnection: () => ({ status: 'connected' }),
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onConnection: () => () => {},
    push(event) {
      world = applyEvent(world, event);
      for (const l of listeners) l(event);
    },
    async send(target, text, options): Promise<SendOutcome> {
      sent.push({ target, text, ...(options ? { options } : {}) });
      return { status: 'confirmed', target, paneId: '%1', detail: 'fake', bytes: Buffer.byteLength(text) };
    },
    async capture(paneId) {
      return `screen of ${paneId}`;
    },
  };
}

export const WRITE_TOKEN = 'write-secret-0123456789';
export const READ_TOKEN = 'read-secret-0123456789';
export const verifyFake = (secret: string): TokenInfo | null =>
  secret === WRITE_TOKEN
    ? { id: 'w', name: 'writer', permissions: ['read', 'write'] }
    : secret === READ_TOKEN
      ? { id: 'r', name: 'reader', permissions: ['read'] }
      : null;

export async function serverWith(
  source: DataSource,
  extra: Partial<EventServerOptions> = {},
): Promise<EventServer> {
  return startEventServer({ source, verify: verifyFake, host: '127.0.0.1', port: 0, ...extra });
}

export type Msg = Record<string, unknown> & { type: string };

export interface TestClient {
  ws: WebSocket;
  messages: Msg[];
  closed: { code: number; reason: string } | null;
  opened: Promise<void>;
  next(pred: (m: Msg) => boolean, what?: string, timeoutMs?: number): Promise<Msg>;
  send(obj: unknown): void;
}

export function client(
  url: string,
  options: WebSocket.ClientOptions & { protocols?: string[] } = {},
): TestClient {
  const { protocols, ...rest } = options;
  const ws = new WebSocket(url, protocols ?? [], { perMessageDeflate: false, ...rest });
  const c: TestClient = {
    ws,
    messages: [],
    closed: null,
    opened: new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    }),
    async next(pred, what = 'message', timeoutMs = 5000) {
      return (await waitFor(() => c.messages.find(pred), timeoutMs, what)) as Msg;
    },
    send(obj) {
      const text = typeof obj === 'string' ? obj : JSON.stringify(obj);
      if (ws.readyState === WebSocket.CONNECTING) void c.opened.then(() => ws.send(text)).catch(() => {});
      else ws.send(text);
    },
  };
  c.opened.catch(() => {});
  ws.on('message', (data) => c.messages.push(JSON.parse(data.toString()) as Msg));
  ws.on('close', (code, reason) => {
    c.closed = { code, reason: reason.toString() };
  });
  ws.on('error', () => {});
  return c;
}

export const bearer = (token: string) => ({
  headers: { Authorization: `Bearer ${token}` },
  protocols: ['tmo.v1'],
});

let n = 0;
export const windowRenamed = (oldName: string, name: string): TmoEvent => ({
  type: 'window.renamed',
  time: Date.now(),
  session: 'main',
  sessionId: '$1',
  window: name,
  windowId: '@1',
  windowIndex: 0,
  oldName,
});
export const output = (text: string, paneId = '%1', session = 'main'): TmoEvent => ({
  type: 'pane.output',
  time: Date.now(),
  paneId,
  text,
  session,
  sessionId: '$1',
  window: 'w',
  windowId: '@1',
  windowIndex: 0,
});
export const sessionCreated = (name?: string): TmoEvent => {
  n++;
  return { type: 'session.created', time: Date.now(), session: name ?? `s${n}`, sessionId: `$${n + 10}` };
};
