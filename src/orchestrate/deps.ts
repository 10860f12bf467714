import { inspectPane } from '../agents/inspect.js';
import type { AgentStatus, PaneInfo, SendOutcome } from '../model/types.js';
import { sendText } from '../send/send.js';
import type { TmuxRunner } from '../tmux/runner.js';

/** The send and inspect functions orchestration uses: injectable for unit tests. */
export interface OrchDeps {
  sendText(
    runner: TmuxRunner,
    target: string,
    text: string,
    options?: { force?: boolean; noEnter?: boolean; confirmTimeoutMs?: number },
  ): Promise<SendOutcome>;
  inspectPane(runner: TmuxRunner, pane: PaneInfo): Promise<AgentStatus | null>;
}

/** The real implementations. */
export async function realDeps(): Promise<OrchDeps> {
  return { sendText, inspectPane };
}
