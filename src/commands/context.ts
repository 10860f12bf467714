import type { ParseArgsOptionsConfig } from 'node:util';
import type { ServerSelector, TmuxRunner } from '../tmux/runner.js';

/** What every command gets from the composition root. */
export interface CommandContext {
  server: ServerSelector;
  runner: TmuxRunner;
  /** Colour allowed: a TTY, no NO_COLOR, TERM not dumb, no --no-color. */
  color: boolean;
  /** --ascii: no Unicode glyphs. */
  ascii: boolean;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  version: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface ParsedArgs {
  positionals: string[];
  values: OptionValues;
}

/** A command module: `src/commands/<name>.ts` exports `command`. */
export interface CommandModule {
  options?: ParseArgsOptionsConfig;
  run(ctx: CommandContext, args: ParsedArgs): Promise<number>;
}

/** Exit codes (README "Exit codes"). */
export const EXIT = { ok: 0, failure: 1, usage: 2, tmux: 3, unconfirmed: 4, refused: 5 } as const;

export { UsageError } from '../model/usage-error.js';

export const out = (ctx: CommandContext, text: string): void => {
  ctx.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
};
export const err = (ctx: CommandContext, text: string): void => {
  ctx.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
};
export const printJson = (ctx: CommandContext, value: unknown): void => {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
