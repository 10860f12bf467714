/**
 * One connected client: authentication state, subscriptions, rate limit and the outgoing queue with
 * backpressure (coalescing per pane while behind, gap + snapshot past a threshold, disconnect when stuck).
 */
import type { WebSocket } from 'ws';
import { CLOSE, type ErrorCode, isoNow, type Permission, type ServerMessage } from './protocol.js';
import type { Frame } from './ring.js';

export interface Limits {
  /** Messages per second a client may send (token bucket refill) and its burst. */
  ratePerSecond: number;
  rateBurst: number;
  /** Rate-limited messages tolerated before closing with 1008. */
  floodStrikes: number;
  /** Below this bufferedAmount a frame goes straight out. */
  lowWater: number;
  /** Queued bytes past which the backlog is dropped and replaced by gap + snapshot. */
  highWater: number;
  /** A client behind for this long is disconnected. */
  stallMs: number;
  /**
   * Bytes this connection may hold in the server (socket buffer + queue, replies included): past it the
   * connection is cut (replies are never dropped, so a client asking without reading is stopped here).
   */
  memoryBudget: number;
  /** Bytes per second a client may send (token bucket) and its burst: past it the socket is cut, unread. */
  inputBytesPerSecond: number;
  inputBurst: number;
}

export interface ClientHooks {
  /** Build the gap/reset payload frame at the current seq. */
  resyncFrame(kind: 'gap', missed: number): string;
  onBehindStart(client: ClientConn): void;
  log(line: string): void;
}

interface Queued {
  text: Buffer;
  key: string | undefined;
  /** A reply to this client (send.result, resume.ok, errors…): never dropped with the backlog. */
  control: boolean;
}

/** Queue entry standing for "gap + fresh snapshot, built when it leaves". */
const GAP = '\u0000gap';

export class ClientConn {
  readonly id: string;
  readonly ws: WebSocket;
  readonly addr: string;
  readonly v1: boolean;
  authenticated = false;
  permissions: Permission[] = [];
  tokenName = '';
  tokenId = '';
  /** Original-protocol subscription keys: `*`, `type:x`, `session:y`. */
  readonly subscriptions = new Set<string>();
  alive = true;
  closed = false;
  private readonly limits: Limits;
  private readonly hooks: ClientHooks;
  private tokens: number;
  private lastRefill = Date.now();
  private inputBytes: number;
  private lastInput = Date.now();
  private strikes = 0;
  private queue: (Queued | null)[] = [];
  private head = 0;
  private readonly keyIndex = new Map<string, number>();
  private queuedBytes = 0;
  private dropped = 0;
  behindSince = 0;
  /** Set by the hub while this client's socket is corked for a burst. */
  corked = false;
  burstBytes = 0;

  constructor(id: string, ws: WebSocket, addr: string, limits: Limits, hooks: ClientHooks) {
    this.id = id;
    this.ws = ws;
    this.addr = addr;
    this.v1 = ws.protocol === 'tmo.v1';
    this.limits = limits;
    this.hooks = hooks;
    this.tokens = limits.rateBurst;
    this.inputBytes = limits.inputBurst;
  }

  /**
   * Count bytes as they arrive on the socket, before any parsing (after an oversize frame, 1009, ws keeps
   * reading until the peer answers the close): past the input budget the socket is cut unread.
   */
  countInput(): void {
    const raw = (this.ws as unknown as { _socket?: NodeJS.EventEmitter })._socket;
    raw?.on('data', (chunk: Buffer) => {
      const now = Date.now();
      const refill = ((now - this.lastInput) / 1000) * this.limits.inputBytesPerSecond;
      this.lastInput = now;
      this.inputBytes = Math.min(this.limits.inputBurst, this.inputBytes + refill) - chunk.length;
      if (this.inputBytes >= 0 || this.closed) return;
      this.hooks.log(`client ${this.id} sent more than its input budget: disconnected`);
      this.closed = true;
      this.ws.terminate();
    });
  }

