/**
 * A stand-in for the OpenAI Responses API as Codex speaks it (`wire_api = "responses"`): POST
 * `/v1/responses` answered with SSE (`response.created`, `response.output_item.added`,
 * `response.output_text.delta`…, `response.output_item.done`, `response.completed`), a scripted turn per
 * request (see `stub.ts`). Also the OpenAI Chat Completions API (`/v1/chat/completions`, SSE) for CLIs that
 * take an OpenAI-compatible provider (OpenCode), and `/v1/models`.
 *
 *   const s = await startOpenAI([{ text: 'Hello there', chunkMs: 300 }, { call: { name: 'shell', args } }]);
 *   // base_url = `${s.url}/v1`
 */
import type { ServerResponse } from 'node:http';
import {
  answerError,
  json,
  Stub,
  type StubRequest,
  sleep,
  sseHeaders,
  streamText,
  type Turn,
  words,
} from './stub.js';

export const MODEL = 'gpt-lab';

export function startOpenAI(turns: Turn[]): Promise<Stub> {
  return new Stub('openai', turns, handle).start();
}

function handle(req: StubRequest, res: ServerResponse, stub: Stub): boolean {
  const path = req.url.split('?')[0]!.replace(/^\/v1/, '');
  if (req.method === 'GET' && path === '/models') {
    json(res, 200, { object: 'list', data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'lab' }] });
    return true;
  }
  if (req.method === 'POST' && path === '/responses') {
    // Codex asks for a thread title on the side (a JSON-schema answer, no tools): not a scripted turn.
    const format = (req.body as { text?: { format?: { type?: string } } } | undefined)?.text?.format;
    void responses(format?.type === 'json_schema' ? { text: '{"title":"Lab task"}' } : stub.takeTurn(), res);
    return true;
  }
  if (req.method === 'POST' && path === '/chat/completions') {
    // A request without tools is a side task (OpenCode's title generator): not a scripted turn.
    const tools = (req.body as { tools?: unknown[] } | undefined)?.tools;
    void chat(tools?.length ? stub.takeTurn() : { text: 'Lab task' }, res);
    return true;
  }
  return false;
}

const errorBody = (status: number) => ({
  error: {
    message:
      status === 401
        ? 'Incorrect API key provided: sk-lab. You can find your API key at https://platform.openai.com/account/api-keys.'
        : status === 429
          ? 'Rate limit reached for gpt-lab in organization org-lab on tokens per min. Please try again in 20s.'
          : 'The server had an error while processing your request. Sorry about that!',
    type: status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_exceeded' : 'server_error',
    code: status === 401 ? 'invalid_api_key' : status === 429 ? 'rate_limit_exceeded' : null,
  },
});

let seq = 0;

async function responses(turn: Turn, res: ServerResponse): Promise<void> {
  if (answerError(turn, res, errorBody)) return;
  const id = `resp_lab${++seq}`;
  sseHeaders(res);
  const send = (type: string, data: Record<string, unknown>) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  const response = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), model: MODEL };
  send('response.created', { response: { ...response, status: 'in_progress', output: [] } });
  if ('before' in turn && turn.before) await sleep(turn.before);
  const output: unknown[] = [];
  let index = 0;
  const text = 'text' in turn ? turn.text : undefined;
  if (text) {
    const item = {
      id: `msg_lab${seq}`,
      type: 'message',
      role: 'assistant',
      status: 'in_progress',
      content: [],
    };
    send('response.output_item.added', { output_index: index, item });
    send('response.content_part.added', {
      item_id: item.id,
      output_index: index,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    });
    const chunkMs = 'chunkMs' in turn ? (turn.chunkMs ?? 0) : 0;
    for (const w of chunkMs ? words(text) : [text]) {
      if (res.destroyed) return;
      send('response.output_text.delta', {
        item_id: item.id,
        output_index: index,
        content_index: 0,
        delta: w,
      });
      if (chunkMs) await sleep(chunkMs);
    }
    const done = {
      ...item,
      status: 'completed',
      content: [{ type: 'output_text', text, annotations: [] }],
    };
    if ('hang' in turn) return;
    send('response.output_text.done', { item_id: item.id, output_index: index, content_index: 0, text });
    send('response.output_item.done', { output_index: index, item: done });
    output.push(done);
    index++;
  }
  if ('hang' in turn) return;
  if ('call' in turn) {
    const item = {
      id: `fc_lab${seq}`,
      type: 'function_call',
      status: 'completed',
      call_id: `call_lab${seq}`,
      name: turn.call.name,
      arguments: JSON.stringify(turn.call.args),
    };
    send('response.output_item.added', { output_index: index, item: { ...item, arguments: '' } });
    send('response.output_item.done', { output_index: index, item });
    output.push(item);
  }
  if ('custom' in turn) {
    const item = {
      id: `ctc_lab${seq}`,
      type: 'custom_tool_call',
      status: 'completed',
      call_id: `call_lab${seq}`,
      name: turn.custom.name,
      input: turn.custom.input,
    };
    send('response.output_item.added', { output_index: index, item: { ...item, input: '' } });
    send('response.output_item.done', { output_index: index, item });
    output.push(item);
  }
  const usage = { input_tokens: 1200, output_tokens: 40, total_tokens: 1240 };
  send('response.completed', { response: { ...response, status: 'completed', output, usage } });
  res.end();
}

async function chat(turn: Turn, res: ServerResponse): Promise<void> {
  if (answerError(turn, res, errorBody)) return;
  const id = `chatcmpl-lab${++seq}`;
  sseHeaders(res);
  const base = { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: MODEL };
  const send = (delta: Record<string, unknown>, finish: string | null = null, extra = {}) =>
    res.write(
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`,
    );
  send({ role: 'assistant', content: '' });
  if (!(await streamText(turn, res, (w) => send({ content: w })))) return;
  if ('hang' in turn) return;
  if ('call' in turn) {
    send({
      tool_calls: [
        {
          index: 0,
          id: `call_lab${seq}`,
          type: 'function',
          function: { name: turn.call.name, arguments: JSON.stringify(turn.call.args) },
        },
      ],
    });
  }
  if ('custom' in turn) {
    // A freeform tool (Copilot CLI's apply_patch) in Chat Completions: `type: "custom"` with raw input.
    send({
      tool_calls: [
        {
          index: 0,
          id: `call_lab${seq}`,
          type: 'custom',
          custom: { name: turn.custom.name, input: turn.custom.input },
        },
      ],
    });
  }
  const usage = { prompt_tokens: 1200, completion_tokens: 40, total_tokens: 1240 };
  send({}, 'call' in turn || 'custom' in turn ? 'tool_calls' : 'stop', { usage });
  res.write('data: [DONE]\n\n');
  res.end();
}
