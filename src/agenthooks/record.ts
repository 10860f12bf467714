/**
 * `tmo hook <event> [--agent A] [JSON]`: what an agent's own hook runs. Reads the hook's JSON (stdin, or
 * the last argument as Codex's `notify` passes it), takes the pane from `$TMUX_PANE` and the server from
 * `$TMUX`, and appends one line to the server's hook file. Never prints, never fails: the caller is the
 * agent, and Claude Code reads stdout as context and exit 2 as "block".
 */
import { closeSync, constants, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirs } from '../config/state-file.js';
import { HOOK_FILE_MAX_BYTES, hookFile, socketFromTmuxEnv } from './paths.js';

/** One line of the hook file. */
export interface HookRecord {
  v: 1;
  pane: string;
  server: string;
  /** The tmux server's pid (from `$TMUX`). */
  spid?: number;
  event: string;
  agent: string;
  /** ms since epoch */
  at: number;
  session?: string;
  message?: string;
  /** Claude Code's / Gemini's notification type, Codex's notify type. */
  type?: string;
}

const MAX_INPUT = 64 * 1024;
const MAX_LINE = 4096;
const MAX_MESSAGE = 300;
const STDIN_DEADLINE_MS = 500;

/** Read stdin to its end (or the deadline), keeping the first MAX_INPUT bytes. */
export function readInput(stdin: NodeJS.ReadStream, deadlineMs = STDIN_DEADLINE_MS): Promise<string> {
  if (stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      clearTimeout(timer);
      stdin.removeAllListeners();
      stdin.pause();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, deadlineMs);
    stdin.on('data', (chunk: Buffer) => {
      if (size < MAX_INPUT) chunks.push(chunk.subarray(0, MAX_INPUT - size));
      size += chunk.length;
    });
    stdin.once('end', done);
    stdin.once('error', done);
  });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A field of a JSON object that may have been cut at MAX_INPUT: parsed when whole, else found by pattern. */
function fieldsOf(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (!trimmed) return {};
  try {
    const v: unknown = JSON.parse(trimmed);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    const out: Record<string, unknown> = {};
    for (const m of trimmed.matchAll(/"([a-z_-]+)"\s*:\s*"((?:[^"\\]|\\.){0,2000})"/g)) {
      try {
        out[m[1]!] ??= JSON.parse(`"${m[2]}"`);
      } catch {}
    }
    return out;
  }
}

/** The record for one hook call; undefined outside tmux (no pane to tell). */
export function buildRecord(
  args: string[],
  input: string,
  env: NodeJS.ProcessEnv,
  now = Date.now(),
): HookRecord | undefined {
  const pane = env['TMUX_PANE'];
  const server = socketFromTmuxEnv(env['TMUX']);
  if (!pane || !/^%\d+$/.test(pane) || !server) return undefined;
  let agent = 'claude';
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--agent') agent = args[++i] ?? agent;
    else if (a.startsWith('--agent=')) agent = a.slice(8);
    else positional.push(a);
  }
  // Codex's notify appends its JSON as the last argument; the others write it to stdin.
  const argJson = positional.length > 1 && positional.at(-1)!.trim().startsWith('{') ? positional.pop()! : '';
  const f = fieldsOf(argJson || input);
  const event = str(f['hook_event_name']) ?? positional[0] ?? 'unknown';
  // StopFailure: `error` is a code (`server_error`); the text the user saw is the last assistant message.
  const type = str(f['notification_type']) ?? str(f['type']) ?? str(f['error']);
  const message =
    str(f['message']) ??
    (event === 'StopFailure'
      ? (str(f['last_assistant_message']) ?? str(f['error_details']) ?? str(f['error']))
      : undefined);
  const spid = Number((env['TMUX'] ?? '').split(',').at(-2));
  const record: HookRecord = {
    v: 1,
    pane,
    server,
    event: event.slice(0, 64),
    agent: agent.slice(0, 32),
    at: now,
  };
  if (Number.isInteger(spid) && spid > 0) record.spid = spid;
  const session = str(f['session_id']) ?? str(f['thread-id']);
  if (session) record.session = session.slice(0, 128);
  if (message) record.message = message.replace(/\s+/g, ' ').trim().slice(0, MAX_MESSAGE);
  if (type) record.type = type.slice(0, 64);
  return record;
}

/** Append one line (one write on an O_APPEND file: lines of concurrent hooks never interleave). */
export function appendRecord(file: string, record: HookRecord): void {
  let line = `${JSON.stringify(record)}\n`;
  if (Buffer.byteLength(line) > MAX_LINE) {
    delete record.message;
    line = `${JSON.stringify(record)}\n`;
  }
  makeDirs(dirname(file));
  try {
    if (statSync(file).size > HOOK_FILE_MAX_BYTES) renameSync(file, `${file}.1`);
  } catch {}
  // O_NONBLOCK: a FIFO in the file's place (no reader) is ENXIO at once, never an agent's hook held up
  const { O_WRONLY, O_APPEND, O_CREAT, O_NONBLOCK } = constants;
  const fd = openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK, 0o600);
  try {
    writeSync(fd, line);
  } finally {
    closeSync(fd);
  }
}

/** The whole `tmo hook` run; never throws. */
export async function main(
  args: string[] = process.argv.slice(3),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  try {
    if (!env['TMUX_PANE']) return; // not in tmux: nothing to attribute (and stdin is not read)
    const input = args.some((a) => a.trim().startsWith('{')) ? '' : await readInput(process.stdin);
    const record = buildRecord(args, input, env);
    if (record) appendRecord(hookFile(record.server, env), record);
  } catch {
    // A read-only or missing state dir, a full disk: the agent must not notice.
  }
}
