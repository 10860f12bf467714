/**
 * Agent states for the embedded source: detection when panes appear or change (one process-table read
 * for all of them), then screen classification on output, batched across panes into one tmux call, and a
 * re-check after the idle debounce so "idle" is reported even when the pane stays silent. When to look:
 * embedded-looks.ts (output coalesced per pane, never a look per line).
 */

import { hookFile, socketPathFor } from '../agenthooks/paths.js';
import { claudeSessionsDir, readSessionStatus } from '../agenthooks/session-files.js';
import { HookFeed } from '../agenthooks/watch.js';
import type { Detection } from '../agents/detect.js';
import { trackedVerdict } from '../agents/inspect.js';
import { firstSince, sameState } from '../agents/journal.js';
import { BUILTIN_TABLES } from '../agents/rules/index.js';
import type { AgentTable } from '../agents/rules/types.js';
import { ACTIVE_MS, type PaneSignals } from '../agents/signals.js';
import { AgentTracker, DEFAULT_IDLE_DEBOUNCE_MS } from '../agents/tracker.js';
import { type AgentStatusLite, liteStatus, pendingStatus, sameReport, statusEvent } from '../model/events.js';
import type { AgentStatus, Snapshot } from '../model/types.js';
import { capturePanes } from '../tmux/capture.js';
import type { ServerInstance } from '../tmux/snapshot.js';
import { type AgentWatcherOptions, detectChanged, type Tracked } from './embedded-detect.js';
import { WatcherJournal } from './embedded-journal.js';
import { Looks } from './embedded-looks.js';

export class AgentWatcher {
  private readonly o: AgentWatcherOptions;
  private readonly tables: AgentTable[];
  private readonly tracker: AgentTracker;
  private readonly panes = new Map<string, Tracked>();
  private readonly due = new Set<string>();
  private flushing = false;
  private stopped = false;
  private readonly journal: WatcherJournal;
  private readonly looks: Looks<Tracked>;
  /** Captures taken (for figures). */
  captures = 0;
  private readonly hooks?: HookFeed;
  private readonly sessions = claudeSessionsDir();

  constructor(options: AgentWatcherOptions) {
    this.o = options;
    this.tables = options.tables ?? BUILTIN_TABLES;
    this.tracker = new AgentTracker({ idleDebounceMs: options.idleDebounceMs ?? DEFAULT_IDLE_DEBOUNCE_MS });
    this.journal = new WatcherJournal(options.runner, options.stateDir);
    this.looks = new Looks<Tracked>(options, (ts) => {
      for (const t of ts) this.due.add(t.pane.id);
      void this.flush();
    });
    const file = options.hookFile ?? hookFile(socketPathFor(options.runner.server));
    if (file) {
      this.hooks = new HookFeed(file, (panes) => this.onHook(panes));
      this.hooks.start();
    }
  }

  /** An agent's hook reported: look at once (no throttle), so the fact shows within a capture's time. */
  onHook(paneIds: string[]): void {
    if (this.stopped) return;
    for (const id of paneIds) {
      const t = this.panes.get(id);
      if (!t?.detection) continue;
      if (t.timer) clearTimeout(t.timer);
      t.timer = undefined;
      this.due.add(id);
    }
    void this.flush();
  }

  /** Current statuses (for snapshot events); with options.pending, agents not looked at yet are pending. */
  statuses(): Record<string, AgentStatusLite> {
    const out: Record<string, AgentStatusLite> = {};
    for (const id of this.tracker.panes()) {
      const s = this.tracker.get(id);
      const t = this.panes.get(id);
      if (s && t?.detection && !(this.o.pending && !t.looked)) out[id] = liteStatus(s);
    }
    if (this.o.pending)
      for (const [id, t] of this.panes)
        if (t.detection && !t.looked) out[id] = pendingStatus(t.detection.kind, t.activity);
    return out;
  }

  /** The server instance the first snapshot read (its journal is found without asking tmux again). */
  serverIs(instance: ServerInstance): void {
    this.journal.known = instance;
  }

  /** Whether a pane is a detected agent (or was one: it is listed as exited until it closes). */
  isAgent(paneId: string): boolean {
    const t = this.panes.get(paneId);
    return Boolean(t?.detection) && !this.pending(t!);
  }

  /** Found by leftovers alone and not judged yet (by its screen): not an agent until then. */
  private pending(t: Tracked): boolean {
    return t.leftover !== undefined && !t.exited && !this.tracker.get(t.pane.id);
  }

