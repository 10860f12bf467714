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
import { SUBSCRIPTION_LIMITS, type SubscriptionLimits } from './subscriptions.js';
import { watchTokenFile } from './token-watch.js';
import type { TokenInfo, TokenVerifier } from './tokens.js';

export interface EventServerOptions {
  source: DataSource;
  verify: TokenVerifier;
  /**
   * Is the token with this id still valid? Asked when `tokenFile` changes, at every heartbeat and before every
   * send: a revoked token's connections are closed at once and nothing it sends runs after the revocation.
   */
  stillValid?: (tokenId: string) => boolean;
  /** The token file to watch (fs.watch + a 1 s stat): a change re-checks every connection's token. */
  tokenFile?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Allow a non-loopback bind without TLS. */
  insecure?: boolean;
  /** Extra allowed Origins (our own loopback origins are always allowed). */
  allowOrigins?: string[];
  /** Authenticated connections at most (default 128): more are closed with 1013. */
  maxClients?: number;
  /** Connections still without a token at most (default 32): more get HTTP 503 and never count against maxClients. */
  maxUnauthenticated?: number;
  maxPayload?: number;
  authTimeoutMs?: number;
  heartbeatMs?: number;
  ringSize?: number;
  authFailLimit?: number;
  authFailWindowMs?: number;
  limits?: Partial<Limits>;
  subscriptionLimits?: Partial<SubscriptionLimits>;
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
  memoryBudget: 24 * 1024 * 1024,
  inputBytesPerSecond: 512 * 1024,
  inputBurst: 1024 * 1024,
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
  const maxClients = options.maxClients ?? 128;
  const maxUnauthenticated = options.maxUnauthenticated ?? 32;
  // A token file that cannot be read or trusted fails every check (and says why), never the process.
  const verify = (secret: string): TokenInfo | null | 'error' => {
    try {
      return options.verify(secret);
    } catch (error) {
      log(`cannot check a token: ${(error as Error).message}`);
      return 'error';
    }
  };
  const hub = new Hub({
    source: options.source,
    verify: (secret) => {
      const info = verify(secret);
      return info === 'error' ? null : info;
    },
    maxClients,
    subscriptionLimits: { ...SUBSCRIPTION_LIMITS, ...options.subscriptionLimits },
    throttle,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    ringSize: options.ringSize ?? 10_000,
    authTimeoutMs: options.authTimeoutMs ?? 5000,
    heartbeatMs: options.heartbeatMs ?? 30_000,
    ...(options.stillValid ? { stillValid: options.stillValid } : {}),
    log,
  });

  const http: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key })
    : createHttpServer();
  http.on('request', (_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
    res.end('tmo serve speaks WebSocket only\n');
  });
  const wss = new WebSocketServer({
    noServer: true,
    // The largest message a client has reason to send, a `send` of 64 Ki characters, is under 200 KiB.
    maxPayload: options.maxPayload ?? 256 * 1024,
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
    const isToken = (value: string) => {
      const info = verify(value);
      return info !== null && info !== 'error';
    };
    for (const check of [
      checkQuery(req.url, isToken),
      checkOrigin(req, origins),
      checkHost(req, loopback, port, host),
    ]) {
      if (!check.ok) return rejectUpgrade(socket, check.status ?? 400, check.reason ?? 'refused');
    }
    const bearer = bearerOf(req);
    let info: TokenInfo | null = null;
    if (bearer !== undefined) {
      // A good secret always gets in; failures are counted, and past the limit refused without a log line each.
      const found = bearer ? verify(bearer) : null;
      if (found === 'error') return rejectUpgrade(socket, 503, 'token file unreadable');
      if (!found) {
        if (throttle.blocked(addr)) return rejectUpgrade(socket, 429, 'too many failed authentications');
        throttle.fail(addr);
        log(`rejected a connection from ${addr}: invalid token`);
        return rejectUpgrade(socket, 401, 'invalid token');
      }
      info = found;
    } else if (hub.unauthenticated >= maxUnauthenticated) {
      // Sockets without a token have their own small cap: they never take an authenticated client's place.
      return rejectUpgrade(socket, 503, 'too many connections without a token');
    }
    wss.handleUpgrade(req, socket, head, (ws) => hub.accept(ws, addr, info));
  });
  const unwatch = options.tokenFile ? watchTokenFile(options.tokenFile, () => hub.revalidate()) : () => {};
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
        unwatch();
        hub.stop();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
        for (const c of hub.clients) c.ws.terminate();
      }),
  };
}
