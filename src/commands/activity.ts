/**
 * `tmo activity <target> [-n N] [--json]`: the last N lines (default 20) of a pane, trailing blank lines
 * trimmed. Lines come from the pane's history and visible screen (`capture-pane -p -S -N`).
 */
import { isTmuxError } from '../tmux/errors.js';
import { resolveTarget } from '../tmux/target.js';
import { type CommandModule, EXIT, err, out, printJson, UsageError } from './context.js';

export const DEFAULT_LINES = 20;
export const MAX_LINES = 10_000;

/** The last `n` lines of a capture, after dropping trailing blank lines. Pure. */
export function lastLines(capture: string, n: number): string[] {
  const lines = capture.replace(/\n$/, '').split('\n');
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  return n === 0 ? [] : lines.slice(-n);
}

export function parseCount(value: unknown): number {
  if (value === undefined) return DEFAULT_LINES;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) > MAX_LINES)
    throw new UsageError(`-n wants a number of lines (0-${MAX_LINES}), got "${String(value)}"`);
  return Number(value);
}

export const command: CommandModule = {
  options: { lines: { type: 'string', short: 'n' }, json: { type: 'boolean' } },
  async run(ctx, { positionals, values }) {
    const [target, ...extra] = positionals;
    if (!target || extra.length > 0) throw new UsageError('usage: tmo activity <target> [-n N] [--json]');
    const n = parseCount(values['lines']);
    let resolved: Awaited<ReturnType<typeof resolveTarget>>;
    try {
      resolved = await resolveTarget(ctx.runner, target);
    } catch (error) {
      if (isTmuxError(error, 'TARGET_NOT_FOUND')) {
        err(ctx, `tmo: ${error.message}`);
        return EXIT.failure;
      }
      throw error;
    }
    const { stdout } = await ctx.runner.run(['capture-pane', '-p', '-t', resolved.paneId, '-S', `-${n}`]);
    const lines = lastLines(stdout, n);
    if (values['json'] === true)
      printJson(ctx, {
        target,
        paneId: resolved.paneId,
        session: resolved.sessionName,
        window: resolved.windowName,
        windowIndex: resolved.windowIndex,
        lines,
      });
    else if (lines.length > 0) out(ctx, lines.join('\n'));
    return EXIT.ok;
  },
};
