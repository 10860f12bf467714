/**
 * A stand-in for the Gemini API as Gemini CLI calls it with `GOOGLE_GEMINI_BASE_URL=<url>`:
 * `POST /v1beta/models/<model>:streamGenerateContent?alt=sse` (the conversation) consumes the scripted
 * turns (see `stub.ts`), streamed as SSE `data: {candidates:[{content:{role:'model',parts}}]}` chunks; a tool
 * call is a `functionCall` part. Side requests answer without consuming a turn: `:generateContent` (the
 * CLI's model router, next-speaker check, loop detection — all want a small JSON object), `:countTokens`,
 * `:embedContent`, `GET /v1beta/models`.
 */
import type { ServerResponse } from 'node:http';
import { answerError, json, Stub, type StubRequest, sseHeaders, streamText, type Turn } from './stub.js';

export function startGemini(turns: Turn[]): Promise<Stub> {
  return new Stub('gemini', turns, handle).start();
}

const STATUS: Record<number, [status: string, message: string]> = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: ['UNAUTHENTICATED', 'API key not valid. Please pass a valid API key.'],
  403: ['PERMISSION_DENIED', 'The caller does not have permission'],
  429: ['RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'],
  500: [
    'INTERNAL',
    'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  ],
  503: ['UNAVAILABLE', 'The model is overloaded. Please try again later.'],
};

const errorBody = (code: number) => {
  const [status, message] = STATUS[code] ?? ['UNKNOWN', `HTTP ${code}`];
  return { error: { code, message, status } };
};

const usage = { promptTokenCount: 1200, candidatesTokenCount: 40, totalTokenCount: 1240 };

function handle(req: StubRequest, res: ServerResponse, stub: Stub): boolean {
  const path = req.url.split('?')[0]!;
  const m = /^\/v1(?:beta|alpha)?\/models\/([^:/]+):(\w+)$/.exec(path);
  if (req.method === 'GET' && /^\/v1(beta|alpha)?\/models$/.test(path)) {
    json(res, 200, {
      models: [{ name: 'models/gemini-2.5-pro', supportedGenerationMethods: ['generateContent'] }],
    });
    return true;
  }
  if (req.method !== 'POST' || !m) return false;
  const [, model, method] = m;
  switch (method) {
    case 'streamGenerateContent':
      void stream(stub.takeTurn(), res, model!);
      return true;
    case 'generateContent':
      // Side calls want JSON: the router ({model_choice}), the next-speaker check ({next_speaker}), …
      json(res, 200, {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                {
                  text: JSON.stringify({
                    reasoning: 'lab stand-in',
                    model_choice: 'flash',
                    next_speaker: 'user',
                  }),
                },
              ],
            },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: usage,
        modelVersion: model,
      });
      return true;
    case 'countTokens':
      json(res, 200, { totalTokens: 1200 });
      return true;
    case 'embedContent':
      json(res, 200, { embedding: { values: new Array(8).fill(0.1) } });
      return true;
    case 'batchEmbedContents':
      json(res, 200, { embeddings: [{ values: new Array(8).fill(0.1) }] });
      return true;
    default:
      return false;
  }
}

async function stream(turn: Turn, res: ServerResponse, model: string): Promise<void> {
  if (answerError(turn, res, errorBody)) return;
  sseHeaders(res);
  const chunk = (parts: unknown[], finish?: string) =>
    res.write(
      `data: ${JSON.stringify({
        candidates: [
          { content: { role: 'model', parts }, index: 0, ...(finish ? { finishReason: finish } : {}) },
        ],
        ...(finish ? { usageMetadata: usage } : {}),
        modelVersion: model,
        responseId: `lab${Date.now()}`,
      })}\r\n\r\n`,
    );
  if (!(await streamText(turn, res, (w) => chunk([{ text: w }])))) return;
  if ('hang' in turn) return;
  if ('call' in turn) chunk([{ functionCall: { name: turn.call.name, args: turn.call.args } }], 'STOP');
  else chunk([{ text: '' }], 'STOP');
  res.end();
}
