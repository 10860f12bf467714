import { type ChildProcess, spawn } from 'node:child_process';
import { type ServerSelector, serverArgs, tmuxBinary, UTF8_CLIENT } from '../tmux/runner.js';
import { type ControlNotification, ControlParser, type ControlReply } from './parser.js';
import { commandLine } from './quote.js';
import { ReadRest } from './read-rest.js';

export interface ControlClientOptions {
  server: ServerSelector;
  /** Session to attach to (exact name). */
  session: string;
  binary?: string;
  /**
   * tmux silent this long with a command unanswered means the client hangs: it is closed (default 3000 ms).
   * Silence, not the time since the command was sent: behind a flood of output (or after our own process was
   * held up) a reply is late but tmux is plainly alive.
   */
  commandTimeoutMs?: number;
  /** `pause-after`: tmux pauses a pane's output to us when we are this many seconds behind (default 2). */
  pauseAfterSeconds?: number;
  onOutput?(paneId: string, text: string): void;
  /** Whether a pane's output is wanted as text; unwanted output only reaches `onActivity` (parser.ts). */
  wantsOutput?(paneId: string): boolean;
  onActivity?(paneId: string): void;
  onNotification?(note: ControlNotification): void;
  /** The client is gone (tmux exited, %exit, timeout, spawn failure). Called once. */
  onClose?(reason: string): void;
}

/** What resumes a pane tmux paused for us (`%pause`): `refresh-client -A %N:continue`. */
export const continueArgs = (paneId: string): string[] => ['refresh-client', '-A', `${paneId}:continue`];

export class ControlError extends Error {
  readonly reason: 'timeout' | 'closed';
  constructor(reason: 'timeout' | 'closed', message: string) {
    super(message);
    this.name = 'ControlError';
    this.reason = reason;
  }
}

interface Pending {
  line: string;
  resolve(reply: ControlReply): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
  answered?: boolean;
  /** When the line left for tmux (commands issued together leave in one write, a tick later). */
  sentAt?: number;
}

/**
 * One `tmux -C attach` process. Commands are written one per line in order and matched to their
 * `%begin/%end|%error` replies in order (tmux answers in order). Flags: `ignore-size` (our client never
 * decides any window's size) and `pause-after` (tmux never blocks an agent on us).
 */
export class ControlClient {
  private readonly options: ControlClientOptions;
  private child: ChildProcess | null = null;
  private readonly parser: ControlParser;
  private readonly queue: Pending[] = [];
  private closed = false;
  private closeReason = '';
  /** When tmux last wrote to us (performance.now()). */
  private lastDataAt = 0;
  private unsent: Pending[] = [];
  /** Reads in gulps (read-rest.ts); woken by every command. */
  private rest: ReadRest | undefined;
  /** Commands sent (for tests and figures). */
  sent = 0;

  constructor(options: ControlClientOptions) {
    this.options = options;
    this.parser = new ControlParser({
      reply: (reply) => this.onReply(reply),
      output: (pane, text) => this.options.onOutput?.(pane, text),
      ...(options.wantsOutput ? { wants: options.wantsOutput } : {}),
      activity: (pane) => this.options.onActivity?.(pane),
      notification: (note) => this.onNotification(note),
    });
  }

