/**
 * Per-pane state over time: `since` (when the pane entered its state) and the idle debounce. Waiting,
 * working, error and exited are reported at once; idle (and unknown) only once it has lasted
 * `idleDebounceMs` (a working agent's screen flickers through prompt-like frames and blank redraws). One tracker per long-running source.
 */
import type { AgentKind, AgentStatus } from '../model/types.js';
import type { Classification } from './classify.js';

export const DEFAULT_IDLE_DEBOUNCE_MS = 1500;

interface Entry {
  status: AgentStatus;
  /** First sighting of idle while another state is still reported. */
  pendingIdle?: { since: number; c: Classification };
}

const sameState = (a: AgentStatus, kind: AgentKind, c: Pick<Classification, 'state' | 'reason'>): boolean =>
  a.kind === kind && a.state === c.state && a.reason === c.reason;

/** The status a classification reports: state, explanation, and the dialog, error or exit details. */
export function statusOf(kind: AgentKind, c: Classification, since: number): AgentStatus {
  const s: AgentStatus = { kind, state: c.state, since, rule: c.rule };
  if (c.reason) s.reason = c.reason;
  if (c.line !== undefined) s.line = c.line;
  if (c.options?.length) s.options = c.options;
  if (c.message !== undefined) s.message = c.message;
  if (c.exitStatus !== undefined) s.exitStatus = c.exitStatus;
  if (c.lastWords !== undefined) s.lastWords = c.lastWords;
  withSignal(s, c);
  return s;
}
const status = statusOf;

/** Which signal decided (hooks, session files, activity; absent = the screen) and the message it carried. */
export function withSignal(
  s: AgentStatus,
  c: Classification & { source?: AgentStatus['source']; message?: string },
): void {
  if (c.source && c.source !== 'screen') s.source = c.source;
  if (c.message !== undefined && s.message === undefined) s.message = c.message;
}

export class AgentTracker {
  private readonly entries = new Map<string, Entry>();
  /** What the journal (or the window's activity) says a pane not seen yet has been doing since when. */
  private readonly seeds = new Map<string, AgentStatus>();
  private readonly idleDebounceMs: number;
  private readonly now: () => number;

  constructor(options: { idleDebounceMs?: number; now?: () => number } = {}) {
    this.idleDebounceMs = options.idleDebounceMs ?? DEFAULT_IDLE_DEBOUNCE_MS;
    this.now = options.now ?? Date.now;
  }

  /** Feed one classification; returns the status to report now. */
  update(paneId: string, kind: AgentKind, c: Classification, dead = false): AgentStatus {
    const now = this.now();
    const cls: Classification =
      dead && c.state !== 'exited' ? { state: 'exited', rule: 'exited.pane-dead' } : c;
    const entry = this.entries.get(paneId);
    if (!entry) {
      // First sight: nothing to debounce against; a seed in the same state keeps its since.
      const seed = this.seeds.get(paneId);
      this.seeds.delete(paneId);
      const since = seed && sameState(seed, kind, cls) ? seed.since : now;
      const fresh = { status: status(kind, cls, since) };
      this.entries.set(paneId, fresh);
      return fresh.status;
    }
    if (sameState(entry.status, kind, cls)) {
      entry.pendingIdle = undefined;
      // Same state: keep `since`, refresh the explanation.
      entry.status = status(kind, cls, entry.status.since);
      return entry.status;
    }
    // Idle is debounced (a working agent flickers through prompt-like frames), and so is unknown: a screen
    // caught mid-redraw (cleared, not yet drawn) says nothing, and must not flap a known state.
    const quiet = cls.state === 'idle' || cls.state === 'unknown';
    const debounce = quiet && entry.status.kind === kind && entry.status.state !== 'exited';
    if (debounce && this.idleDebounceMs > 0) {
      const pending = entry.pendingIdle ?? { since: now, c: cls };
      entry.pendingIdle = { since: pending.since, c: cls };
      if (now - pending.since < this.idleDebounceMs) return entry.status;
      entry.status = status(kind, cls, pending.since);
      entry.pendingIdle = undefined;
      return entry.status;
    }
    entry.pendingIdle = undefined;
    entry.status = status(kind, cls, now);
    return entry.status;
  }

  /**
   * The pane has been in this state since `seed.since` at the latest (the state journal, the window's
   * last activity). Not tracked yet: its first sight keeps that since if the state is the same. Tracked in
   * the same state: since moves back to the seed's when that is earlier.
   */
  seed(paneId: string, seed: Pick<AgentStatus, 'kind' | 'state' | 'reason' | 'since'>): void {
    const entry = this.entries.get(paneId);
    if (!entry) this.seeds.set(paneId, { ...seed });
    else if (sameState(entry.status, seed.kind, seed) && seed.since < entry.status.since)
      entry.status = { ...entry.status, since: seed.since };
  }

  get(paneId: string): AgentStatus | undefined {
    return this.entries.get(paneId)?.status;
  }

  remove(paneId: string): void {
    this.entries.delete(paneId);
    this.seeds.delete(paneId);
  }

  /** Pane ids currently tracked. */
  panes(): string[] {
    return [...this.entries.keys()];
  }
}
