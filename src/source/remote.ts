/**
 * A DataSource backed by a remote `tmo serve`: connects with `Authorization: Bearer`, resumes with
 * `{epoch, lastSeq}` after every reconnect (replay or reset + snapshot), drops duplicates by seq,
 * reconnects with exponential backoff and full jitter.
 */

import WebSocket from 'ws';
import { retryState } from '../model/connection.js';
import type { TmoEvent } from '../model/events.js';
import { applyEvent, initialWorld } from '../model/reducer.js';
import type { SendOutcome, WorldState } from '../model/types.js';
import { type Permission, SUBPROTOCOL } from '../net/protocol.js';
import { fromWire, worldEvent } from '../net/wire-decode.js';
import { Listeners } from './listeners.js';
import { backoffDelay, failureText, type Pending, PendingRequests } from './remote-pending.js';
import { stateEvents } from './remote-states.js';
import type { ConnectionState, DataSource, SendOptions } from './types.js';

export { createMultiSource } from './remote-multi.js';

export interface RemoteSourceOptions {
  url: string;
  token: string;
  label?: string;
  /**
   * Backoff: sleep random(0, min(capMs, baseMs·2ⁿ)) (default 500 ms doubling, capped at 5 s: a dashboard
   * comes back within seconds of its server); attempts reset after `stableMs` connected.
   */
  baseMs?: number;
  capMs?: number;
  stableMs?: number;
  random?: () => number;
  /** How long to wait for a send/capture answer. */
  requestTimeoutMs?: number;
  /** TLS: extra CA or (tests only) accept any certificate. */
  ca?: string | Buffer;
  rejectUnauthorized?: boolean;
}

