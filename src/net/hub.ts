/**
 * The event hub: numbers every source event (`seq`), serialises it once, keeps it in the ring buffer and
 * offers it to every client; answers client actions.
 */
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { TmoEvent } from '../model/events.js';
import type { WorldState } from '../model/types.js';
import type { DataSource } from '../source/types.js';
import { ClientConn, type Limits } from './client-conn.js';
import { originalText, parseClientMessage, toWire } from './codec.js';
import type { AuthThrottle } from './http-guard.js';
import { runCapture, runSend } from './hub-actions.js';
import { narrow } from './narrow.js';
import { CLOSE, type ClientMessage, isoNow, PROTOCOL_VERSION, type WorldPayload } from './protocol.js';
import { type Frame, Ring } from './ring.js';
import { type SubscriptionLimits, subscribe, unsubscribe } from './subscriptions.js';
import type { TokenInfo, TokenVerifier } from './tokens.js';

export interface HubOptions {
  source: DataSource;
  verify: TokenVerifier;
  throttle: AuthThrottle;
  limits: Limits;
  ringSize: number;
  authTimeoutMs: number;
  heartbeatMs: number;
  /** Is the token with this id still valid (not revoked)? Asked at every heartbeat, on revalidate() and before every send. */
  stillValid?: (tokenId: string) => boolean;
  /** Authenticated connections at most (more: closed with 1013). */
  maxClients: number;
  subscriptionLimits: SubscriptionLimits;
  log: (line: string) => void;
}

const COALESCE = new Set(['pane.output', 'agent.status']);

export class Hub {
  readonly epoch = randomBytes(8).toString('hex');
  seq = 0;
  readonly clients = new Set<ClientConn>();
  private readonly ring: Ring;
  private readonly opts: HubOptions;
  private readonly behind = new Set<ClientConn>();
  private flushTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private nextId = 1;

  constructor(opts: HubOptions) {
    this.opts = opts;
    this.ring = new Ring(opts.ringSize);
  }