  /** Token bucket; false when over the limit (the caller answers RATE_LIMIT or closes on a flood). */
  allowMessage(now = Date.now()): 'ok' | 'limited' | 'flood' {
    const elapsed = (now - this.lastRefill) / 1000;
    this.lastRefill = now;
    this.tokens = Math.min(this.limits.rateBurst, this.tokens + elapsed * this.limits.ratePerSecond);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      if (this.tokens > this.limits.rateBurst / 2) this.strikes = 0;
      return 'ok';
    }
    this.strikes++;
    return this.strikes > this.limits.floodStrikes ? 'flood' : 'limited';
  }

  /** AND of the type and session filters (original: OR); session-less events pass a session filter. */
  wants(type: string, session: string | undefined): boolean {
    if (!this.authenticated || this.subscriptions.size === 0) return false;
    if (this.subscriptions.has('*')) return true;
    let types = false;
    let sessions = false;
    let typeOk = false;
    let sessionOk = session === undefined;
    for (const s of this.subscriptions) {
      if (s.startsWith('type:')) {
        types = true;
        if (s.slice(5) === type) typeOk = true;
      } else if (s.startsWith('session:')) {
        sessions = true;
        if (s.slice(8) === session) sessionOk = true;
      }
    }
    return (!types || typeOk) && (!sessions || sessionOk);
  }

  /** A control message to this client only: never coalesced, never dropped with a backlog. */
  sendMessage(msg: ServerMessage): void {
    this.push(Buffer.from(JSON.stringify(msg)), undefined, true);
  }

  error(code: ErrorCode, message: string, id?: string): void {
    this.sendMessage({
      type: 'error',
      message,
      code,
      timestamp: isoNow(),
      ...(id !== undefined ? { id } : {}),
    });
  }

  /** An event frame, if the client's filters want it. */
  offer(frame: Frame, bytes: Buffer): void {
    if (this.wants(frame.type, frame.session)) this.push(bytes, frame.key);
  }

  push(text: Buffer, key: string | undefined, control = false): void {
    if (this.closed) return;
    // Bytes written during the current corked burst sit in the socket's buffer until the burst ends: they
    // say nothing about the peer being slow, so only what was pending before the burst counts.
    const pending = this.ws.bufferedAmount - this.burstBytes;
    if (
      this.head === this.queue.length &&
      pending < this.limits.lowWater &&
      this.burstBytes < this.limits.highWater
    ) {
      this.ws.send(text, { binary: false });
      if (this.corked) this.burstBytes += text.length;
      return;
    }
    if (this.head === this.queue.length) this.startBehind();
    if (key !== undefined) {
      const old = this.keyIndex.get(key);
      if (old !== undefined) {
        const entry = this.queue[old];
        if (entry) this.queuedBytes -= entry.text.length;
        this.queue[old] = null;
      }
      this.keyIndex.set(key, this.queue.length);
    }
    this.queue.push({ text, key, control });
    this.queuedBytes += text.length;
    if (this.queuedBytes > this.limits.highWater) this.dropBacklog();
    if (this.queuedBytes + this.ws.bufferedAmount > this.limits.memoryBudget) this.overBudget();
  }

  /** Held more than its memory budget: everything it holds is let go and the socket cut at once. */
  private overBudget(): void {
    this.hooks.log(`client ${this.id} holds more than ${this.limits.memoryBudget} bytes: disconnected`);
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.keyIndex.clear();
    this.queuedBytes = 0;
    this.ws.terminate();
  }

  /** Keep the queued control replies (in order) from `from` on; count the events dropped. */
  private keepControl(from: number): Queued[] {
    const kept: Queued[] = [];
    for (let i = from; i < this.queue.length; i++) {
      const e = this.queue[i];
      if (!e || e.key === GAP) continue;
      if (e.control) kept.push(e);
      else this.dropped++;
    }
    this.queue = kept;
    this.head = 0;
    this.keyIndex.clear();
    this.queuedBytes = kept.reduce((n, e) => n + e.text.length, 0);
    return kept;
  }

  private startBehind(): void {
    if (!this.behindSince) {
      this.behindSince = Date.now();
      this.hooks.onBehindStart(this);
    }
  }

  /** Events are dropped (replies kept); a gap marker with a fresh snapshot goes out once drained: flush(). */
  private dropBacklog(): void {
    this.keepControl(this.head);
    this.queue.push({ text: Buffer.alloc(0), key: GAP, control: false });
  }

  /** Called on a timer while behind. Returns true while still behind. */
  flush(now = Date.now()): boolean {
    if (this.closed) return false;
    while (this.head < this.queue.length && this.ws.bufferedAmount < this.limits.lowWater) {
      const entry = this.queue[this.head];
      this.queue[this.head] = null;
      this.head++;
      if (!entry) continue;
      if (entry.key !== undefined && this.keyIndex.get(entry.key) === this.head - 1)
        this.keyIndex.delete(entry.key);
      if (entry.key === GAP) {
        // The events still queued are older than the fresh snapshot: drop them too (replies stay).
        this.keepControl(this.head);
        const missed = this.dropped;
        this.dropped = 0;
        this.ws.send(this.hooks.resyncFrame('gap', missed), { binary: false });
        continue;
      }
      this.queuedBytes -= entry.text.length;
      this.ws.send(entry.text, { binary: false });
    }
    if (this.head >= this.queue.length && this.ws.bufferedAmount < this.limits.lowWater) {
      this.queue = [];
      this.head = 0;
      this.keyIndex.clear();
      this.queuedBytes = 0;
      this.behindSince = 0;
      return false;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) this.compact();
    if (now - this.behindSince > this.limits.stallMs) {
      this.hooks.log(`client ${this.id} stayed behind ${this.limits.stallMs} ms: disconnected`);
      this.close(CLOSE.tryLater, 'too slow');
      return false;
    }
    return true;
  }

  private compact(): void {
    const rest = this.queue.slice(this.head);
    this.queue = rest;
    this.head = 0;
    this.keyIndex.clear();
    rest.forEach((e, i) => {
      if (e?.key !== undefined) this.keyIndex.set(e.key, i);
    });
  }

  /** Close politely, and make sure a stalled peer cannot keep the socket. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.ws.close(code, reason);
    } catch {
      /* already closing */
    }
    const t = setTimeout(() => this.ws.terminate(), 1000);
    t.unref();
  }

  get queued(): number {
    return this.queue.length - this.head;
  }
}
