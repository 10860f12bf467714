/**
 * The embedded live source: one control-mode client on a hidden session of ours (embedded-hidden.ts), else one
 * process per call. Notifications (embedded-fast.ts) and coalesced re-snapshots become events; `%output` becomes
 * pane.output (embedded-output.ts) and agent looks (embedded-agents.ts); a safety snapshot heals what was missed.
 */

import { ControlClient } from '../control/client.js';
import type { ControlNotification } from '../control/parser.js';
import { ControlRunner } from '../control/runner.js';
import { retryState } from '../model/connection.js';
import type { TmoEvent, WindowRef } from '../model/events.js';
import { userView } from '../model/hidden.js';
import type { Snapshot } from '../model/types.js';
import { isTmuxError } from '../tmux/errors.js';
import { describeServer, ProcessRunner } from '../tmux/runner.js';
import { takeSnapshot, takeSnapshotOf } from '../tmux/snapshot.js';
import { AgentWatcher } from './embedded-agents.js';
import { type EmbeddedSourceOptions, SourceBase } from './embedded-base.js';
import { diffSnapshots, paneIndex, sameTree, serverUp } from './embedded-diff.js';
import * as fast from './embedded-fast.js';
import * as hiddenSession from './embedded-hidden.js';
import { leaveHidden, removeHiddenSession } from './embedded-leave.js';
import { PaneOutput } from './embedded-output.js';
import { sendActions } from './embedded-send.js';
import type { DataSource, StopOptions } from './types.js';

export type { EmbeddedMode, EmbeddedSourceOptions } from './embedded-base.js';

export class EmbeddedSource extends SourceBase implements DataSource {
  readonly kind = 'embedded' as const;
  readonly label: string;
  readonly runner: ControlRunner;
  private readonly o: EmbeddedSourceOptions;
  private view: Snapshot;
  private where = new Map<string, WindowRef>();
  private readonly links = new hiddenSession.LinkKeeper();
  private client: ControlClient | null = null;
  private hidden: hiddenSession.HiddenSession | null = null;
  private readonly agents: AgentWatcher;
  private readonly output: PaneOutput;
  private safety: NodeJS.Timeout | null = null;
  private sentSnapshot = false;
  /** Agent panes whose title we subscribed to (on the current control client). */
  private titleSubs = new Set<string>();
  /** Bumped by every event emitted straight from a notification. */
  private generation = 0;
  private downAttempt = 0;
  private controlAttempt = 0;
  resyncs = 0; // full snapshots taken (for figures)

  constructor(options: EmbeddedSourceOptions) {
    super(describeServer(options.server));
    this.o = options;
    this.runner = new ControlRunner(options.runner ?? new ProcessRunner(options.server));
    this.label = `local (${describeServer(options.server)})`;
    this.view = this.state.snapshot;
    this.agents = new AgentWatcher({
      ...options, // tables, idleDebounceMs, stateDir, pending: the same to both
      runner: this.runner,
      emit: (e) => this.emit(e),
      where: (id) => this.where.get(id),
    });
    this.output = new PaneOutput(options, this.agents, {
      placeholder: () => this.hidden?.placeholderPane,
      stopped: () => this.mode === 'stopped',
      where: (id) => this.where.get(id),
      emit: (e) => this.emit(e),
    });
  }

  async start(): Promise<void> {
    if (this.mode === 'stopped') return; // stopped before it started (a signal): stays stopped
    this.mode = 'starting';
    await this.serialized(() => this.connect());
    this.safety = setInterval(() => this.requestResync(), this.o.safetyIntervalMs ?? 5000);
    this.safety.unref?.();
  }

  async stop(options: StopOptions = {}): Promise<void> {
    this.stopping(options);
    if (this.safety) clearInterval(this.safety);
    this.clearTimers();
    this.agents.stop();
    await this.dropControl(); // first (a quit is timed): a resync in flight checks isStopped() next
    await this.resyncing?.catch(() => {});
    this.setConnection({ status: 'closed' });
  }

  get controlPid(): number | undefined {
    return this.client?.pid; // our `tmux -C` client: what a quit out of time must end
  }