  start(): void {
    this.unsubscribe = this.opts.source.subscribe((e) => this.publish(e));
    this.heartbeat = setInterval(() => this.beat(), this.opts.heartbeatMs);
    this.heartbeat.unref();
  }

  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.heartbeat);
    clearInterval(this.flushTimer);
    for (const c of this.clients) c.close(1001, 'server shutting down');
  }

  /** One source event: seq, serialise once (a pane.output again for original clients, if any), buffer, fan out. */
  publish(event: TmoEvent): void {
    const seq = ++this.seq;
    const wire = toWire(event, seq);
    const key = COALESCE.has(wire.type) && wire.pane ? `${wire.type}\u0000${wire.pane}` : undefined;
    const frame: Frame = { seq, type: wire.type, session: wire.session, key, text: JSON.stringify(wire) };
    this.ring.push(frame);
    const bytes = Buffer.from(frame.text);
    if (!this.corked) this.cork();
    let originalBytes: Buffer | undefined; // made only when a client of the original protocol is here
    for (const c of this.clients) {
      if (!c.v1) originalBytes ??= Buffer.from(originalText(frame, wire));
      c.offer(frame, c.v1 ? bytes : (originalBytes ?? bytes));
    }
  }

  /**
   * Events published in the same tick (a burst from tmux) leave in one write per client: cork every socket
   * on the first and uncork in a microtask, i.e. right after the burst, before any I/O.
   */
  private corked = false;
  private cork(): void {
    this.corked = true;
    const corked: [ClientConn, { uncork(): void }][] = [];
    for (const c of this.clients) {
      const socket = (c.ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
      if (socket && !c.closed) {
        socket.cork();
        c.corked = true;
        corked.push([c, socket]);
      }
    }
    queueMicrotask(() => {
      this.corked = false;
      for (const [c, s] of corked) {
        c.corked = false;
        c.burstBytes = 0;
        s.uncork();
      }
    });
  }

  private world(): WorldPayload {
    const state: WorldState = this.opts.source.getState();
    return { snapshot: state.snapshot, agents: state.agents };
  }

  resyncFrame = (kind: 'gap' | 'reset', missed = 0): string =>
    JSON.stringify(
      kind === 'gap'
        ? { type: 'gap', epoch: this.epoch, seq: this.seq, missed, timestamp: isoNow(), data: this.world() }
        : { type: 'reset', epoch: this.epoch, seq: this.seq, timestamp: isoNow(), data: this.world() },
    );

  /** Connections not authenticated yet (they have their own cap, see server.ts). */
  get unauthenticated(): number {
    let n = 0;
    for (const c of this.clients) if (!c.authenticated && !c.closed) n++;
    return n;
  }

  private get full(): boolean {
    let n = 0;
    for (const c of this.clients) if (c.authenticated && !c.closed) n++;
    return n >= this.opts.maxClients;
  }

  /** Close every connection whose token was revoked (the token file changed, or a heartbeat). */
  revalidate(): void {
    for (const c of this.clients) if (c.authenticated && !c.closed) this.stillValid(c);
  }

  private stillValid(c: ClientConn): boolean {
    const valid = this.opts.stillValid;
    if (!valid || valid(c.tokenId)) return true;
    this.opts.log(`client ${c.id}: token "${c.tokenName}" was revoked: disconnected`);
    c.close(CLOSE.policy, 'token revoked');
    return false;
  }

  accept(ws: WebSocket, addr: string, bearer: TokenInfo | null): void {
    const full = bearer !== null && this.full;
    const id = `client-${randomBytes(4).toString('hex')}-${this.nextId++}`;
    const client = new ClientConn(id, ws, addr, this.opts.limits, {
      resyncFrame: (kind, missed) => this.resyncFrame(kind, missed),
      onBehindStart: (c) => this.markBehind(c),
      log: this.opts.log,
    });
    this.clients.add(client);
    let deadline: NodeJS.Timeout | undefined;
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('close', () => {
      client.closed = true;
      this.clients.delete(client);
      this.behind.delete(client);
      clearTimeout(deadline);
    });
    ws.on('error', () => {});
    client.countInput();
    client.sendMessage({ type: 'connection.established', client_id: id, timestamp: isoNow() });
    if (full) {
      client.close(CLOSE.tryLater, 'too many connections');
      return;
    }
    deadline = setTimeout(() => {
      if (!client.authenticated) client.close(CLOSE.policy, 'authentication timeout');
    }, this.opts.authTimeoutMs);
    deadline.unref();
    if (bearer) this.authenticate(client, bearer, false);
    ws.on('message', (data, isBinary) => {
      if (client.closed) return;
      const verdict = client.allowMessage();
      if (verdict === 'flood') return client.close(CLOSE.policy, 'message flood');
      if (verdict === 'limited') return client.error('RATE_LIMIT', 'Rate limit exceeded');
      const parsed = parseClientMessage(isBinary ? '' : data.toString());
      if (!parsed.ok) return client.error(parsed.code, parsed.message, parsed.id);
      this.handle(client, parsed.msg).catch((error: unknown) => {
        this.opts.log(`client ${id}: ${(error as Error).message}`);
        client.error('INTERNAL_ERROR', 'Internal server error');
      });
    });
  }

  private authenticate(client: ClientConn, info: TokenInfo, reply: boolean): void {
    if (reply && this.full) {
      client.close(CLOSE.tryLater, 'too many connections');
      return;
    }
    client.authenticated = true;
    client.permissions = info.permissions;
    client.tokenName = info.name;
    client.tokenId = info.id;
    if (reply) {
      client.sendMessage({
        type: 'auth.response',
        success: true,
        permissions: info.permissions,
        client_id: client.id,
      });
    }
    if (client.v1) {
      client.sendMessage({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        epoch: this.epoch,
        seq: this.seq,
        client_id: client.id,
        permissions: info.permissions,
        heartbeat_ms: this.opts.heartbeatMs,
      });
    }
  }

  private async handle(client: ClientConn, msg: ClientMessage): Promise<void> {
    if (msg.action === 'ping') {
      return client.sendMessage({
        type: 'pong',
        timestamp: isoNow(),
        ...(client.authenticated ? { seq: this.seq } : {}),
      });
    }
    if (msg.action === 'auth') {
      if (client.authenticated) return client.sendMessage(authOk(client));
      // A good secret always gets in: the throttle is for failures, and every client on loopback shares
      // one address (ten wrong tokens from anyone there must not lock the real one out).
      const info = this.opts.verify(msg.token);
      if (!info) {
        this.opts.throttle.fail(client.addr);
        client.error('AUTH_FAILED', 'Invalid token');
        if (this.opts.throttle.blocked(client.addr))
          client.close(CLOSE.policy, 'too many failed authentications');
        return;
      }
      return this.authenticate(client, info, true);
    }
    if (!client.authenticated) return client.error('AUTH_REQUIRED', 'Authentication required');
    switch (msg.action) {
      case 'subscribe': {
        const refused = subscribe(client, msg.filters, this.opts.subscriptionLimits);
        if (refused) return client.error('BAD_REQUEST', refused);
        return client.sendMessage({
          type: 'subscription.confirmed',
          subscriptions: [...client.subscriptions],
        });
      }
      case 'unsubscribe':
        unsubscribe(client, msg.filters);
        return client.sendMessage({
          type: 'unsubscribe.confirmed',
          subscriptions: [...client.subscriptions],
        });
      case 'snapshot':
        return client.sendMessage({
          type: 'snapshot.response',
          timestamp: isoNow(),
          seq: this.seq,
          target: msg.target,
          data: narrow(this.world(), msg.target),
        });
      case 'resume':
        return this.resume(client, msg.epoch, msg.lastSeq);
      case 'send':
        // Revocation is immediate: the token file is read again right before anything is typed.
        if (!this.stillValid(client)) return;
        return runSend(this.opts.source, this.opts.log, client, msg);
      case 'capture':
        return runCapture(this.opts.source, client, msg);
    }
  }

  /** Replay from the ring when possible, else reset + snapshot at the current seq. Subscribes to all. */
  private resume(client: ClientConn, epoch: string | null, lastSeq: number): void {
    if (client.subscriptions.size === 0) client.subscriptions.add('*');
    const frames = epoch === this.epoch && lastSeq <= this.seq ? this.ring.since(lastSeq, this.seq) : null;
    if (!frames) {
      client.push(Buffer.from(this.resyncFrame('reset')), undefined);
      return;
    }
    client.sendMessage({ type: 'resume.ok', epoch: this.epoch, from: lastSeq + 1, to: this.seq });
    for (const f of frames) client.offer(f, Buffer.from(client.v1 ? f.text : originalText(f)));
  }

  private markBehind(client: ClientConn): void {
    this.behind.add(client);
    if (!this.flushTimer) {
      this.flushTimer = setInterval(() => {
        const now = Date.now();
        for (const c of this.behind) if (!c.flush(now)) this.behind.delete(c);
        if (this.behind.size === 0) {
          clearInterval(this.flushTimer);
          this.flushTimer = undefined;
        }
      }, 10);
    }
  }

  private beat(): void {
    const msg = Buffer.from(JSON.stringify({ type: 'heartbeat', timestamp: isoNow(), seq: this.seq }));
    for (const c of this.clients) {
      if (c.authenticated && !this.stillValid(c)) continue;
      if (!c.alive) {
        this.opts.log(`client ${c.id} missed a pong: terminated`);
        c.closed = true;
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      try {
        c.ws.ping();
      } catch {
        /* closing */
      }
      if (c.v1 && c.authenticated) c.push(msg, undefined);
    }
  }
}

const authOk = (client: ClientConn) =>
  ({ type: 'auth.response', success: true, permissions: client.permissions, client_id: client.id }) as const;