  get isOpen(): boolean {
    return this.child !== null && !this.closed;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawn the client and wait until tmux answers a first command. */
  async start(): Promise<void> {
    const pause = this.options.pauseAfterSeconds ?? 2;
    const args = [
      UTF8_CLIENT,
      ...serverArgs(this.options.server),
      '-C',
      'attach-session',
      '-t',
      `=${this.options.session}`,
      '-f',
      `ignore-size,pause-after=${pause}`,
    ];
    const child = spawn(this.options.binary ?? tmuxBinary(), args, {
      env: { ...process.env, TMUX: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
      // A session of its own: a terminal that goes away hangs up (SIGHUP) every process of its session,
      // and this client must leave when WE say, after its session is disarmed (embedded-hidden.ts), not
      // at that moment. If we die, tmux still ends it: its stdin closes.
      detached: true,
    });
    this.child = child;
    let stderr = '';
    this.lastDataAt = performance.now();
    const rest = new ReadRest(child.stdout!);
    this.rest = rest;
    child.stdout!.on('data', (chunk: Buffer) => {
      this.lastDataAt = performance.now();
      this.parser.feed(chunk);
      rest.after(chunk, this.queue.length > 0);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.stdin!.on('error', () => this.close('control client stdin closed'));
    child.on('error', (error) => this.close(`control client failed: ${error.message}`));
    child.on('exit', (code, signal) =>
      this.close(`control client exited (${signal ?? code})${stderr ? `: ${stderr.trim()}` : ''}`),
    );
    // A harmless first command proves the client is attached and answering.
    await this.command(['display-message', '-p', 'ok']);
  }

  /** Run one tmux command (no `;`): resolves with its reply block (ok or error). */
  command(args: readonly string[]): Promise<ControlReply> {
    const line = commandLine(args);
    return new Promise((resolve, reject) => {
      if (this.closed || !this.child) {
        reject(new ControlError('closed', this.closeReason || 'control client not running'));
        return;
      }
      const entry: Pending = { line, resolve, reject };
      this.watch(entry, this.options.commandTimeoutMs ?? 3000);
      this.queue.push(entry);
      this.sent++;
      this.rest?.wake();
      // Commands issued together (a batch of captures) leave in one write.
      const stdin = this.child.stdin!;
      this.unsent.push(entry);
      if (stdin.writableCorked === 0) {
        stdin.cork();
        process.nextTick(() => {
          stdin.uncork();
          const now = performance.now();
          for (const e of this.unsent.splice(0)) e.sentAt = now;
        });
      }
      stdin.write(`${line}\n`);
    });
  }

  /**
   * Detach (closing stdin makes tmux detach us) and end the process. `wait` false: SIGTERM it now and
   * return at once (a tmux client told to terminate asks the server to let it go, which the server does
   * at once, whatever output it still holds for us).
   */
  async stop(wait = true): Promise<void> {
    const child = this.child;
    if (!child || this.closed || !wait) {
      this.close('stopped');
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin!.end();
    const timer = setTimeout(() => child.kill('SIGTERM'), 500);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
    clearTimeout(timer);
    this.close('stopped');
  }

  /**
   * Close the client if tmux stays silent for `ms` while `entry` waits. A timer runs before the I/O of its
   * event-loop turn: after our process was held up (a blocked loop, a starved CPU) the reply may already sit
   * unread in the pipe, so the verdict waits for that turn's reads (setImmediate) and counts the silence
   * since tmux's last byte (or since the line left, if later). Closing on the bare timer dropped a live client
   * (and the output meanwhile).
   */
  private watch(entry: Pending, ms: number, wait = ms): void {
    entry.timer = setTimeout(() => {
      setImmediate(() => {
        if (entry.answered || this.closed) return;
        // Silent since tmux's last byte or since this line left, whichever is later (not yet sent: not silent).
        const silent = performance.now() - Math.max(this.lastDataAt, entry.sentAt ?? performance.now());
        if (silent < ms) return this.watch(entry, ms, Math.max(1, ms - silent));
        this.close(`control command timed out after ${ms} ms: ${entry.line.slice(0, 80)}`, 'timeout');
      });
    }, wait);
    entry.timer.unref?.();
  }

  private onReply(reply: ControlReply): void {
    if (reply.flags !== '1') return; // the server's own blocks (e.g. for the attach command)
    const entry = this.queue.shift();
    if (!entry) return;
    entry.answered = true;
    if (entry.timer) clearTimeout(entry.timer);
    entry.resolve(reply);
  }

  private onNotification(note: ControlNotification): void {
    if (note.name === 'pause' && note.args[0]) {
      // tmux paused this pane's output because we fell behind: catch up at once.
      this.command(continueArgs(note.args[0])).catch(() => {});
    }
    if (note.name === 'exit') {
      this.options.onNotification?.(note);
      this.close(`control client got %exit${note.rest ? ` (${note.rest})` : ''}`);
      return;
    }
    this.options.onNotification?.(note);
  }

  private close(reason: string, kind: 'timeout' | 'closed' = 'closed'): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.rest?.wake();
    for (const entry of this.queue.splice(0)) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.reject(new ControlError(kind, reason));
    }
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.stdin?.destroy();
      child.kill('SIGTERM');
    }
    this.parser.reset();
    this.options.onClose?.(reason);
  }
}