  /** Our control client and hidden session go, disarmed first (embedded-leave.ts); the server goes on. */
  private async dropControl(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.runner.setClient(null);
    if (!(await leaveHidden(client, this.hidden, this.runner.fallback, 250, this.handOff)))
      this.handedOff = true;
    this.hidden = null;
  }
  /** The safe send, answer, fresh look and capture of a pane (dashboard, `tmo serve`): embedded-send.ts. */
  private readonly actions = sendActions(() => ({
    runner: this.runner,
    view: () => this.view,
    status: (id) => this.agents.status(id),
    tables: this.o.tables,
  }));
  readonly send = this.actions.send;
  readonly answer = this.actions.answer;
  readonly inspect = this.actions.inspect;
  readonly capture = this.actions.capture;
  /** Server up? Then control mode (or polling) and a first snapshot; else down with retries. */
  private async connect(): Promise<void> {
    let full: Snapshot;
    try {
      const early = this.sentSnapshot || this.downAttempt > 0 ? undefined : this.o.firstSnapshot; // begun early
      const got = await (early ?? takeSnapshotOf(this.runner.fallback));
      full = got.snapshot;
      if (got.instance) this.agents.serverIs(got.instance);
    } catch (error) {
      // No tmux at all is the caller's problem (exit 3), not a state to wait out.
      if (this.mode === 'starting' && isTmuxError(error, 'TMUX_MISSING')) throw error;
      return this.serverDown(String((error as Error).message));
    }
    if (this.isStopped()) return; // stopped while tmux answered: nothing more to start
    if (!full.server.running) return this.serverDown('no server running');
    this.downAttempt = 0;
    if (this.state.snapshot.server.running !== true || this.mode === 'starting' || this.mode === 'down')
      this.emit(serverUp(full));
    if (this.sentSnapshot) this.setConnection({ status: 'connected' });
    else await this.showFirst(full); // the tree, "connected", the first frame, then the agents found
    await this.startControl(full);
    if (this.mode === 'polling') this.poll(this.o.pollIntervalMs ?? 1000);
    // Again, over the control client when there is one: now with our hidden session in it.
    if (this.hidden) full = await hiddenSession.takeUserSnapshot(this.runner, this.hidden).catch(() => full);
    if (this.isStopped()) return;
    await this.apply(full, this.sentSnapshot);
  }

  // The first tree before control mode is up (listed one control setup sooner), then "connected" (never
  // with nothing in it), then the agents in it once the first frame is out (listed before any capture).
  private async showFirst(full: Snapshot): Promise<void> {
    [this.view, this.sentSnapshot] = [userView(full), true];
    this.where = paneIndex(this.view);
    this.emit({ type: 'snapshot', time: Date.now(), snapshot: this.view, agents: this.agents.statuses() });
    this.setConnection({ status: 'connected' });
    await this.o.startAfter;
    if (!this.isStopped()) await this.agents.onSnapshot(this.view).catch(() => {});
  }

  private async startControl(full: Snapshot): Promise<void> {
    if (this.mode === 'stopped') return;
    if (userView(full).sessions.length === 0) {
      // No user session: a session of ours would keep an otherwise empty server alive. Poll instead.
      this.mode = 'polling';
      this.retryControl(1000);
      return;
    }
    this.settingUp = true;
    try {
      await hiddenSession.removeStaleSessions(this.runner.fallback, full);
      if (this.isStopped()) return; // a quit during start-up: no session, no client to take down again
      this.hidden = await hiddenSession.createHiddenSession(this.runner.fallback, undefined, full);
      if (this.isStopped()) return await this.dropControl();
      this.links.reset();
      const client = new ControlClient({
        server: this.o.server,
        session: this.hidden.name,
        ...(this.o.controlBinary ? { binary: this.o.controlBinary } : {}),
        commandTimeoutMs: this.o.commandTimeoutMs ?? 3000,
        ...this.output.handlers(),
        onNotification: (note) => this.onNotification(note),
        onClose: (reason) => this.onControlClosed(client, reason),
      });
      this.client = client;
      await client.start();
      if (this.isStopped()) return await this.dropControl(); // stop() ran meanwhile, before either existed
      await hiddenSession.armHiddenSession((args) => client.command(args), this.hidden);
      this.runner.setClient(client);
      this.titleSubs = new Set();
      this.mode = 'control';
      this.controlAttempt = 0;
    } catch {
      await this.dropControl();
      if (this.isStopped()) return;
      this.mode = 'polling';
      this.retryControl();
    } finally {
      this.settingUp = false;
    }
  }
  private retryControl(fixedMs?: number): void {
    const wait = fixedMs ?? Math.min(30_000, 1000 * 2 ** this.controlAttempt++);
    this.later(wait, () => {
      if (this.mode !== 'polling') return;
      void takeSnapshot(this.runner.fallback)
        .then(async (full) => {
          if (!full.server.running || this.mode !== 'polling') return;
          await this.startControl(full);
          if ((this.mode as string) === 'control') this.requestResync();
        })
        .catch(() => this.retryControl());
    });
  }
  /** The user's last session is gone: let go of the server (it exits as it would without us). */
  private async letGo(): Promise<void> {
    if (this.isStopped()) return;
    this.mode = 'polling';
    await this.dropControl();
    this.poll(this.o.pollIntervalMs ?? 1000);
    this.retryControl(1000);
  }
  private onControlClosed(client: ControlClient, _reason: string): void {
    if (this.client !== client) return;
    this.client = null;
    this.runner.setClient(null);
    if (this.mode === 'stopped') return;
    // Server gone, or only our client? The next snapshot (one-shot) tells.
    void takeSnapshot(this.runner.fallback)
      .then(async (full) => {
        // Stopped meanwhile (a hang-up kills our tmux -C child and signals us at once): stop() cleans up.
        if (this.isStopped()) return;
        if (!full.server.running) return this.serverDown(_reason);
        if (this.hidden) await removeHiddenSession(this.runner.fallback, this.hidden);
        this.hidden = null;
        if (this.isStopped()) return;
        this.mode = 'polling';
        this.poll(this.o.pollIntervalMs ?? 1000);
        this.retryControl();
        this.requestResync();
      })
      .catch((error: Error) => this.serverDown(error.message));
  }
  private serverDown(reason: string): void {
    if (this.mode === 'stopped') return;
    const wasDown = this.mode === 'down';
    this.mode = 'down';
    this.hidden = null;
    const client = this.client;
    this.client = null;
    this.runner.setClient(null);
    void client?.stop();
    if (!wasDown) {
      this.emit({ type: 'server.down', time: Date.now(), reason });
      this.view = this.state.snapshot;
      this.where = new Map();
      this.links.forget();
      void this.agents.onSnapshot(this.view);
    }
    const wait = Math.min(5000, 100 * 2 ** this.downAttempt++);
    this.setConnection(retryState(wait, this.downAttempt, reason));
    this.later(wait, () => {
      if (this.mode === 'down') void this.serialized(() => this.connect());
    });
  }

