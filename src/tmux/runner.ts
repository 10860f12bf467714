import type { ExecFileException } from 'node:child_process';
import { childProcess } from '../model/child-process.js';
import { directCommand, runDirect, socketPath } from './direct.js';
import { classifyTmuxFailure, TmuxError } from './errors.js';

/** Which tmux server: exactly tmux's own `-L name` / `-S path` (neither = the default server). */
export interface ServerSelector {
  socketName?: string;
  socketPath?: string;
}

export function serverArgs(server: ServerSelector): string[] {
  if (server.socketPath) return ['-S', server.socketPath];
  if (server.socketName) return ['-L', server.socketName];
  return [];
}

export function describeServer(server: ServerSelector): string {
  if (server.socketPath) return `-S ${server.socketPath}`;
  if (server.socketName) return `-L ${server.socketName}`;
  return 'default';
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to tmux's stdin (e.g. for `load-buffer -`). */
  input?: string;
}

/**
 * The one seam between the core and tmux processes (lazygit's injected command runner): production uses
 * ExecaRunner (long-running processes) or ProcessRunner (one-shot commands), unit tests inject a fake. `run` resolves with stdout or rejects with a TmuxError.
 */
export interface TmuxRunner {
  readonly server: ServerSelector;
  run(args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

/**
 * `-u` before every tmux client of ours that reads or drives (not `attach`, which is the user's terminal):
 * tmux takes a client as UTF-8 only when $TMUX is set or LC_ALL / LC_CTYPE / LANG name UTF-8, and sends a
 * client that is not `_` for every byte it cannot print in a line that holds non-ASCII text — our field
 * separator too. Under `LC_ALL=C` one accented session name made every listing unreadable (`unexpected
 * line in tmux output`: status, summary, health, send, doctor and the live engine all failed).
 */
export const UTF8_CLIENT = '-u';
// (Every call once set LC_ALL=C.UTF-8 where LC_ALL was unset, for the same end; a server a call of ours
// started — `tmo start` with none running — then kept it in its global environment, over the user's LANG
// in every pane. tmux now runs with the user's environment as it is, and picks a UTF-8 LC_CTYPE itself.)

export const tmuxBinary = (): string => process.env['TMO_TMUX'] || 'tmux';

type Settle = (error: ExecFileException | null, stdout: string, stderr: string) => void;

/**
 * How every tmux call is run (the early calls below go the same way): a read-only call to the tmux
 * binary on PATH goes straight to the server's socket when it can (direct.ts), anything else runs tmux.
 */
function execTmux(binary: string, argv: readonly string[], settle: Settle, input?: string): void {
  const env = process.env;
  const command = binary === 'tmux' && env['TMO_TMUX_DIRECT'] !== '0' ? directCommand(argv) : undefined;
  const path = command && socketPath(argv, env);
  if (!command || !path) {
    spawnTmux(binary, [UTF8_CLIENT, ...argv], settle, input);
    return;
  }
  runDirect(path, command, env, input).then((r) => {
    if (!r) spawnTmux(binary, [UTF8_CLIENT, ...argv], settle, input);
    else if (r.code === 0) settle(null, r.stdout, r.stderr);
    else settle(Object.assign(new Error(`tmux exited with ${r.code}`), { code: r.code }), r.stdout, r.stderr);
  });
}

function spawnTmux(binary: string, argv: readonly string[], settle: Settle, input?: string): void {
  const child = childProcess().execFile(
    binary,
    argv,
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    settle,
  );
  // A tmux that exits before reading its input (no server running) closes the pipe: the exit status
  // tells what happened, the failed write (EPIPE) must not end this process.
  child.stdin?.on('error', () => {});
  child.stdin?.end(input);
}

interface EarlyCall {
  binary: string;
  argv: readonly string[];
  input: string | undefined;
  done: Promise<Parameters<Settle>>;
}
const earlyCalls: EarlyCall[] = [];

/**
 * Start a tmux call before the code that asks for it has loaded (a one-shot command's snapshot, see
 * early-snapshot.ts). A ProcessRunner asked for the very same call (binary, arguments
 * and input) takes its result instead of starting another process; one never asked for is left unused.
 */
export function startEarly(binary: string, argv: readonly string[], input?: string): void {
  const done = new Promise<Parameters<Settle>>((resolve) =>
    execTmux(binary, argv, (...result) => resolve(result), input),
  );
  earlyCalls.push({ binary, argv, input, done });
}

function takeEarly(
  binary: string,
  argv: readonly string[],
  input: string | undefined,
): EarlyCall['done'] | undefined {
  const i = earlyCalls.findIndex(
    (c) =>
      c.binary === binary &&
      c.input === input &&
      c.argv.length === argv.length &&
      c.argv.every((a, j) => a === argv[j]),
  );
  return i === -1 ? undefined : earlyCalls.splice(i, 1)[0]!.done;
}

/**
 * TmuxRunner on node:child_process: no dependencies to load, so one-shot commands start fast.
 */
export class ProcessRunner implements TmuxRunner {
  readonly server: ServerSelector;
  readonly binary: string;
  constructor(server: ServerSelector = {}, binary = tmuxBinary()) {
    this.server = server;
    this.binary = binary;
  }

  run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const argv = [...serverArgs(this.server), ...args];
    const early = takeEarly(this.binary, argv, options.input);
    return new Promise((resolve, reject) => {
      const settle: Settle = (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          return reject(
            new TmuxError('TMUX_MISSING', `tmux is not installed (looked for "${this.binary}" on PATH)`),
          );
        }
        if (typeof code !== 'number')
          return reject(new TmuxError('TMUX_FAILED', `could not run ${this.binary}: ${error.message}`));
        reject(classifyTmuxFailure(stderr, args));
      };
      if (early) early.then((result) => settle(...result));
      else execTmux(this.binary, argv, settle, options.input);
    });
  }
}
