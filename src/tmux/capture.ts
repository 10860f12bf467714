/**
 * Capture several panes in one tmux call: `display-message -p -t %1 MARKER ; capture-pane -pJ -t %1 ; …`.
 * Each pane's text follows a marker line made of a random nonce and the pane id (no user text reaches the
 * format), so the output splits back exactly whatever the panes show. A tmux client sends its whole command
 * line in one message of at most 16 KiB ("command too long" beyond, ≈ 150 panes): more panes are split into
 * several such calls, run in parallel.
 */
import { isTmuxError } from './errors.js';
import type { TmuxRunner } from './runner.js';

export interface CaptureOptions {
  /** scrollback lines above the visible screen, default 0 */
  lines?: number;
  /** keep SGR escapes (`capture-pane -e`) */
  ansi?: boolean;
  /** Filled with each pane's window's last activity as the capture saw it (tmux's `window_activity`, ms). */
  activity?: Map<string, number>;
}

export const PANE_ID = /^%\d+$/;

/**
 * ≈ 80 unpredictable bits for the marker. Not node:crypto: loading it costs `tmo status` 4–10 ms of start-up,
 * and the marker only has to be unknown to the panes' programs, which never see this process's generator.
 */
export const nonce = (): string =>
  [Math.random(), Math.random()]
    .map((r) =>
      Math.floor(r * 2 ** 40)
        .toString(36)
        .padStart(8, '0'),
    )
    .join('');

export function captureArgs(paneId: string, options: CaptureOptions): string[] {
  const args = ['capture-pane', '-pJ', '-t', paneId];
  if (options.ansi) args.push('-e');
  const lines = Math.max(0, Math.floor(options.lines ?? 0));
  if (lines > 0) args.push('-S', `-${lines}`);
  return args;
}

/** Split the chained output back into panes. Exported for tests. */
export function splitCaptured(
  stdout: string,
  marker: string,
  paneIds: string[],
  activity?: Map<string, number>,
): Map<string, string> {
  const result = new Map<string, string>();
  // `MARKER %1\n`, or with the window's activity `MARKER %1 1796664905\n`
  const heads = paneIds.map((id) => `${marker} ${id}${activity ? ' ' : '\n'}`);
  let pos = 0;
  for (let i = 0; i < paneIds.length; i++) {
    const head = heads[i]!;
    if (!stdout.startsWith(head, pos)) break;
    let start = pos + head.length;
    if (activity) {
      const eol = stdout.indexOf('\n', start);
      const seconds = eol === -1 ? '' : stdout.slice(start, eol);
      if (!/^\d{1,12}$/.test(seconds)) break;
      activity.set(paneIds[i]!, Number(seconds) * 1000);
      start = eol + 1;
    }
    const nextHead = heads[i + 1];
    // The nonce is unguessable, so a pane's content cannot contain the next marker.
    const next = nextHead === undefined ? -1 : stdout.indexOf(nextHead, start);
    const end = next === -1 ? stdout.length : next;
    result.set(paneIds[i]!, stdout.slice(start, end));
    pos = end;
  }
  return result;
}

async function captureOneByOne(
  runner: TmuxRunner,
  paneIds: string[],
  options: CaptureOptions,
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const outs = await Promise.all(
    paneIds.map((id) =>
      runner.run(captureArgs(id, options)).then(
        (r) => r.stdout,
        (error: unknown) => {
          if (isTmuxError(error, 'TARGET_NOT_FOUND')) return undefined;
          throw error;
        },
      ),
    ),
  );
  paneIds.forEach((id, i) => {
    const out = outs[i];
    if (out !== undefined) result.set(id, out);
  });
  return result;
}

/** Bytes of one tmux command message we allow ourselves: tmux's limit is 16384 with its headers. */
export const COMMAND_BYTES = 14 * 1024;

const argBytes = (args: readonly string[]): number => args.reduce((n, a) => n + Buffer.byteLength(a) + 1, 0);

/** The panes in batches whose chained command stays under `limit` bytes. Exported for tests. */
export function batches(ids: string[], perPane: (id: string) => string[], limit = COMMAND_BYTES): string[][] {
  const out: string[][] = [];
  let batch: string[] = [];
  let bytes = 0;
  for (const id of ids) {
    const size = argBytes(perPane(id)) + 2; // and its `;`
    if (batch.length > 0 && bytes + size > limit) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(id);
    bytes += size;
  }
  if (batch.length) out.push(batch);
  return out;
}

async function captureBatch(
  runner: TmuxRunner,
  ids: string[],
  options: CaptureOptions,
  marker: string,
  perPane: (id: string) => string[],
): Promise<Map<string, string>> {
  const args: string[] = [];
  for (const id of ids) {
    if (args.length) args.push(';');
    args.push(...perPane(id));
  }
  try {
    const { stdout } = await runner.run(args);
    const result = splitCaptured(stdout, marker, ids, options.activity);
    if (result.size === ids.length) return result;
  } catch (error) {
    // One pane gone makes tmux stop the chain: fall back to one call per pane.
    if (!isTmuxError(error, 'TARGET_NOT_FOUND')) throw error;
  }
  return captureOneByOne(runner, ids, options);
}

/**
 * Capture the panes' screens (plain text unless `ansi`). Panes that vanished meanwhile are absent from
 * the result. Pane ids only (`%N`): anything else is rejected before reaching tmux.
 */
export async function capturePanes(
  runner: TmuxRunner,
  paneIds: string[],
  options: CaptureOptions = {},
): Promise<Map<string, string>> {
  const ids = [...new Set(paneIds)];
  for (const id of ids) if (!PANE_ID.test(id)) throw new Error(`not a pane id: ${JSON.stringify(id)}`);
  if (ids.length === 0) return new Map();
  // ≈ 80 bytes a pane, ≈ 180 panes a call. (The pane id comes from tmux, not typed into the format: a
  // display-message format also goes through strftime, which would read `%12` as a conversion.)
  const marker = `tmo-${nonce()}`;
  const perPane = (id: string): string[] => [
    'display-message',
    '-p',
    '-t',
    id,
    options.activity ? `${marker} #{pane_id} #{window_activity}` : `${marker} #{pane_id}`,
    ';',
    ...captureArgs(id, options),
  ];
  const parts = await Promise.all(
    batches(ids, perPane).map((batch) => captureBatch(runner, batch, options, marker, perPane)),
  );
  if (parts.length === 1) return parts[0]!;
  const result = new Map<string, string>();
  for (const part of parts) for (const [id, text] of part) result.set(id, text);
  return result;
}
