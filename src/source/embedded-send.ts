/**
 * The embedded source's safe send (dashboard, `tmo serve`): the checks of `tmo send` against the live view
 * and the tracked agent states; what arrived goes to the send history `summary` reads.
 */
import type { AgentTable } from '../agents/rules/types.js';
import type { AgentStatus, PaneInfo, SendOutcome, Snapshot } from '../model/types.js';
import { delivered, recordSend } from '../send/send-history.js';
import { capturePanes } from '../tmux/capture.js';
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

/** The pane of the live view, by id. */
const paneIn = (view: Snapshot, paneId: string): PaneInfo | undefined =>
  view.sessions.flatMap((s) => s.windows.flatMap((w) => w.panes)).find((p) => p.id === paneId);

/** A fresh look at one pane by the classifier (for a dialog's current options). */
export async function embeddedInspect(c: EmbeddedSendContext, paneId: string): Promise<AgentStatus | null> {
  const pane = paneIn(c.view(), paneId);
  if (!pane) return null;
  const { inspectPane } = await import('../agents/inspect.js');
  return inspectPane(c.runner, pane, c.tables ? { tables: c.tables } : {});
}

/**
 * The safe answer (dashboard's answer menu): `tmo answer`'s path — refused unless a dialog is open, only
 * keys from its fixed table, confirmed when the dialog closed. The classifier looks afresh at every poll.
 */
export async function embeddedAnswer(
  c: EmbeddedSendContext,
  paneId: string,
  choice: string,
): Promise<SendOutcome> {
  const [{ sendAnswer }, { inspectPane }] = await Promise.all([
    import('../send/send-answer.js'),
    import('../agents/inspect.js'),
  ]);
  return sendAnswer(c.runner, paneId, choice, {
    snapshot: c.view(),
    inspect: (pane: PaneInfo) => inspectPane(c.runner, pane, c.tables ? { tables: c.tables } : {}),
  });
}

/** The source's send, answer, fresh look and capture, each on the context as it is when called. */
export function sendActions(ctx: () => EmbeddedSendContext) {
  return {
    send: (target: string, text: string, options: SendOptions = {}) =>
      embeddedSend(ctx(), target, text, options),
    answer: (paneId: string, choice: string) => embeddedAnswer(ctx(), paneId, choice),
    inspect: (paneId: string) => embeddedInspect(ctx(), paneId),
    // A pane that is not there is an error (a served client was told `ok: true` with no text).
    capture: async (paneId: string, options: { lines?: number; ansi?: boolean } = {}): Promise<string> => {
      const text = (await capturePanes(ctx().runner, [paneId], options)).get(paneId);
      if (text === undefined) throw new Error(`no such pane: ${paneId}`);
      return text;
    },
  };
}
