/**
 * The plumbing the stand-in model servers share (`openai.ts`, `gemini.ts`): an HTTP server on 127.0.0.1
 * (port 0) that hands each model request the next scripted turn, streams text in slow chunks, answers an
 * HTTP error or hangs, and logs every request (unknown ones loudly) so a new CLI version's wishes show up.
 *
 * A turn is what the "model" does for one request:
 *   { text: 'Hello', chunkMs: 200 }            stream the text word by word (one chunk every chunkMs)
 *   { call: { name: 'shell', args: {...} } }    ask for one tool call (the CLI raises its dialog)
 *   { custom: { name: 'apply_patch', input } }  a freeform tool call (Responses API only)
 *   { status: 429, body: '…' }                  answer an HTTP error
 *   { hang: true, text? }                       stream the text, then never finish (working until interrupted)
 * When the script runs out, the last turn's text-less default `{ text: 'Done.' }` answers.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Turn =
  | { text: string; chunkMs?: number; before?: number }
  | { call: { name: string; args: Record<string, unknown> }; text?: string; before?: number }
  /** A freeform ("custom") tool call, e.g. Codex's apply_patch: the input is raw text. */
  | { custom: { name: string; input: string }; text?: string; before?: number }
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Stream the text (if any), then never finish: the CLI keeps working until it is interrupted. */
  | { hang: true; text?: string; chunkMs?: number };

export interface StubRequest {
  method: string;
  url: string;
  body: unknown;
}

export type Handler = (req: StubRequest, res: ServerResponse, stub: Stub) => boolean | Promise<boolean>;

export class Stub {
  readonly requests: StubRequest[] = [];
  private next = 0;
  private server: Server | undefined;
  private open = new Set<ServerResponse>();
  port = 0;

  readonly name: string;
  private readonly turns: Turn[];
  private readonly handle: Handler;
  /** Log file (appended): `$TMO_LAB_LOG` or none. */
  private readonly log = process.env['TMO_LAB_LOG'];

  constructor(name: string, turns: Turn[], handle: Handler) {
    this.name = name;
    this.turns = turns;
    this.handle = handle;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next scripted turn (the default answer once the script ran out). */
  takeTurn(): Turn {
    const t = this.turns[this.next];
    if (t) this.next++;
    return t ?? { text: 'Done.' };
  }

  note(line: string): void {
    if (this.log) appendFileSync(this.log, `${new Date().toISOString()} ${this.name} ${line}\n`);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    for (const r of this.open) r.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {}
    const r: StubRequest = { method: req.method ?? 'GET', url: req.url ?? '/', body };
    this.requests.push(r);
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const known = await this.handle(r, res, this);
    this.note(`${known ? '' : 'UNKNOWN '}${r.method} ${r.url} ${raw.length}B`);
    if (this.log && !known) this.note(`  body: ${raw.slice(0, 2000)}`);
    if (this.log && process.env['TMO_LAB_LOG_BODIES'])
      writeFileSync(`${this.log}.${this.requests.length}.json`, raw);
    if (!known)
      json(res, 404, { error: { message: `stand-in ${this.name}: no route ${r.method} ${r.url}` } });
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Answer an error turn; true if the turn was one. */
export function answerError(turn: Turn, res: ServerResponse, body: (status: number) => unknown): boolean {
  if ('status' in turn) {
    res.writeHead(turn.status, { 'content-type': 'application/json', ...turn.headers });
    res.end(turn.body ?? JSON.stringify(body(turn.status)));
    return true;
  }
  return false;
}

export function sseHeaders(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
}

/** Split a text into word-sized chunks (keeping the spaces) for slow streaming. */
export function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

/** Stream a turn's text (all at once, or word by word every `chunkMs`); false if the client went away. */
export async function streamText(
  turn: Turn,
  res: ServerResponse,
  send: (chunk: string) => void,
): Promise<boolean> {
  if ('before' in turn && turn.before) await sleep(turn.before);
  const text = 'text' in turn ? turn.text : undefined;
  if (!text) return true;
  const chunkMs = 'chunkMs' in turn ? (turn.chunkMs ?? 0) : 0;
  for (const w of chunkMs ? words(text) : [text]) {
    if (res.destroyed) return false;
    send(w);
    if (chunkMs) await sleep(chunkMs);
  }
  return true;
}
