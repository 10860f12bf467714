/**
 * tmux's control-mode output read in gulps. tmux writes each `%output` line as it happens: 50 busy agents
 * are ≈ 500 writes a second, and reading each on its own wakes this process as often (a wake-up, a read, a
 * buffer, a parse call: most of the live engine's cost). After a small read, the pipe is left unread for
 * REST_MS, so what tmux writes meanwhile waits in the pipe and comes in one read; a command waiting for its
 * reply ends the rest at once (`wake`), and a large read (a flood of output) is followed by the next read
 * straight away, so a burst is never slowed. Output shows at most REST_MS later.
 *
 * It stops and restarts the pipe's reading underneath the stream (libuv's readStop/readStart on the
 * stream's handle: Node's streams keep reading into their buffer while paused); a stream without them is
 * read as it comes.
 */

/** How long the pipe rests after a small read. */
export const REST_MS = 20;
/** A read this large or larger is part of a burst: read on without a rest. */
export const SMALL_READ = 16 * 1024;

interface ReadHandle {
  readStop?(): number;
  readStart?(): number;
}

export class ReadRest {
  private readonly stream: { destroyed?: boolean };
  private readonly handle: ReadHandle | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Rests taken (for tests and figures). */
  rests = 0;

  private readonly ms: number;

  constructor(stream: { destroyed?: boolean }, ms = REST_MS) {
    this.stream = stream;
    this.ms = ms;
    const handle = (stream as { _handle?: ReadHandle })._handle;
    this.handle =
      typeof handle?.readStop === 'function' && typeof handle.readStart === 'function' ? handle : undefined;
  }

  /** After a read of `bytes`: rest when it was small and no reply is awaited. */
  after(bytes: number, awaiting: boolean): void {
    if (!this.handle || this.timer || awaiting || bytes >= SMALL_READ) return;
    if (this.handle.readStop!() !== 0) return;
    this.rests++;
    this.timer = setTimeout(() => this.wake(), this.ms);
  }

  /** Read again now (a command was sent: its reply must not wait). */
  wake(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.stream.destroyed) this.handle!.readStart!();
  }
}
