/**
 * A read-only tmux call without a tmux process: this process connects to the server's socket itself and
 * speaks tmux's client protocol (imsg.ts), as `tmux <command>` would with no terminal. A tmux client costs
 * a fork of Node (5–10 ms on the main thread) and the client's own start and exit (10–16 ms); the socket
 * costs under a millisecond. Used by runner.ts for the commands in DIRECT_COMMANDS only (they read, and do
 * not depend on the client's environment or terminal); anything unexpected — no socket there, another
 * protocol version, a message a plain command never gets — answers `undefined`, and the runner runs the
 * tmux binary instead, which then says what is wrong in tmux's own words.
 *
 * The identify messages are those tmux's own client sends, each of the size the server checks (a wrong
 * size there ends the server): flags, TERM, tty name (empty: no terminal), cwd, pid, done. No file
 * descriptor is passed, so the server treats it as a client without a terminal, as it does
 * `tmux list-panes </dev/null`.
 */
import { writeSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { endianness } from 'node:os';
import { cString, FrameReader, frame, HEADER, int32, ints, MAX_FRAME, MSG, Sink } from './imsg.js';
import { locateSocket } from './socket-path.js';

/** The commands a direct call may hold (each command of a `;` list, and `source-file -` for our scripts). */
export const DIRECT_COMMANDS: ReadonlySet<string> = new Set([
  'list-sessions',
  'list-windows',
  'list-panes',
  'list-clients',
  'display-message',
  'capture-pane',
  'show-options',
  'source-file',
]);

/** tmux's CLIENT_UTF8: the server sends a client without it `_` for every non-ASCII character. */
const CLIENT_UTF8 = 0x10000;
const EBADF = 9;

export interface DirectResult {
  /** tmux's exit status (0: every command succeeded). */
  code: number;
  stdout: string;
  stderr: string;
}

/** The server's socket of a tmux argument list (`-L name`, `-S path` or neither), or undefined where tmux itself would have to say why not. */
export function socketPath(args: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const server = args[0] === '-S' ? { socketPath: args[1] } : args[0] === '-L' ? { socketName: args[1] } : {};
  const where = locateSocket(server, env);
  return where.usable ? where.path : undefined;
}

/** The command part of a tmux argument list when it may go direct (see DIRECT_COMMANDS), else undefined. */
export function directCommand(argv: readonly string[]): readonly string[] | undefined {
  const args = argv[0] === '-L' || argv[0] === '-S' ? argv.slice(2) : argv;
  let first = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === ';') first = true;
    else if (first) {
      if (!DIRECT_COMMANDS.has(a)) return undefined;
      if (a === 'source-file' && (args[i + 1] !== '-' || (args[i + 2] ?? ';') !== ';')) return undefined;
      first = false;
    }
  }
  return args.length > 0 && endianness() === 'LE' ? args : undefined;
}

/** What this client sends: identify, then the command (undefined: too long for one message). */
function opening(command: readonly string[], env: NodeJS.ProcessEnv): Buffer | undefined {
  const packed = Buffer.concat([ints(command.length), ...command.map(cString)]);
  if (HEADER + packed.length > MAX_FRAME) return undefined;
  let cwd = '/';
  try {
    cwd = process.cwd();
  } catch {
    // a removed working directory: tmux's client says / too
  }
  try {
    return Buffer.concat([
      // always UTF-8, as `tmux -u` (runner.ts UTF8_CLIENT), whatever the locale says
      frame(MSG.IDENTIFY_FLAGS, ints(CLIENT_UTF8)),
      frame(MSG.IDENTIFY_TERM, cString(env['TERM'] ?? '')),
      frame(MSG.IDENTIFY_TTYNAME, cString('')),
      frame(MSG.IDENTIFY_CWD, cString(cwd)),
      frame(MSG.IDENTIFY_CLIENTPID, ints(process.pid)),
      frame(MSG.IDENTIFY_DONE, Buffer.alloc(0)),
      frame(MSG.COMMAND, packed),
    ]);
  } catch {
    return undefined; // a $TERM longer than a message: the binary copes as it does
  }
}

