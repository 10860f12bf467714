/**
 * The embedded source's safe send (dashboard, `tmo serve`): the checks of `tmo send` against the live view
 * and the tracked agent states; what arrived goes to the send history `summary` reads.
 */
import type { AgentTable } from '../agents/rules/types.js';
import type { AgentStatus, PaneInfo, SendOutcome, Snapshot } from '../model/types.js';
import { delivered, recordSend } from '../send/send-history.js';
import type { TmuxRunner } from '../tmux/runner.js';
import type { SendOptions } from './types.js';

export interface EmbeddedSendContext {
  runner: TmuxRunner;
  /** The live view, read when the send starts checking. */
  view(): Snapshot;
  /** The tracker's state of a pane, if it watches it as an agent. */
  status(paneId: string): AgentStatus | null;
  tables: AgentTable[] | undefined;
}

export async function embeddedSend(
  c: EmbeddedSendContext,
  target: string,
  text: string,
  options: SendOptions,
): Promise<SendOutcome> {
  const [{ sendText }, { inspectPane }] = await Promise.all([
    import('../send/send.js'),
    import('../agents/inspect.js'),
  ]);
  const outcome = await sendText(c.runner, target, text, {
    ...options,
    snapshot: c.view(),
    // A pane the tracker never saw as an agent gets the one-pane look (an exited agent's leftovers).
    inspect: async (pane: PaneInfo) =>
      c.status(pane.id) ?? (await inspectPane(c.runner, pane, c.tables ? { tables: c.tables } : {})),
  });
  const { paneId, status } = outcome;
  const historyError =
    paneId && delivered(status)
      ? recordSend(process.env, { time: Date.now(), paneId, target, status, text })
      : undefined;
  // Delivered all the same: the outcome says the record is missing.
  return historyError
    ? { ...outcome, detail: `${outcome.detail} (delivered; but ${historyError})` }
    : outcome;
}
