/**
 * When to look at an agent's screen (embedded-agents.ts). Output is coalesced per pane, not looked at per
 * line: the first output after a quiet spell is looked at once (a state change shows within a capture),
 * output that keeps coming at most every `outputEvalMs` (default 1000 ms), and once it pauses for `quietMs`
 * (default 150 ms) — where an agent has drawn its dialog or prompt and waits. Other looks (titles, hooks,
 * re-checks) are at most one per `minIntervalMs` (default 250 ms). One timer per pane, for the earliest look
 * wanted; a line of output allocates nothing while a look is already due. The once-a-second looks fall on
 * a grid of GRID_MS, so busy agents' looks come due together and leave as one batch of captures (one
 * write to tmux, one wake-up: 50 agents printing cost 50 separate looks a second before).
 */

/** The grid the once-a-second output looks are put on (later by at most this much). */
export const GRID_MS = 100;
const onGrid = (at: number): number => Math.ceil(at / GRID_MS) * GRID_MS;

export interface LookTimes {
  minIntervalMs?: number;
  outputEvalMs?: number;
  quietMs?: number;
}

/** A pane's look state (kept on the watcher's per-pane record). */
export interface Lookable {
  /** When the screen was last looked at. */
  lastEval: number;
  lastOutputAt?: number;
  timer?: NodeJS.Timeout;
  /** When the pending timer fires, and whether it is output's look (which waits for a pause). */
  dueAt?: number;
  forOutput?: boolean;
}

export class Looks<T extends Lookable> {
  private readonly times: LookTimes;
  private readonly look: (ts: T[]) => void;
  /** The looks that came due in this turn of the event loop, handed over together once its timers ran. */
  private due: T[] = [];
  private handing: NodeJS.Immediate | undefined;
  constructor(times: LookTimes, look: (ts: T[]) => void) {
    this.times = times;
    this.look = look;
  }

  stop(): void {
    if (this.handing) clearImmediate(this.handing);
    this.handing = undefined;
    this.due = [];
  }

  private lookSoon(t: T): void {
    this.due.push(t);
    this.handing ??= setImmediate(() => {
      this.handing = undefined;
      const due = this.due;
      this.due = [];
      this.look(due);
    });
  }

  /** Output arrived (after `t.lastOutputAt` was set). */
  output(t: T): void {
    this.at(t, this.outputLook(t), true);
  }

  /** A look `delay` ms from now, no sooner than `minIntervalMs` after the last one. */
  soon(t: T, delay: number): void {
    const now = Date.now();
    this.at(t, now + Math.max(delay, t.lastEval + (this.times.minIntervalMs ?? 250) - now, 0), false);
  }

  /**
   * When output's look is due: at the next pause (no sooner than `minIntervalMs` after the last look), or
   * `outputEvalMs` after the last look — in the past after a quiet spell, i.e. now.
   */
  private outputLook(t: T): number {
    const paused = Math.max(
      (t.lastOutputAt ?? 0) + (this.times.quietMs ?? 150),
      t.lastEval + (this.times.minIntervalMs ?? 250),
    );
    const every = t.lastEval + (this.times.outputEvalMs ?? 1000);
    return paused <= every ? paused : onGrid(every);
  }

  private at(t: T, at: number, forOutput: boolean): void {
    if (t.timer && t.dueAt !== undefined && t.dueAt <= at) {
      if (!forOutput) t.forOutput = false;
      return;
    }
    if (t.timer) clearTimeout(t.timer);
    t.dueAt = at;
    t.forOutput = forOutput;
    t.timer = setTimeout(
      () => {
        t.timer = undefined;
        if (t.forOutput) {
          // output kept coming since this was set: wait on for its pause (or the once-a-second look)
          const next = this.outputLook(t);
          if (next > Date.now()) return this.at(t, next, true);
        }
        this.lookSoon(t);
      },
      Math.max(0, at - Date.now()),
    );
    t.timer.unref?.();
  }
}
