import { execa } from 'execa';
import { classifyTmuxFailure, TmuxError } from './errors.js';
import {
  type RunOptions,
  type RunResult,
  type ServerSelector,
  serverArgs,
  type TmuxRunner,
  tmuxBinary,
  UTF8_CLIENT,
} from './runner.js';

/**
 * The execa implementation of TmuxRunner, for long-running processes (dashboard, serve, events).
 * One-shot commands use ProcessRunner instead: importing execa alone costs ≈60 ms of start-up.
 */
export class ExecaRunner implements TmuxRunner {
  readonly server: ServerSelector;
  readonly binary: string;
  constructor(server: ServerSelector = {}, binary = tmuxBinary()) {
    this.server = server;
    this.binary = binary;
  }

  async run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const result = await execa(this.binary, [UTF8_CLIENT, ...serverArgs(this.server), ...args], {
      reject: false,
      stripFinalNewline: false,
      ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' }),
      extendEnv: false,
      encoding: 'utf8',
    });
    if (result.code === 'ENOENT') {
      throw new TmuxError('TMUX_MISSING', `tmux is not installed (looked for "${this.binary}" on PATH)`);
    }
    if (result.failed) {
      if (result.exitCode === undefined)
        throw new TmuxError('TMUX_FAILED', `could not run ${this.binary}: ${result.message}`);
      throw classifyTmuxFailure(String(result.stderr), args);
    }
    return { stdout: String(result.stdout), stderr: String(result.stderr) };
  }
}