  protected async resync(): Promise<void> {
    let full: Snapshot;
    const generation = this.generation;
    try {
      full = await hiddenSession.takeUserSnapshot(this.runner, this.hidden, !this.links.fewLinked);
    } catch (error) {
      if (this.mode !== 'control') this.serverDown((error as Error).message);
      return;
    }
    if (this.isStopped() || this.mode === 'down') return;
    if (!full.server.running) return this.serverDown('no server running');
    // A fast event arrived while this snapshot was taken: it may predate it. Take another.
    if (generation !== this.generation) return this.requestResync();
    await this.apply(full, true);
  }

  /** Emit what changed (structural events, then a snapshot event if anything did) and follow up. */
  private async apply(full: Snapshot, diff: boolean): Promise<void> {
    this.resyncs++;
    const view = userView(full);
    if (diff) for (const e of diffSnapshots(this.view, view)) this.emit(e);
    const changed = !this.sentSnapshot || !sameTree(this.view, view);
    this.view = view;
    this.where = paneIndex(view);
    this.sentSnapshot = true;
    if (changed)
      this.emit({ type: 'snapshot', time: Date.now(), snapshot: view, agents: this.agents.statuses() });
    if (this.mode === 'control' && view.sessions.length === 0) return this.letGo();
    await this.afterSnapshot(full);
  }

  /** Link new windows, undo orphans our links keep alive, update agents. */
  private async afterSnapshot(full: Snapshot): Promise<void> {
    await this.agents.onSnapshot(this.view);
    if (this.mode !== 'control') this.agents.refreshAll();
    const wanted =
      this.o.output === 'all' ? undefined : hiddenSession.windowsWith(this.view, this.agents.agentPanes());
    await this.links.update(this.runner, full, this.mode === 'control' ? this.hidden : null, wanted);
    this.agents.streaming(this.mode === 'control' ? hiddenSession.panesOf(this.view, wanted) : new Set());
    if (this.mode === 'control' && this.client)
      await fast.subscribeTitles(this.client, this.agents.agentPanes(), this.titleSubs);
  }

  private onNotification(note: ControlNotification): void {
    const title = fast.titleChange(note);
    if (title) this.agents.onTitle(...title);
    if (note.name === 'pause' && note.args[0]) this.output.paused(note.args[0]); // output lost: marked
    if (fast.QUIET.has(note.name)) return;
    // Fast paths first (their query is written before the snapshot's commands), then the snapshot.
    const events = fast.fastEvents(note, this.view);
    if (events.length || fast.QUERIED.has(note.name)) this.generation++;
    this.applyFast(events);
    if (fast.QUERIED.has(note.name))
      void this.query(() => fast.queriedEvents(note, this.view, this.runner)).then((found) =>
        this.applyFast(found),
      );
    // After the rest of this chunk's notifications: a query among them goes first (see `query`).
    queueMicrotask(() => this.requestResync());
  }
  /** Emit events found without a snapshot, unless a snapshot got there first; patch the view. */
  private applyFast(events: TmoEvent[]): void {
    if (events.length === 0 || this.isStopped()) return;
    const { fresh, view } = fast.freshEvents(this.view, events);
    for (const e of fresh) this.emit(e);
    this.view = view;
    this.where = paneIndex(view);
  }
}

export const createEmbeddedSource = (options: EmbeddedSourceOptions): EmbeddedSource =>
  new EmbeddedSource(options);
