/**
 * `tmo serve`'s WebSocket server: HTTP(S) listener, checks on the upgrade request, then the hub.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { DataSource } from '../source/types.js';
import type { Limits } from './client-conn.js';
import {
  AuthThrottle,
  bearerOf,
  checkHost,
  checkOrigin,
  checkQuery,
  chooseProtocol,
  defaultOrigins,
  isLoopback,
  rejectUpgrade,
} from './http-guard.js';
import { Hub } from './hub.js';
import type { TokenVerifier } from './tokens.js';

export interface EventServerOptions {
  source: DataSource;
  verify: TokenVerifier;
  /** Is the token with this id still valid? Checked at every heartbeat: revoked tokens are disconnected. */
  stillValid?: (tokenId: string) => boolean;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Allow a non-loopback bind without TLS. */
  insecure?: boolean;
  /** Extra allowed Origins (our own loopback origins are always allowed). */
  allowOrigins?: string[];
  maxClients?: number;
  maxPayload?: number;
  authTimeoutMs?: number;
  heartbeatMs?: number;
  ringSize?: number;
  authFailLimit?: number;
  authFailWindowMs?: number;
  limits?: Partial<Limits>;
  log?: (line: string) => void;
}

export interface EventServer {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly epoch: string;
  readonly hub: Hub;
  close(): Promise<void>;
}

export const DEFAULT_LIMITS: Limits = {
  ratePerSecond: 50,
  rateBurst: 100,
  floodStrikes: 200,
  lowWater: 256 * 1024,
  highWater: 8 * 1024 * 1024,
  stallMs: 30_000,
};

export class BindError extends Error {}

export async function startEventServer(options: EventServerOptions): Promise<EventServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  if (!loopback && !options.tls && !options.insecure) {
    throw new BindError(
      `refusing to listen on ${host} without TLS: give --tls-cert/--tls-key (or --insecure)`,
    );
  }
  const log = options.log ?? (() => {});

  const throttle = new AuthThrottle(options.authFailLimit ?? 10, options.authFailWindowMs ?? 60_000);
  const hub = new Hub({
    source: options.source,
    verify: options.verify,
    throttle,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    ringSize: options.ringSize ?? 10_000,
    authTimeoutMs: options.authTimeoutMs ?? 5000,
    heartbeatMs: options.heartbeatMs ?? 30_000,
    ...(options.stillValid ? { stillValid: options.stillValid } : {}),
    log,
  });
  const maxClients = options.maxClients ?? 128;

  const http: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key })
    : createHttpServer();
  http.on('request', (_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
    res.end('tmo serve speaks WebSocket only\n');
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload ?? 1024 * 1024,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (protocols) => chooseProtocol(protocols),
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 8765, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  if (!loopback && !options.tls)
    log(`WARNING: listening on ${host} without TLS: tokens and events travel in clear`);
  const origins = new Set(
    [...defaultOrigins(port), ...(options.allowOrigins ?? [])].map((o) => o.toLowerCase()),
  );

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const addr = req.socket.remoteAddress ?? 'unknown';
    for (const check of [
      checkQuery(req.url),
      checkOrigin(req, origins),
      checkHost(req, loopback, port, host),
    ]) {
      if (!check.ok) return rejectUpgrade(socket, check.status ?? 400, check.reason ?? 'refused');
    }
    const bearer = bearerOf(req);
    let info = null;
    if (bearer !== undefined) {
      if (throttle.blocked(addr)) return rejectUpgrade(socket, 429, 'too many failed authentications');
      info = bearer ? options.verify(bearer) : null;
      if (!info) {
        throttle.fail(addr);
        log(`rejected a connection from ${addr}: invalid token`);
        return rejectUpgrade(socket, 401, 'invalid token');
      }
    }
    const full = hub.clients.size >= maxClients;
    wss.handleUpgrade(req, socket, head, (ws) => hub.accept(ws, addr, info, full));
  });
  hub.start();

  const scheme = options.tls ? 'wss' : 'ws';
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port,
    url: `${scheme}://${shownHost}:${port}`,
    epoch: hub.epoch,
    hub,
    close: () =>
      new Promise<void>((resolve) => {
        hub.stop();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
        for (const c of hub.clients) c.ws.terminate();
      }),
  };
}
