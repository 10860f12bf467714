/**
 * The bookkeeping half of the embedded source: the world as events made it, listeners, connection state,
 * timers that die with the source, and serialised resyncs (one snapshot applied at a time; requests that
 * arrive meanwhile fold into one more).
 */

import type { AgentTable } from '../agents/rules/types.js';
import type { TmoEvent } from '../model/events.js';
import { applyEvent, initialWorld } from '../model/reducer.js';
import type { WorldState } from '../model/types.js';
import type { ServerSelector, TmuxRunner } from '../tmux/runner.js';
import type { takeSnapshotOf } from '../tmux/snapshot.js';
import { Listeners } from './listeners.js';
import type { ConnectionState, StopOptions } from './types.js';

export interface EmbeddedSourceOptions {
  server: ServerSelector;
  /** One-shot runner (fallback and setup); default ProcessRunner. */
  runner?: TmuxRunner;
  tables?: AgentTable[];
  idleDebounceMs?: number;
  /** Full re-snapshot this often even without notifications (default 5000 ms). */
  safetyIntervalMs?: number;
  /** Poll this often while control mode is unavailable (default 1000 ms). */
  pollIntervalMs?: number;
  /** Control commands not answered within this time mean control mode hangs (default 3000 ms). */
  commandTimeoutMs?: number;
  /**
   * Whose output to stream: windows holding an agent (default), or every window (`all`: every pane's
   * output becomes pane.output events, at the cost of streaming dev servers' logs too).
   */
  output?: 'agents' | 'all';
  /**
   * Whether anyone wants `pane.output` events at all (default true). False (e.g. `tmo events --filter
   * agent.status`): output is never decoded; agents still hear that their pane printed.
   */
  paneOutput?: boolean;
  /** The state dir holding the state journal (default: stateDir(); false: none). */
  stateDir?: string | false;
  /** Test hook: the tmux binary for the control client. */
  controlBinary?: string;
  /** The first snapshot, when the caller began it early (the dashboard: before its UI modules loaded). */
  firstSnapshot?: Promise<SnapshotOf>;
  /**
   * Start-up beyond the first tree (agent detection, control mode) waits for this (the dashboard: its first
   * frame is out), so that frame is not held up by process reads and tmux processes being forked.
   */
  startAfter?: Promise<unknown>;
  /**
   * Agent panes found but not yet looked at are announced at once as `unknown` (rule `<kind>.pending`), so a
   * dashboard lists every agent without waiting for the captures; off for `events` and `serve`, whose first
   * agent.status per pane stays the first state seen.
   */
  pending?: boolean;
}

/** A snapshot with the server instance (pid, start time) read by the same tmux call. */
export type SnapshotOf = Awaited<ReturnType<typeof takeSnapshotOf>>;

export type EmbeddedMode = 'starting' | 'control' | 'polling' | 'down' | 'stopped';

export abstract class SourceBase {
  protected state: WorldState;
  private readonly listeners = new Listeners<TmoEvent>();
  private readonly connListeners = new Listeners<ConnectionState>();
  private connection: ConnectionState = { status: 'connecting' };
  protected readonly timers = new Set<NodeJS.Timeout>();
  protected resyncing: Promise<void> | null = null;
  private dirty = false;
  /** Targeted queries in flight: a resync waits for them (see `query`). */
  private queries = 0;
  private resyncWanted = false;
  mode: EmbeddedMode = 'starting';
  /** stop({ handOff: true }): the slow way of leaving is the caller's quit helper's (embedded-leave.ts). */
  protected handOff = false;
  /** Whether a handed-off stop left our hidden session or control client to the caller's helper. */
  handedOff = false;
  /** Control mode being set up: our hidden session and control client may appear at any moment. */
  protected settingUp = false;

  constructor(socket: string) {
    this.state = initialWorld(socket);
  }

  getState(): WorldState {
    return this.state;
  }
  getConnection(): ConnectionState {
    return this.connection;
  }
  subscribe(listener: (event: TmoEvent) => void): () => void {
    return this.listeners.add(listener);
  }
  onConnection(listener: (state: ConnectionState) => void): () => void {
    return this.connListeners.add(listener);
  }

  protected emit(event: TmoEvent): void {
    this.state = applyEvent(this.state, event);
    this.listeners.emit(event);
  }

  protected setConnection(c: ConnectionState): void {
    this.connection = c;
    this.connListeners.emit(c);
  }

  /** stop()'s first step: stopped; with handOff, what a set-up in flight will create is the helper's. */
  protected stopping(options: StopOptions): void {
    this.mode = 'stopped';
    this.handOff = options.handOff === true;
    if (this.handOff && this.settingUp) this.handedOff = true;
  }

  protected isStopped(): boolean {
    return this.mode === 'stopped';
  }

  /** A timer cleared by stop(). */
  protected later(ms: number, fn: () => void): void {
    if (this.isStopped()) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  protected clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  protected abstract resync(): Promise<void>;

  /** Polling mode (no control client): a re-snapshot every `intervalMs` while the mode lasts. */
  protected poll(intervalMs: number): void {
    this.later(intervalMs, () => {
      if (this.mode !== 'polling') return;
      this.requestResync();
      this.poll(intervalMs);
    });
  }

  /** Ask for a full re-snapshot soon; bursts of notifications share one. */
  requestResync(): void {
    if (this.mode === 'stopped' || this.mode === 'down') return;
    if (this.queries > 0) {
      this.resyncWanted = true;
      return;
    }
    if (this.resyncing) {
      this.dirty = true;
      return;
    }
    void this.serialized(() => this.resync());
  }

  protected serialized(fn: () => Promise<void>): Promise<void> {
    const run = fn().finally(() => {
      this.resyncing = null;
      if (this.dirty) {
        this.dirty = false;
        this.requestResync();
      }
    });
    this.resyncing = run;
    return run;
  }

  /**
   * Run a targeted query ahead of any re-snapshot: tmux flushes a control client's replies after the
   * commands it read together, so a snapshot written right behind the query would hold its answer back
   * (≈ 50–80 ms at 1000 windows). Resyncs requested meanwhile run when the last query is answered.
   */
  protected query<T>(start: () => Promise<T>): Promise<T> {
    this.queries++;
    return start().finally(() => {
      if (--this.queries === 0 && this.resyncWanted) {
        this.resyncWanted = false;
        this.requestResync();
      }
    });
  }

  /** Wait for the queries and the resync in flight, if any (tests, bench). */
  async settled(): Promise<void> {
    while (this.resyncing || this.queries > 0) {
      if (this.resyncing) await this.resyncing.catch(() => {});
      else await new Promise((r) => setTimeout(r, 1));
    }
  }
}
