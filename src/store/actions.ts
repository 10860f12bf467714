/**
 * What the dashboard does beyond moving around: send a draft, answer a dialog, run a `:` line (asking
 * first when it destroys something), complete it with Tab.
 */
import type { ChoiceOption, SendOutcome } from '../model/types.js';
import type { DataSource } from '../source/types.js';
import { completeLine, confirmationFor } from './commands.js';
import { paneLabel } from './feed.js';
import type { DashStore } from './store.js';
import type { Answerer } from './types.js';

const delivered = (status: string) => status === 'confirmed' || status === 'unconfirmed';

/**
 * Send the selected agent's draft through the transport. The composer closes once the message went through;
 * a refused or failed one stays in it, to be retried.
 */
export async function sendDraft(store: DashStore, paneId: string): Promise<void> {
  const s = store.getState();
  const text = s.drafts[paneId] ?? '';
  const outcome = (status: 'refused' | 'failed', detail: string) =>
    s.setOutcome({ paneId, status, detail, time: Date.now() });
  if (!text.trim()) return outcome('refused', 'nothing to send: the message is empty');
  if (!s.transport) return outcome('failed', 'not connected: the message is kept');
  s.setOutcome({ paneId, status: 'sending', detail: `sending ${text.length} chars…`, time: Date.now() });
  try {
    const result = await s.transport.send(paneId, text);
    const after = store.getState();
    after.setOutcome({ paneId, status: result.status, detail: result.detail, time: Date.now() });
    const ok = delivered(result.status);
    if (ok && after.drafts[paneId] === text) after.setDraft(paneId, '');
    if (ok && after.mode === 'compose' && after.selected === paneId) {
      after.setMode('normal');
      after.setMessage(`${paneLabel(after.world, paneId)}: ${sentWords(result)}`);
    }
    after.pushFeed({
      time: Date.now(),
      kind: ok ? 'send' : 'error',
      paneId,
      text: `send to ${paneId}: ${result.status} — ${result.detail}`,
    });
  } catch (error) {
    outcome('failed', (error as Error).message);
  }
}

const sentWords = (r: SendOutcome) =>
  `${r.status === 'confirmed' ? 'sent, confirmed' : 'sent, not confirmed'}: ${r.detail}`;

/** Yes / No for a dialog whose own options were not parsed (`tmo answer` maps them per agent kind). */
export function genericOptions(): ChoiceOption[] {
  return [
    { choice: 'yes', label: 'Yes', keys: [], meaning: 'allow' },
    { choice: 'no', label: 'No', keys: [], meaning: 'deny' },
  ];
}

/** `a`: the answer menu for the agent under the cursor, with its dialog's own options when known. */
export function openAnswer(store: DashStore): void {
  const s = store.getState();
  const paneId = s.selected;
  const agent = paneId ? s.world.agents[paneId] : undefined;
  if (!paneId || !agent || s.cursor !== paneId) {
    s.setMessage('select a waiting agent to answer its dialog');
    return;
  }
  if (agent.state !== 'waiting') {
    s.setMessage(`${paneLabel(s.world, paneId)} has no dialog open (${agent.kind} is ${agent.state})`);
    return;
  }
  if (!s.answerer) {
    s.setMessage('answering is not supported over this connection: run `tmo answer` on that machine');
    return;
  }
  const own = agent.options?.length ? agent.options : undefined;
  const options = own ?? genericOptions();
  const index = Math.max(
    0,
    options.findIndex((o) => o.selected),
  );
  s.setMenu({ paneId, options, index, generic: !own });
  // The classifier's fresh look at the dialog, where the source offers it: its own options win.
  s.answerer
    .inspect?.(paneId)
    .then((status) => {
      const now = store.getState();
      if (now.menu?.paneId !== paneId || !now.menu.generic || !status?.options?.length) return;
      const fresh = status.options;
      now.setMenu({
        paneId,
        options: fresh,
        index: Math.max(
          0,
          fresh.findIndex((o) => o.selected),
        ),
        generic: false,
      });
    })
    .catch(() => {});
}

/** Pick option `index` of the open menu: the safe answer path, and the outcome in the status line. */
export async function answerWith(store: DashStore, index: number): Promise<void> {
  const s = store.getState();
  const menu = s.menu;
  const option = menu?.options[index];
  if (!menu || !option) return;
  s.setMenu(undefined);
  const { paneId } = menu;
  const where = paneLabel(s.world, paneId);
  if (!s.answerer) return s.setMessage('answering is not supported over this connection');
  s.setOutcome({ paneId, status: 'sending', detail: `answering "${option.label}"…`, time: Date.now() });
  s.setMessage(`${where}: answering "${option.label}"…`);
  let result: SendOutcome;
  try {
    result = await s.answerer.answer(paneId, option.choice);
  } catch (error) {
    result = { status: 'failed', target: paneId, detail: (error as Error).message, bytes: 0 };
  }
  const after = store.getState();
  const word =
    result.status === 'confirmed'
      ? 'confirmed'
      : result.status === 'unconfirmed'
        ? 'NOT confirmed'
        : result.status;
  after.setOutcome({ paneId, status: result.status, detail: result.detail, time: Date.now() });
  after.setMessage(`${where}: answered "${option.label}": ${word} — ${result.detail}`);
  after.pushFeed({
    time: Date.now(),
    kind: delivered(result.status) ? 'send' : 'error',
    paneId,
    text: `answer ${where} "${option.label}": ${result.status} — ${result.detail}`,
  });
}

/**
 * The words of a `:` command line: spaces separate them; a word wholly in '…' or "…" keeps its spaces
 * (`--agent 'claude --model opus'`). Nothing else is special: an apostrophe inside a word (`don't`), an
 * unmatched quote and backslashes stay as typed.
 */
export function paletteWords(line: string): string[] {
  return [...line.matchAll(/(?<!\S)"([^"]*)"(?!\S)|(?<!\S)'([^']*)'(?!\S)|(\S+)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
}

/** Run a `:` command line; one that destroys something asks y/N first, naming what dies. */
export async function runCommandLine(store: DashStore, line: string, confirmed = false): Promise<void> {
  const [name, ...args] = paletteWords(line);
  if (!name) return;
  const s = store.getState();
  const command = s.commands.find((c) => c.name === name);
  if (!command) {
    s.setMessage(`unknown command "${name}" — try :help`);
    return;
  }
  const question = confirmed ? undefined : confirmationFor(name, args, s.world);
  if (question) {
    s.askConfirm({ question, run: () => runCommandLine(store, line, true) });
    return;
  }
  try {
    const api = { getState: () => store.getState(), selected: () => store.getState().selected };
    store.getState().setMessage(await command.run(args, api));
  } catch (error) {
    store.getState().setMessage(`${name}: ${(error as Error).message}`);
  }
}

/** Tab in the palette: complete the command name, then a session name where the command takes one. */
export function completeInput(store: DashStore): void {
  const s = store.getState();
  const { line, candidates } = completeLine(
    s.input,
    s.commands.map((c) => c.name),
    s.world.snapshot.sessions.map((x) => x.name),
  );
  if (line !== s.input) s.setInput(line);
  else if (candidates.length > 1) s.setMessage(candidates.join('  '));
}

/** How the store answers through a source: absent when the source cannot (a remote one, today). */
export function answererOf(source: DataSource): Answerer | undefined {
  const { answer, inspect } = source;
  if (!answer) return undefined;
  const answerer: Answerer = { answer: (paneId, choice) => answer.call(source, paneId, choice) };
  if (inspect) answerer.inspect = (paneId) => inspect.call(source, paneId);
  return answerer;
}
