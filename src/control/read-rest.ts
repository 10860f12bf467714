/**
 * tmux's control-mode output read in gulps when it floods. tmux writes each `%output` line as it happens:
 * 50 busy agents are ≈ 500 writes a second, and reading each on its own wakes this process as often (a
 * wake-up, a read, a buffer, a parse call: most of the live engine's cost). Resting — leaving the pipe
 * unread for a few ms after a read — lets what tmux writes meanwhile come in one read.
 *
 * A rest is worth it only when the output does not wait for us: a client that writes its next line only
 * after seeing our answer to the last (a test, a prompt and its echo) would just be slowed by it. So it is
 * adaptive: after FAST_READS reads in a row that came less than FAST_READ_MS apart with no reply awaited
 * (replies mean a conversation), one rest of PROBE_MS
 * is tried; if the read after it holds twice the lines a read held before (two at least: one event may
 * be a few lines), the output comes on its own and the rest doubles (up to MAX_REST_MS), else it halves,
 * and below PROBE_MS resting stops until the reads are fast again.
 * A command waiting for its reply ends a rest at once (`wake`) and none is taken meanwhile; a large read (a
 * burst) is followed by the next one straight away. Output shows at most MAX_REST_MS later while it floods,
 * and as soon as it comes otherwise.
 *
 * It stops and restarts the pipe's reading underneath the stream (libuv's readStop/readStart on the
 * stream's handle: Node's streams keep reading into their buffer while paused); a stream without them is
 * read as it comes.
 */

/** The longest rest (while output floods). */
const MAX_REST_MS = 20;
/** The first rest tried, and the shortest kept. */
const PROBE_MS = 5;
/** Reads this close to the one before are fast… */
const FAST_READ_MS = 5;
/** …and this many fast ones in a row are worth a probe. */
const FAST_READS = 8;
/** A read this large or larger is part of a burst: read on without a rest. */
const SMALL_READ = 16 * 1024;

interface ReadHandle {
  readStop?(): number;
  readStart?(): number;
}

const NL = 0x0a;
function linesIn(chunk: Uint8Array): number {
  let n = 0;
  for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, i + 1)) n++;
  return n;
}

export class ReadRest {
  private readonly stream: { destroyed?: boolean };
  private readonly handle: ReadHandle | undefined;
  private readonly probeMs: number;
  private readonly maxMs: number;
  private timer: NodeJS.Timeout | undefined;
  /** The rest after a read now (0: none). */
  private restMs = 0;
  /** Fast reads in a row while not resting. */
  private fast = 0;
  private lastReadAt = -Infinity;
  /** The next read is the gulp of a rest that ran its course. */
  private gulp = false;
  /** Lines a read holds when not resting (a moving average): one event may be several lines. */
  private perRead = 1;
  /** Rests taken (for tests and figures). */
  rests = 0;

  constructor(stream: { destroyed?: boolean }, times: { probeMs?: number; maxMs?: number } = {}) {
    this.stream = stream;
    this.probeMs = times.probeMs ?? PROBE_MS;
    this.maxMs = times.maxMs ?? MAX_REST_MS;
    const handle = (stream as { _handle?: ReadHandle })._handle;
    this.handle =
      typeof handle?.readStop === 'function' && typeof handle.readStart === 'function' ? handle : undefined;
  }

  /** After a read of `chunk`: rest or not (never while a reply is awaited). */
  after(chunk: Uint8Array, awaiting: boolean): void {
    const now = performance.now();
    const lines = linesIn(chunk);
    if (this.gulp) {
      this.gulp = false;
      const more = lines >= Math.max(2, 2 * this.perRead);
      this.restMs = more ? Math.min(this.maxMs, this.restMs * 2) : this.restMs / 2;
      if (this.restMs < this.probeMs) this.restMs = 0;
      this.fast = 0;
    } else if (this.restMs === 0) {
      this.perRead += (lines - this.perRead) / 8;
      // A read while a reply is awaited is a conversation, not a flood: it starts the count again.
      this.fast = !awaiting && now - this.lastReadAt < FAST_READ_MS ? this.fast + 1 : 0;
      if (this.fast >= FAST_READS) {
        this.restMs = this.probeMs;
        this.fast = 0;
      }
    }
    this.lastReadAt = now;
    if (!this.handle || this.timer || awaiting || this.restMs === 0 || chunk.length >= SMALL_READ) return;
    if (this.handle.readStop!() !== 0) return;
    this.rests++;
    this.timer = setTimeout(() => {
      this.gulp = true;
      this.wake();
    }, this.restMs);
  }

  /** Read again now (a command was sent: its reply must not wait). */
  wake(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.stream.destroyed) this.handle!.readStart!();
  }
}
