/**
 * `tmo send <target> [--] <text…>` (or `-` to read the text from stdin): paste the text into the pane,
 * press Enter, confirm delivery. Exit codes: 0 confirmed, 4 delivered but not confirmed, 5 refused,
 * 1 failed (target not found, pane dead, tmux error), 2 usage error (also an ambiguous target),
 * 3 tmux missing or server not running.
 */
import type { SendResult } from '../send/send.js';
import { sendText } from '../send/send.js';
import { delivered, recordSend } from '../send/send-history.js';
import { type CommandContext, type CommandModule, EXIT, err, out, printJson, UsageError } from './context.js';

export const SEND_EXIT = { confirmed: 0, unconfirmed: 4, refused: 5, failed: 1 } as const;

/** Exit code for an outcome. */
export function exitCodeOf(result: SendResult): number {
  if (result.code === 'AMBIGUOUS_TARGET' || result.code === 'INVALID_CHOICE') return EXIT.usage;
  if (result.code === 'NO_SERVER' || result.code === 'TMUX_MISSING') return EXIT.tmux;
  return SEND_EXIT[result.status];
}

/** Print an outcome (JSON or one line) and return its exit code. */
export function report(
  ctx: CommandContext,
  result: SendResult & { historyError?: string },
  json: boolean,
  verb = 'sent',
): number {
  if (json) printJson(ctx, result);
  else if (result.status === 'confirmed') out(ctx, `${verb} ${describe(result)}: ${result.detail}`);
  else if (result.status === 'unconfirmed')
    out(ctx, `${verb} ${describe(result)}, NOT confirmed: ${result.detail}`);
  else err(ctx, `tmo: ${result.status}: ${result.detail}`);
  return exitCodeOf(result);
}

const describe = (r: SendResult): string =>
  `${r.bytes > 0 ? `${r.bytes} bytes ` : ''}to ${r.target}${r.paneId && r.paneId !== r.target ? ` (${r.paneId})` : ''}`;

/** Read all of stdin as strict UTF-8; trailing newlines are dropped (Enter is pressed separately). */
export async function readStdinText(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new UsageError('stdin is not valid UTF-8');
  }
  return text.replace(/\n+$/, '');
}

/** `--timeout MS` or config send.confirmTimeoutMs. */
export function parseTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < 0 || n > 600_000)
    throw new UsageError(`--timeout wants milliseconds (0-600000), got "${String(value)}"`);
  return n;
}

export interface SendConfig {
  maxBytes?: number;
  confirmTimeoutMs?: number;
}

/** config.send from the user's config.json ({} when there is none; a broken config is an error). */
export async function loadSendConfig(env: NodeJS.ProcessEnv): Promise<SendConfig> {
  const { loadConfig } = await import('../config/config.js');
  return loadConfig(env).send ?? {};
}

export const command: CommandModule = {
  options: {
    force: { type: 'boolean' },
    'no-enter': { type: 'boolean' },
    json: { type: 'boolean' },
    timeout: { type: 'string' },
  },
  async run(ctx, { positionals, values }) {
    const [target, ...words] = positionals;
    if (!target || words.length === 0)
      throw new UsageError('usage: tmo send <target> [--] <text…>   (or `-` to read the text from stdin)');
    const text = words.length === 1 && words[0] === '-' ? await readStdinText(ctx.stdin) : words.join(' ');
    const config = await loadSendConfig(ctx.env);
    const timeout = parseTimeout(values['timeout']) ?? config.confirmTimeoutMs;
    const result = await sendText(ctx.runner, target, text, {
      force: values['force'] === true,
      noEnter: values['no-enter'] === true,
      ...(timeout === undefined ? {} : { confirmTimeoutMs: timeout }),
      ...(config.maxBytes === undefined ? {} : { maxBytes: config.maxBytes }),
    });
    const historyError =
      result.paneId && delivered(result.status)
        ? recordSend(ctx.env, {
            time: Date.now(),
            paneId: result.paneId,
            target,
            status: result.status,
            text,
          })
        : undefined;
    // The message arrived; only its record did not: said on stderr and in --json, never silently.
    if (historyError) err(ctx, `tmo: warning: the message was delivered, but ${historyError}`);
    return report(ctx, historyError ? { ...result, historyError } : result, values['json'] === true);
  },
};