  /** Panes detected as agents. */
  agentPanes(): Set<string> {
    const ids = new Set<string>();
    for (const [id, t] of this.panes) if (t.detection && !this.pending(t)) ids.add(id);
    return ids;
  }

  status(paneId: string): AgentStatus | null {
    return this.panes.get(paneId)?.detection ? (this.tracker.get(paneId) ?? null) : null;
  }

  /** A new picture of the panes: detect new or changed ones, forget gone ones. */
  async onSnapshot(view: Snapshot): Promise<void> {
    // The journal is read while the processes are (it matters from the first look on, not for detection).
    const met = this.journal.meet(view.server.running, this.tracker);
    const seen = new Set<string>();
    const changed: Tracked[] = [];
    for (const s of view.sessions)
      for (const w of s.windows)
        for (const pane of w.panes) {
          if (seen.has(pane.id)) continue;
          seen.add(pane.id);
          const key = `${pane.pid}\0${pane.command}\0${pane.title}\0${pane.dead}`;
          const t = this.panes.get(pane.id);
          if (t && t.key === key) {
            t.pane = pane;
            t.activity = w.activity;
            t.alone = w.panes.length === 1;
            continue;
          }
          const next: Tracked = t ?? { pane, key, detection: null, lastEval: 0, activity: w.activity };
          next.pane = pane;
          next.activity = w.activity;
          next.alone = w.panes.length === 1;
          next.key = key;
          this.panes.set(pane.id, next);
          changed.push(next);
        }
    for (const [id, t] of this.panes)
      if (!seen.has(id)) {
        if (t.timer) clearTimeout(t.timer);
        this.panes.delete(id);
        this.tracker.remove(id);
        this.due.delete(id);
        this.journal.changed();
      }
    if (changed.length === 0) {
      await met;
      return this.saveJournal();
    }
    const { left, found } = await detectChanged(changed, this.tables, this.o.readProcs);
    for (const t of [...left, ...found]) this.due.add(t.pane.id);
    if (this.o.pending)
      for (const t of found)
        if (!t.looked && t.detection && !t.leftover) {
          t.announced = true; // listed now, as pending: the first look reports what it is
          this.o.emit(
            statusEvent(t.pane.id, pendingStatus(t.detection.kind, t.activity), null, this.o.where),
          );
        }
    await met;
    this.saveJournal();
    void this.flush(); // captures run on; detection is what callers wait for
  }

  /** Output arrived in a pane: re-classify it soon (throttled). */
  onOutput(paneId: string): void {
    const t = this.panes.get(paneId);
    if (!t?.detection || t.exited || this.stopped) return;
    const now = Date.now();
    if (t.lastOutputAt === undefined || now - t.lastOutputAt > ACTIVE_MS) t.outputSince = now;
    t.lastOutputAt = now;
    this.looks.output(t);
  }

  /**
   * The control client streams the output of exactly these panes from now on (their windows are linked):
   * their silence is evidence once ACTIVE_MS has passed (a look then); others' (polling: all) is none.
   */
  streaming(paneIds: ReadonlySet<string>): void {
    for (const [id, t] of this.panes)
      if (!paneIds.has(id)) t.watchedSince = undefined;
      else if (t.watchedSince === undefined) {
        t.watchedSince = Date.now();
        if (t.detection && !t.exited && !this.stopped) this.schedule(t, ACTIVE_MS + 1);
      }
  }

  /** tmux paused a pane's output (we fell behind): what was dropped is unknown, so is its silence for now. */
  outputPaused(paneId: string): void {
    const t = this.panes.get(paneId);
    if (t?.watchedSince !== undefined) t.watchedSince = Date.now();
  }

  /** Re-classify every agent (without control mode there is no output to go by: each poll does this). */
  refreshAll(): void {
    if (this.stopped) return;
    for (const t of this.panes.values()) if (t.detection && !t.exited) this.schedule(t, 0);
  }

  /** A pane's title changed (control-mode subscription): agents show their state there too. */
  onTitle(paneId: string, title: string): void {
    const t = this.panes.get(paneId);
    if (!t || t.pane.title === title) return;
    t.pane = { ...t.pane, title };
    if (t.detection && !this.stopped) this.schedule(t, 0);
  }

  stop(): void {
    this.stopped = true;
    this.hooks?.stop();
    for (const t of this.panes.values()) if (t.timer) clearTimeout(t.timer);
    this.looks.stop();
  }

  /** Record the agents' states (only when one changed or a pane went away; a write only if it differs). */
  private saveJournal(): void {
    if (this.stopped || !this.journal.due) return;
    const states: Record<string, AgentStatus | null> = {};
    for (const [id, t] of this.panes) {
      const s = this.tracker.get(id);
      if (!t.detection) states[id] = null;
      else if (s) states[id] = s;
    }
    this.journal.save(states, new Set(this.panes.keys()));
  }