const FATAL_HTTP = new Set([400, 401, 403]);
export function createRemoteSource(options: RemoteSourceOptions): DataSource {
  const { url, token } = options;
  const baseMs = options.baseMs ?? 500;
  const capMs = options.capMs ?? 5000;
  const stableMs = options.stableMs ?? 10_000;
  const random = options.random ?? Math.random;
  let world: WorldState = initialWorld(url);
  let conn: ConnectionState = { status: 'closed' };
  const listeners = new Listeners<TmoEvent>();
  const connListeners = new Listeners<ConnectionState>();
  const pending = new PendingRequests(options.requestTimeoutMs ?? 30_000);
  let ws: WebSocket | null = null;
  let epoch: string | null = null;
  let lastSeq = 0;
  let permissions: Permission[] = [];
  let heartbeatMs = 30_000;
  let attempt = 0;
  let connectedAt = 0;
  let stopped = true;
  /** stop() was called (a fatal error stops too, but "retry now" may try again after one). */
  let stoppedByCaller = true;
  /** Why the last attempt failed: kept for the status line until an attempt succeeds. */
  let lastError: string | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let helloTimer: NodeJS.Timeout | undefined;
  let firstResult: { resolve: () => void; reject: (e: Error) => void } | null = null;

  const setConn = (s: ConnectionState) => {
    conn = s;
    if (s.status === 'connected') lastError = undefined;
    connListeners.emit(s);
    if (s.status === 'connected') settleFirst();
  };
  const settleFirst = (error?: Error) => {
    const f = firstResult;
    firstResult = null;
    if (f) error ? f.reject(error) : f.resolve();
  };
  const emit = (e: TmoEvent) => {
    world = applyEvent(world, e);
    listeners.emit(e);
  };

  const armWatchdog = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => ws?.terminate(), heartbeatMs * 2.5);
    watchdog.unref();
  };

  function onMessage(raw: WebSocket.RawData) {
    armWatchdog();
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(raw.toString()) as Record<string, unknown>;
    } catch {
      return;
    }
    const type = msg['type'];
    switch (type) {
      case 'connection.established':
        // A server that never says hello is not a tmo serve (e.g. the original Python monitor).
        clearTimeout(helloTimer);
        helloTimer = setTimeout(
          () => fatal('the server did not send hello: not a tmo serve (protocol v1)?'),
          10_000,
        );
        helloTimer.unref();
        return;
      case 'heartbeat':
      case 'pong':
      case 'subscription.confirmed':
        return;
      case 'hello':
        clearTimeout(helloTimer);
        permissions = Array.isArray(msg['permissions']) ? (msg['permissions'] as Permission[]) : [];
        if (typeof msg['heartbeat_ms'] === 'number') heartbeatMs = msg['heartbeat_ms'];
        armWatchdog();
        ws?.send(JSON.stringify({ action: 'resume', epoch, lastSeq }));
        return;
      case 'resume.ok':
        return setConn({ status: 'connected' });
      case 'reset':
      case 'gap': {
        const ev = worldEvent((msg['data'] ?? {}) as Record<string, unknown>);
        epoch = typeof msg['epoch'] === 'string' ? msg['epoch'] : epoch;
        lastSeq = typeof msg['seq'] === 'number' ? msg['seq'] : lastSeq;
        if (ev) {
          const before = world;
          emit(ev);
          // The states as they are now, in the stream as a local source reports them (remote-states.ts).
          for (const e of stateEvents(before, world, Date.now())) emit(e);
        }
        if (conn.status !== 'connected') setConn({ status: 'connected' });
        return;
      }
      case 'send.result':
      case 'capture.result':
        pending.settle(String(msg['id']), msg);
        return;
      case 'error':
        if (msg['code'] === 'AUTH_FAILED' || msg['code'] === 'AUTH_REQUIRED')
          fatal(`server says: ${String(msg['message'])}`);
        else if (typeof msg['id'] === 'string') pending.settle(msg['id'], msg);
        return;
      default: {
        const seq = msg['seq'];
        if (typeof seq !== 'number') return;
        if (seq <= lastSeq) return; // duplicate (replayed or re-sent): already applied
        lastSeq = seq;
        const ev = fromWire(msg);
        if (ev) emit(ev);
      }
    }
  }

  function fatal(error: string) {
    stopped = true;
    clearTimeout(retryTimer);
    ws?.terminate();
    setConn({ status: 'closed', error });
    settleFirst(new Error(error));
  }

  function scheduleReconnect(error: string) {
    if (stopped) return;
    if (connectedAt && Date.now() - connectedAt >= stableMs) attempt = 0;
    connectedAt = 0;
    const inMs = backoffDelay(attempt, baseMs, capMs, random);
    attempt++;
    lastError = error;
    setConn(retryState(inMs, attempt, error));
    settleFirst();
    // Not unref'd: a started source waiting to retry keeps its process alive, as an open socket does.
    retryTimer = setTimeout(connect, inMs);
  }

  function connect() {
    if (stopped) return;
    setConn(lastError ? { status: 'connecting', error: lastError } : { status: 'connecting' });
    const socket = new WebSocket(url, [SUBPROTOCOL], {
      headers: { Authorization: `Bearer ${token}` },
      perMessageDeflate: false,
      maxPayload: 256 * 1024 * 1024,
      handshakeTimeout: 10_000,
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
    });
    ws = socket;
    let failed = false;
    let socketError: string | undefined;
    socket.on('unexpected-response', (req, res) => {
      failed = true;
      const status = res.statusCode ?? 0;
      req.destroy();
      socket.terminate();
      if (FATAL_HTTP.has(status))
        fatal(`server refused the connection: HTTP ${status}${status === 401 ? ' (invalid token)' : ''}`);
      else scheduleReconnect(`HTTP ${status}`);
    });
    socket.on('open', () => {
      connectedAt = Date.now();
      armWatchdog();
    });
    socket.on('message', onMessage);
    // The reason behind a 1006 close: refused port, unknown host, untrusted certificate, handshake timeout…
    socket.on('error', (error: NodeJS.ErrnoException) => {
      socketError ??= failureText(error);
    });
    socket.on('close', (code, reason) => {
      clearTimeout(watchdog);
      clearTimeout(helloTimer);
      if (ws === socket) ws = null;
      pending.failAll();
      if (failed) return;
      if (stopped) return setConn({ status: 'closed' });
      scheduleReconnect(
        socketError ?? `connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`,
      );
    });
  }

  function request(body: Record<string, unknown>): Pending | null {
    if (!ws || conn.status !== 'connected') return null;
    const { id, promise } = pending.open();
    ws.send(JSON.stringify({ ...body, id }));
    return { id, promise };
  }

  return {
    kind: 'remote',
    label: options.label ?? url,
    start() {
      if (!stopped) return Promise.resolve();
      stopped = false;
      stoppedByCaller = false;
      attempt = 0;
      const p = new Promise<void>((resolve, reject) => {
        firstResult = { resolve, reject };
      });
      connect();
      return p;
    },
    async stop() {
      stopped = true;
      stoppedByCaller = true;
      clearTimeout(retryTimer);
      clearTimeout(watchdog);
      clearTimeout(helloTimer);
      const socket = ws;
      if (socket && socket.readyState !== WebSocket.CLOSED) {
        await new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.close(1000);
          setTimeout(() => {
            socket.terminate();
            resolve();
          }, 1000).unref();
        });
      }
      setConn({ status: 'closed' });
    },
    retryNow() {
      // Waiting out a backoff, or given up (refused token…): try now. Connected or trying: nothing to do.
      if (stoppedByCaller || conn.status === 'connected' || conn.status === 'connecting') return false;
      clearTimeout(retryTimer);
      stopped = false;
      connect();
      return true;
    },
    getState: () => world,
    getConnection: () => conn,
    subscribe: (listener) => listeners.add(listener),
    onConnection: (listener) => connListeners.add(listener),
    async send(target: string, text: string, opts: SendOptions = {}): Promise<SendOutcome> {
      const bytes = Buffer.byteLength(text);
      if (conn.status === 'connected' && !permissions.includes('write')) {
        return { status: 'refused', target, detail: 'the token is read-only', bytes: 0 };
      }
      const req = request({
        action: 'send',
        target,
        text,
        force: opts.force === true,
        noEnter: opts.noEnter === true,
      });
      if (!req) return { status: 'failed', target, detail: `not connected to ${url}`, bytes: 0 };
      const answer = await req.promise;
      if (answer === 'lost') {
        return { status: 'unconfirmed', target, detail: 'connection lost before the server answered', bytes };
      }
      if (answer === 'timeout')
        return { status: 'unconfirmed', target, detail: 'no answer from the server', bytes };
      const outcome = answer['outcome'] as SendOutcome | undefined;
      return (
        outcome ?? { status: 'failed', target, detail: String(answer['message'] ?? 'bad answer'), bytes: 0 }
      );
    },
    async capture(paneId, opts = {}) {
      const req = request({
        action: 'capture',
        paneId,
        ansi: opts.ansi === true,
        ...(opts.lines ? { lines: opts.lines } : {}),
      });
      if (!req) throw new Error(`not connected to ${url}`);
      const answer = await req.promise;
      if (typeof answer === 'string')
        throw new Error(answer === 'lost' ? 'connection lost' : 'no answer from the server');
      if (answer['ok'] !== true)
        throw new Error(String(answer['error'] ?? answer['message'] ?? 'capture failed'));
      return String(answer['text'] ?? '');
    },
  };
}
