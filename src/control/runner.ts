import { classifyTmuxFailure } from '../tmux/errors.js';
import type { RunOptions, RunResult, ServerSelector, TmuxRunner } from '../tmux/runner.js';
import { type ControlClient, ControlError } from './client.js';
import { splitCommands } from './quote.js';

/** Commands that only read: safe to run again on the fallback when control mode dies under them. */
const READ_ONLY = new Set([
  'list-sessions',
  'list-windows',
  'list-panes',
  'list-clients',
  'list-buffers',
  'capture-pane',
  'display-message',
  'show-options',
  'show-buffer',
  'has-session',
]);

/**
 * A TmuxRunner that runs commands over a control client when one is attached and healthy, else through
 * the one-process-per-call runner. `a ; b` argvs are sent as separate lines, one after the other, and
 * stop at the first error (as a tmux command line does). Input on stdin (`load-buffer -`) always goes to
 * the fallback.
 */
export class ControlRunner implements TmuxRunner {
  readonly server: ServerSelector;
  readonly fallback: TmuxRunner;
  private client: ControlClient | null = null;
  /** Calls answered over control mode / by the fallback. */
  viaControl = 0;
  viaFallback = 0;

  constructor(fallback: TmuxRunner) {
    this.fallback = fallback;
    this.server = fallback.server;
  }

  setClient(client: ControlClient | null): void {
    this.client = client;
  }

  get usingControl(): boolean {
    return this.client?.isOpen ?? false;
  }

  async run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const client = this.client;
    if (options.input !== undefined || !client?.isOpen) {
      this.viaFallback++;
      return this.fallback.run(args, options);
    }
    const commands = splitCommands(args);
    let stdout = '';
    let done = 0;
    try {
      // Reads are pipelined (all lines written at once, replies come back in order); anything that
      // writes goes one at a time so a failure stops the rest, as on a tmux command line.
      const readOnly = commands.every((c) => READ_ONLY.has(c[0] ?? ''));
      const pending = readOnly ? commands.map((c) => client.command(c)) : [];
      for (const p of pending) p.catch(() => {}); // awaited below; never an unhandled rejection
      for (const [i, command] of commands.entries()) {
        const reply = await (readOnly ? pending[i]! : client.command(command));
        if (!reply.ok) {
          throw classifyTmuxFailure(reply.lines.join('\n'), command);
        }
        for (const line of reply.lines) stdout += `${line}\n`;
        done++;
      }
    } catch (error) {
      if (!(error instanceof ControlError)) throw error;
      // Control mode died under us: redo what is left if it only reads; otherwise report it.
      const left = commands.slice(done);
      if (!left.every((c) => READ_ONLY.has(c[0] ?? ''))) throw error;
      this.viaFallback++;
      const rest = await this.fallback.run(left.flatMap((c, i) => (i === 0 ? c : [';', ...c])));
      return { stdout: stdout + rest.stdout, stderr: rest.stderr };
    }
    this.viaControl++;
    return { stdout, stderr: '' };
  }
}

/** Wraps a runner and counts calls (each one is a forked tmux process for ProcessRunner). */
export class CountingRunner implements TmuxRunner {
  readonly server: ServerSelector;
  private readonly inner: TmuxRunner;
  calls = 0;
  constructor(inner: TmuxRunner) {
    this.inner = inner;
    this.server = inner.server;
  }
  run(args: readonly string[], options?: RunOptions): Promise<RunResult> {
    this.calls++;
    return this.inner.run(args, options);
  }
}