  private schedule(t: Tracked, delay: number): void {
    this.looks.soon(t, delay);
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.stopped) return;
    this.flushing = true;
    try {
      while (this.due.size > 0 && !this.stopped) {
        const ids = [...this.due];
        this.due.clear();
        const live = ids.filter((id) => this.panes.get(id)?.detection);
        const dead = live.filter((id) => this.panes.get(id)?.pane.dead);
        const alive = live.filter((id) => !this.panes.get(id)?.pane.dead);
        // tmux reads the windows' activity between this and its answer, which a loaded machine delays
        const asked = Date.now();
        const activity = new Map<string, number>();
        const screens = alive.length
          ? await capturePanes(this.o.runner, alive, { activity }).catch(() => new Map())
          : new Map();
        if (this.stopped) return; // a quit while tmux captured: no classifying on the way out
        this.captures += alive.length;
        const now = Date.now();
        for (const id of live) {
          const t = this.panes.get(id);
          if (!t?.detection) continue;
          t.lastEval = now;
          const screen = screens.get(id) as string | undefined;
          if (screen === undefined && !t.pane.dead) continue;
          const c = trackedVerdict(t, t.detection, this.tables, screen ?? '', () =>
            this.signals(t, t.detection!.kind, activity.get(id), asked),
          );
          if (!c) {
            this.forget(t); // what an agent left behind, and not strongly: not an agent (as `status` says)
            continue;
          }
          const reported = this.report(id, t.detection, c, dead.includes(id), t.announced);
          t.looked = true;
          t.announced = false;
          // Idle is debounced: look again once the debounce has passed, even if the pane stays silent.
          if (c.state !== reported.state)
            this.schedule(t, (this.o.idleDebounceMs ?? DEFAULT_IDLE_DEBOUNCE_MS) + 50);
          // A working word expires, output settles: look again then, even if nothing else happens.
          if (c.recheckAt !== undefined) this.schedule(t, c.recheckAt - now);
        }
        this.saveJournal();
      }
    } finally {
      this.flushing = false;
    }
  }

  /** A pane found by leftovers alone is no agent: drop what was tracked (nothing was reported of it). */
  private forget(t: Tracked): void {
    t.detection = null;
    t.leftover = undefined;
    this.tracker.remove(t.pane.id);
  }

  /** The pane's signals beyond the screen: its newest hook fact, its agent's status file, its output timing. */
  private signals(t: Tracked, kind: Detection['kind'], windowAt?: number, seenAt?: number): PaneSignals {
    const s: PaneSignals = { live: true };
    if (t.lastOutputAt !== undefined) s.lastOutputAt = t.lastOutputAt;
    if (t.outputSince !== undefined) s.outputSince = t.outputSince;
    if (t.watchedSince !== undefined) s.watchedSince = t.watchedSince;
    // What tmux saw of the window's output as it captured (signals.ts: what the stream may miss).
    if (t.alone && windowAt !== undefined && windowAt > 0) {
      s.windowOutputAt = windowAt;
      if (seenAt !== undefined) s.windowSeenAt = seenAt;
    }
    const hook = this.hooks?.facts.get(t.pane.id);
    if (hook && hook.agent === kind) s.hook = hook;
    if (kind === 'claude' && t.pids) {
      const file = readSessionStatus(this.sessions, t.pids);
      if (file) s.sessionFile = file;
    }
    return s;
  }

  private report(
    paneId: string,
    detection: Detection,
    c: Parameters<AgentTracker['update']>[2],
    dead = false,
    /** Announced as pending: reported even when it equals the journal's state (the view shows pending). */
    announced = false,
  ): AgentStatus {
    const previous = this.tracker.get(paneId);
    let next = this.tracker.update(paneId, detection.kind, c, dead);
    const recorded = this.journal.recorded(paneId);
    if (!previous && !(recorded && sameState(recorded, next))) {
      // First sight with nothing recorded: date it as a one-shot `status` would (journal.ts firstSince).
      const activity = this.panes.get(paneId)?.activity;
      this.tracker.seed(paneId, { ...next, since: firstSince(next.state, next.since, activity) });
      next = this.tracker.get(paneId) ?? next;
    }
    if (previous && sameReport(previous, next) && !announced) return next;
    this.journal.changed();
    const before = announced ? null : (previous?.state ?? null);
    this.o.emit(statusEvent(paneId, liteStatus(next), before, this.o.where));
    return next;
  }
}
