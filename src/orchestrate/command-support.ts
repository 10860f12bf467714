/** Shared by the start/deploy/stop/schedule command modules: option parsing and error mapping. */
import { type CommandContext, EXIT, err, UsageError } from '../commands/context.js';
import { printable } from '../model/printable.js';
import type { AgentStatus, SendOutcome } from '../model/types.js';
import { realDeps } from './deps.js';
import { isOrchError, parseTimeoutSeconds } from './errors.js';
import type { AgentLaunchOptions } from './project.js';

/** Run an orchestration action: OrchError usage → UsageError (exit 2), failure → message + exit 1. */
export async function runOrch(ctx: CommandContext, action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (error) {
    if (isOrchError(error)) {
      if (error.kind === 'usage') throw new UsageError(error.message);
      err(ctx, `tmo: ${error.message}`);
      return EXIT.failure;
    }
    throw error;
  }
}

/** `--timeout SECONDS` (fractions allowed, 0 = don't wait) → ms. */
export function timeoutMs(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseTimeoutSeconds(String(value));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Progress while waiting for an agent: one stderr line per state change. */
export function stateReporter(ctx: CommandContext, where: string): (s: AgentStatus | null) => void {
  return (s) => {
    if (s === null) err(ctx, `waiting for the agent in ${where} to start…`);
    else if (s.state === 'waiting')
      err(
        ctx,
        `the agent in ${where} is asking (${s.reason ?? 'a question'}): answer it there; still waiting…`,
      );
    else if (s.state !== 'idle') err(ctx, `the agent in ${where} is ${s.state}; waiting until it is ready…`);
  };
}

/** A briefing outcome as a line, and whether it counts as success (confirmed or unconfirmed). */
export function describeBrief(
  outcome: SendOutcome | undefined,
  source: string | undefined,
): [string, boolean] {
  if (!outcome) return ['briefing: not sent (--no-brief)', true];
  const from = source === 'built-in' ? 'built-in' : printable(source ?? '?');
  const word = outcome.status === 'confirmed' ? 'delivered' : outcome.status;
  return [
    `briefing (${from}): ${word} — ${outcome.detail}`,
    outcome.status === 'confirmed' || outcome.status === 'unconfirmed',
  ];
}

/** The options `start` and `deploy` share: how the agent is launched and briefed. */
export const LAUNCH_OPTIONS = {
  agent: { type: 'string' },
  brief: { type: 'string' },
  'no-brief': { type: 'boolean' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** What `start` and `deploy` pass on from LAUNCH_OPTIONS (validated), plus the real dependencies. */
export async function launchFrom(
  ctx: CommandContext,
  values: Record<string, unknown>,
  where: string,
): Promise<AgentLaunchOptions> {
  const timeout = timeoutMs(values['timeout']);
  const agent = str(values['agent']);
  const briefFile = str(values['brief']);
  return {
    deps: await realDeps(),
    env: ctx.env,
    onState: stateReporter(ctx, where),
    ...(agent !== undefined ? { agent } : {}),
    ...(briefFile !== undefined ? { briefFile } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
    ...(values['no-brief'] === true ? { brief: false } : {}),
  };
}
