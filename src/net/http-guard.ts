/**
 * Checks made on the HTTP upgrade request, before any WebSocket exists: query-string tokens, Origin,
 * Host (DNS rebinding on loopback), bearer token (header or subprotocol), failed-auth throttling.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { BEARER_PREFIX, SUBPROTOCOL } from './protocol.js';

export interface GuardResult {
  ok: boolean;
  status?: number;
  reason?: string;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * A loopback address to bind: `localhost`, an IPv4 literal in 127.0.0.0/8, `::1` (any spelling, bracketed or
 * not, or IPv4-mapped). Never a name that merely starts with `127.` (`127.evil.example` resolves anywhere).
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  const family = isIP(h);
  return family !== 0 && LOOPBACK.check(h, family === 4 ? 'ipv4' : 'ipv6');
}

/** Default allow-list: pages served from our own loopback origin. */
export function defaultOrigins(port: number): string[] {
  return ['localhost', '127.0.0.1', '[::1]'].flatMap((h) => [`http://${h}:${port}`, `https://${h}:${port}`]);
}

/** Query parameter names that carry a secret, compared lowercased with `-`/`_` removed. */
const SECRET_PARAM =
  /^(t|tk|tok|token|accesstoken|authtoken|auth|authorization|bearer|key|apikey|secret|password|pass|pw|jwt|sig|signature)$/;

/**
 * Tokens never travel in the URL (it ends up in logs and proxies' histories): a parameter named like a
 * secret, in any case or spelling (`?TOKEN=`, `?t=`, `?access_token=`, `?Access-Token=`), or one whose value
 * is a valid token (`isToken`), whatever its name, is refused.
 */
export function checkQuery(url: string | undefined, isToken?: (value: string) => boolean): GuardResult {
  const at = (url ?? '').indexOf('?');
  if (at === -1) return { ok: true };
  const refused: GuardResult = { ok: false, status: 400, reason: 'tokens in the query string are refused' };
  for (const [key, value] of new URLSearchParams((url ?? '').slice(at + 1))) {
    const name = key.toLowerCase().replace(/[-_.\s]/g, '');
    if (SECRET_PARAM.test(name) || name.includes('token')) return refused;
    if (value && isToken?.(value)) return refused;
  }
  return { ok: true };
}

export function checkOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): GuardResult {
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true };
  return allowed.has(origin.toLowerCase())
    ? { ok: true }
    : { ok: false, status: 403, reason: 'origin not allowed' };
}

/**
 * On a loopback bind, Host must name loopback with our port (a rebound DNS name is refused): localhost,
 * 127.0.0.1, [::1], or the address bound (e.g. 127.0.0.2).
 */
export function checkHost(
  req: IncomingMessage,
  loopbackBind: boolean,
  port: number,
  bound = '127.0.0.1',
): GuardResult {
  if (!loopbackBind) return { ok: true };
  const host = (req.headers.host ?? '').toLowerCase();
  const own = isIP(bound) === 6 ? `[${bound.toLowerCase()}]` : bound.toLowerCase();
  const ok = ['localhost', '127.0.0.1', '[::1]', own].some((h) => host === `${h}:${port}`);
  return ok ? { ok: true } : { ok: false, status: 403, reason: 'host not allowed' };
}

/** The bearer token from `Authorization: Bearer` or a `tmo.bearer.<token>` subprotocol, if any. */
export function bearerOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : '';
  }
  const protocols = req.headers['sec-websocket-protocol'];
  if (protocols) {
    for (const p of protocols.split(',')) {
      const t = p.trim();
      if (t.startsWith(BEARER_PREFIX)) return t.slice(BEARER_PREFIX.length);
    }
  }
  return undefined;
}

/** ws handleProtocols: select `tmo.v1` if offered; never echo the bearer protocol back. */
export function chooseProtocol(protocols: Set<string>): string | false {
  return protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false;
}

/** Failed authentications per remote address: after `limit` failures in `windowMs`, refuse until it passes. */
export class AuthThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  private recent(addr: string, now: number): number[] {
    const list = (this.failures.get(addr) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(addr, list);
    else this.failures.delete(addr);
    return list;
  }

  blocked(addr: string, now = Date.now()): boolean {
    return this.recent(addr, now).length >= this.limit;
  }

  fail(addr: string, now = Date.now()): void {
    const list = this.recent(addr, now);
    list.push(now);
    this.failures.set(addr, list.slice(-this.limit));
  }
}

export function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  const text: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    429: 'Too Many Requests',
    503: 'Service Unavailable',
  };
  const body = `${reason}\n`;
  const extra = status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '';
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
