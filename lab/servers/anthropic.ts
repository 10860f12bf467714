/**
 * A stand-in for the Anthropic Messages API on 127.0.0.1 (port 0), scripted per scenario, for Claude Code
 * (`ANTHROPIC_BASE_URL=<url>`).
 *
 * `POST /v1/messages` requests that carry the agent's tools (the main conversation) consume the script's
 * turns in order; each turn is streamed as SSE (message_start, content_block_start/delta/stop,
 * message_delta, message_stop):
 *   { text: 'Hello…', chunkMs: 200 }           slow streaming text, word by word, then end_turn
 *   { thinking: '…', text: '…' }               a thinking block first
 *   { tool: 'Bash', input: { command: 'ls' } }  a tool_use block (raises the CLI's permission dialog)
 *   { error: 529 }                             an HTTP error with the API's JSON error body
 *   { hang: true, text: '…' }                  streams the text then never ends (until the client aborts)
 * When the script runs out, the answer is "Done.". Every other request (title generation, quota probes,
 * count_tokens, HEAD, GET) gets a short harmless answer; unknown paths are logged to stderr (`TMO_LAB_LOG=1`
 * logs every request).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Turn =
  | { text: string; thinking?: string; chunkMs?: number }
  | { tool: string; input: Record<string, unknown>; text?: string; chunkMs?: number }
  | { error: number; type?: string; message?: string }
  | { hang: true; text?: string; chunkMs?: number };

export interface LoggedRequest {
  method: string;
  url: string;
  main: boolean;
  body: unknown;
}

const ERRORS: Record<number, [type: string, message: string]> = {
  400: ['invalid_request_error', 'Invalid request'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AnthropicStandIn {
  readonly requests: LoggedRequest[] = [];
  private next = 0;
  private open = new Set<ServerResponse>();
  private seq = 0;

  private server: Server;
  readonly turns: Turn[];

  private constructor(server: Server, turns: Turn[]) {
    this.server = server;
    this.turns = turns;
  }

  static async start(turns: Turn[]): Promise<AnthropicStandIn> {
    const server = createServer();
    const me = new AnthropicStandIn(server, turns);
    server.on('request', (req, res) => {
      me.handle(req, res).catch((err) => {
        console.error(`anthropic stand-in: ${(err as Error).message}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return me;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Main-conversation requests answered so far. */
  get turnsServed(): number {
    return this.next;
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      // not JSON
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const tools = Array.isArray(body['tools']) ? (body['tools'] as { name?: string }[]) : [];
    const main = req.method === 'POST' && path === '/v1/messages' && tools.some((t) => t.name === 'Bash');
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', main, body });
    if (process.env['TMO_LAB_LOG']) {
      console.error(
        `anthropic stand-in: ${req.method} ${req.url} main=${main} model=${String(body['model'])}`,
      );
    }
    if (req.method === 'POST' && path === '/v1/messages/count_tokens')
      return json(res, 200, { input_tokens: 1000 });
    if (req.method === 'POST' && path === '/v1/messages') {
      if (!main) return this.stream(res, body, { text: 'OK', chunkMs: 0 });
      const turn = this.turns[this.next++] ?? { text: 'Done.', chunkMs: 0 };
      return this.stream(res, body, turn);
    }
    if (req.method !== 'HEAD' && req.method !== 'GET') {
      console.error(`anthropic stand-in: unknown request ${req.method} ${req.url} ${raw.slice(0, 200)}`);
    }
    return json(res, 200, {});
  }

  private async stream(res: ServerResponse, body: Record<string, unknown>, turn: Turn): Promise<void> {
    if ('error' in turn) {
      const [type, message] = ERRORS[turn.error] ?? ['api_error', 'Error'];
      return json(res, turn.error, {
        type: 'error',
        error: { type: turn.type ?? type, message: turn.message ?? message },
      });
    }
    const id = `msg_lab_${++this.seq}`;
    const model = typeof body['model'] === 'string' ? body['model'] : 'claude-sonnet-4-5';
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'request-id': id,
    });
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const send = (event: string, data: Record<string, unknown>) => {
      if (!res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
    };
    const chunkMs = turn.chunkMs ?? 0;
    send('message_start', {
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 1200,
          output_tokens: 1,
          cache_read_input_tokens: 0,
          cache_creation_input_tokens: 0,
        },
      },
    });
    let index = 0;
    let outputTokens = 0;
    const streamText = async (kind: 'text' | 'thinking', text: string) => {
      send('content_block_start', {
        index,
        content_block: kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '' },
      });
      for (const word of text.match(/\S+\s*/g) ?? []) {
        if (res.destroyed) return;
        if (chunkMs) await sleep(chunkMs);
        const delta =
          kind === 'text' ? { type: 'text_delta', text: word } : { type: 'thinking_delta', thinking: word };
        send('content_block_delta', { index, delta });
        outputTokens += 2;
      }
      if (kind === 'thinking')
        send('content_block_delta', { index, delta: { type: 'signature_delta', signature: 'lab' } });
      send('content_block_stop', { index });
      index++;
    };
    if ('thinking' in turn && turn.thinking) await streamText('thinking', turn.thinking);
    if (turn.text) await streamText('text', turn.text);
    if ('hang' in turn) return; // left open: the client aborts (Esc) or stop() destroys it
    let stop = 'end_turn';
    if ('tool' in turn) {
      send('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: `toolu_lab_${this.seq}`, name: turn.tool, input: {} },
      });
      send('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(turn.input) },
      });
      send('content_block_stop', { index });
      stop = 'tool_use';
    }
    send('message_delta', {
      delta: { stop_reason: stop, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    });
    send('message_stop', {});
    res.end();
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