/** Bytes of `data` written to the socket's descriptor at once (0 when it is not connected yet). */
function sendNow(socket: Socket, data: Buffer): number {
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return 0;
  try {
    return writeSync(fd, data);
  } catch {
    return 0; // not connected yet (EAGAIN, ENOTCONN): the 'connect' event sends it
  }
}

/** `input` as the server reads a client's stdin: data frames, then done. */
function stdinFrames(stream: number, input: Buffer): Buffer {
  const room = MAX_FRAME - HEADER - 4;
  const frames: Buffer[] = [];
  for (let at = 0; at < input.length; at += room)
    frames.push(frame(MSG.READ, ints(stream), input.subarray(at, at + room)));
  frames.push(frame(MSG.READ_DONE, ints(stream, 0)));
  return Buffer.concat(frames);
}

/**
 * Run `command` (a list from directCommand) on the server at `path`, with `input` as the client's stdin.
 * Undefined: not done this way (see above); the caller runs the tmux binary.
 */
export function runDirect(
  path: string,
  command: readonly string[],
  env: NodeJS.ProcessEnv,
  input = '',
): Promise<DirectResult | undefined> {
  const hello = opening(command, env);
  if (!hello) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const socket = createConnection({ path });
    const reader = new FrameReader();
    const out = new Sink();
    const err = new Sink();
    const streams = new Map<number, Sink>();
    let settled = false;
    const finish = (result: DirectResult | undefined) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    /** The C string at `start` (to its NUL, or to `end`). */
    const nameIn = (buf: Buffer, start: number, end: number): string => {
      const nul = buf.indexOf(0, start);
      return buf.toString('utf8', start, nul === -1 || nul > end ? end : nul);
    };
    const onFrame = (type: number, buf: Buffer, start: number, end: number): void => {
      if (settled) return;
      const size = end - start;
      const stream = size >= 4 ? int32(buf, start) : -1;
      if (type === MSG.WRITE) streams.get(stream)?.add(buf, start + 4, end);
      else if (type === MSG.WRITE_OPEN && size >= 12) {
        // Printed output (no path) or a write to "-": fd 1 or 2 of the client. Anything else is a file.
        const fd = int32(buf, start + 4);
        const name = nameIn(buf, start + 12, end);
        const ok = (fd === 1 || fd === 2) && (name === '' || name === '-');
        if (ok) streams.set(stream, fd === 1 ? out : err);
        socket.write(frame(MSG.WRITE_READY, ints(stream, ok ? 0 : EBADF)));
        if (!ok) finish(undefined);
      } else if (type === MSG.READ_OPEN && size >= 8) {
        if (int32(buf, start + 4) === 0 && nameIn(buf, start + 8, end) === '-')
          socket.write(stdinFrames(stream, Buffer.from(input)));
        else {
          socket.write(frame(MSG.READ_DONE, ints(stream, EBADF)));
          finish(undefined);
        }
      } else if (type === MSG.EXIT) {
        const message = size > 4 ? nameIn(buf, start + 4, end) : '';
        finish({
          code: size >= 4 ? stream : 0,
          stdout: out.text(),
          stderr: err.text() + (message ? `${message}\n` : ''),
        });
      } else if (type !== MSG.WRITE_CLOSE && type !== MSG.FLAGS) finish(undefined); // VERSION, SHUTDOWN, …
    };
    // A Unix socket is connected as soon as createConnection returns; the request goes out now rather than
    // on the 'connect' event, which waits for this process's next turn of its event loop (a one-shot
    // command's start-up work comes first): the server answers meanwhile.
    const sent = sendNow(socket, hello);
    socket.on('connect', () => {
      if (sent < hello.length) socket.write(hello.subarray(sent));
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk, onFrame);
      } catch {
        finish(undefined);
      }
    });
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
  });
}
