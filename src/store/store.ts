import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Action, Keymap, Mode } from '../keymap/table.js';
import { defaultKeymap } from '../keymap/table.js';
import type { TmoEvent } from '../model/events.js';
import { applyEvent, initialWorld } from '../model/reducer.js';
import type { AgentStatus, WorldState } from '../model/types.js';
import type { ConnectionState } from '../source/types.js';
import { BUILTIN_COMMANDS } from './commands.js';
import { feedEntry, notableChange } from './feed.js';
import { visibleRows } from './rows.js';
import type { DashState, FeedEntry, OutcomeView, PaletteCommand, Panel, Transport } from './types.js';
import { PANELS } from './types.js';

export const FEED_LIMIT = 500;

export interface Notable {
  paneId: string;
  change: 'waiting' | 'finished';
  status: AgentStatus;
}

export interface DashActions {
  /** Apply a batch of events at once (one render). Returns waiting/finished transitions. */
  ingest(events: TmoEvent[]): Notable[];
  setConnection(connection: ConnectionState): void;
  setWorld(world: WorldState): void;
  setPane(paneId: string, text: string): void;
  select(paneId: string | undefined): void;
  move(delta: number): void;
  jump(n: number): void;
  cyclePanel(delta: number): void;
  setPanel(panel: Panel): void;
  setMode(mode: Mode): void;
  setInput(text: string): void;
  /** Apply the filter being typed to the focused list. */
  applyFilter(text: string): void;
  setDraft(paneId: string, text: string): void;
  setOutcome(outcome: OutcomeView): void;
  toggleSort(): void;
  setMessage(message: string | undefined): void;
  pushFeed(entry: Omit<FeedEntry, 'id'>): void;
  setTransport(transport: Transport | undefined): void;
  registerCommand(command: PaletteCommand): void;
  setIgnoreInputUntil(time: number): void;
}

export type DashStore = StoreApi<DashState & DashActions>;

export interface DashInit {
  source?: { kind: 'embedded' | 'remote'; label: string };
  world?: WorldState;
  keymap?: Keymap;
  sortWaiting?: boolean;
}

let feedId = 0;

export function createDashStore(init: DashInit = {}): DashStore {
  return createStore<DashState & DashActions>()((set, get) => ({
    world: init.world ?? initialWorld(),
    connection: { status: 'connecting' },
    source: init.source ?? { kind: 'embedded', label: 'local' },
    feed: [],
    panes: {},
    selected: undefined,
    panel: 'agents',
    mode: 'normal',
    filters: { agents: '', feed: '' },
    input: '',
    drafts: {},
    outcomes: {},
    sortWaiting: init.sortWaiting ?? false,
    marks: {},
    message: undefined,
    keymap: init.keymap ?? defaultKeymap(),
    commands: [...BUILTIN_COMMANDS],
    transport: undefined,
    ignoreInputUntil: 0,
    version: 0,

    ingest(events) {
      if (events.length === 0) return [];
      const s = get();
      let world = s.world;
      const added: FeedEntry[] = [];
      const notable: Notable[] = [];
      const marks = { ...s.marks };
      for (const event of events) {
        const line = feedEntry(event, world);
        if (line) added.push({ ...line, id: ++feedId });
        if (event.type === 'agent.status') {
          const prev = world.agents[event.paneId];
          const next = applyEvent(world, event);
          const status = next.agents[event.paneId];
          const change = status ? notableChange(prev, status) : null;
          if (change && status) {
            notable.push({ paneId: event.paneId, change, status });
            if (event.paneId !== s.selected) marks[event.paneId] = event.time;
          }
          world = next;
        } else {
          world = applyEvent(world, event);
        }
      }
      const feed = added.length ? [...s.feed, ...added].slice(-FEED_LIMIT) : s.feed;
      set({ world, feed, marks, version: s.version + 1, ...keepSelection(world, s) });
      return notable;
    },
    setConnection: (connection) => set({ connection }),
    setWorld: (world) => set((s) => ({ world, ...keepSelection(world, s) })),
    setPane: (paneId, text) => {
      if (get().panes[paneId] === text) return;
      set((s) => ({ panes: { ...s.panes, [paneId]: text } }));
    },
    select(paneId) {
      const s = get();
      if (paneId === s.selected) return;
      const marks = { ...s.marks };
      if (paneId) delete marks[paneId];
      set({ selected: paneId, marks });
    },
    move(delta) {
      const s = get();
      const rows = visibleRows(s.world, s.filters.agents, s.sortWaiting);
      if (rows.length === 0) return;
      const at = rows.findIndex((r) => r.paneId === s.selected);
      const next = at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + delta));
      get().select(rows[next]?.paneId);
    },
    jump(n) {
      const s = get();
      const row = visibleRows(s.world, s.filters.agents, s.sortWaiting)[n - 1];
      if (row) get().select(row.paneId);
    },
    cyclePanel(delta) {
      const i = PANELS.indexOf(get().panel);
      set({ panel: PANELS[(i + delta + PANELS.length) % PANELS.length] ?? 'agents' });
    },
    setPanel: (panel) => set({ panel }),
    setMode(mode) {
      const s = get();
      const input = mode === 'filter' ? (s.panel === 'feed' ? s.filters.feed : s.filters.agents) : '';
      set({ mode, input });
    },
    setInput: (input) => set({ input }),
    applyFilter(text) {
      const s = get();
      const which = s.panel === 'feed' ? 'feed' : 'agents';
      set({ filters: { ...s.filters, [which]: text } });
      if (which === 'agents') get().select(keepSelection(get().world, get()).selected);
    },
    setDraft(paneId, text) {
      const drafts = { ...get().drafts };
      if (text === '') delete drafts[paneId];
      else drafts[paneId] = text;
      set({ drafts });
    },
    setOutcome: (outcome) => set((s) => ({ outcomes: { ...s.outcomes, [outcome.paneId]: outcome } })),
    toggleSort: () => set((s) => ({ sortWaiting: !s.sortWaiting })),
    setMessage: (message) => set({ message }),
    pushFeed: (entry) => set((s) => ({ feed: [...s.feed, { ...entry, id: ++feedId }].slice(-FEED_LIMIT) })),
    setTransport: (transport) => set({ transport }),
    registerCommand: (command) =>
      set((s) => ({ commands: [...s.commands.filter((c) => c.name !== command.name), command] })),
    setIgnoreInputUntil: (ignoreInputUntil) => set({ ignoreInputUntil }),
  }));
}

/** Keep the selection on a visible agent: the same one if it still exists, else the first. */
function keepSelection(world: WorldState, s: DashState): { selected: string | undefined } {
  const rows = visibleRows(world, s.filters.agents, s.sortWaiting);
  if (s.selected && rows.some((r) => r.paneId === s.selected)) return { selected: s.selected };
  return { selected: rows[0]?.paneId };
}

/** Send the selected agent's draft through the transport; the draft is kept until the source answers. */
export async function sendDraft(store: DashStore, paneId: string): Promise<void> {
  const s = store.getState();
  const text = s.drafts[paneId] ?? '';
  if (!text.trim()) {
    s.setOutcome({
      paneId,
      status: 'refused',
      detail: 'nothing to send: the message is empty',
      time: Date.now(),
    });
    return;
  }
  if (!s.transport) {
    s.setOutcome({
      paneId,
      status: 'failed',
      detail: 'not connected: the message is kept',
      time: Date.now(),
    });
    return;
  }
  s.setOutcome({ paneId, status: 'sending', detail: `sending ${text.length} chars…`, time: Date.now() });
  try {
    const outcome = await s.transport.send(paneId, text);
    const after = store.getState();
    after.setOutcome({ paneId, status: outcome.status, detail: outcome.detail, time: Date.now() });
    // Only a delivered message leaves the composer; a refused or failed one stays to be retried.
    if (
      (outcome.status === 'confirmed' || outcome.status === 'unconfirmed') &&
      after.drafts[paneId] === text
    ) {
      after.setDraft(paneId, '');
    }
    after.pushFeed({
      time: Date.now(),
      kind: outcome.status === 'confirmed' || outcome.status === 'unconfirmed' ? 'send' : 'error',
      paneId,
      text: `send to ${paneId}: ${outcome.status} — ${outcome.detail}`,
    });
  } catch (error) {
    store
      .getState()
      .setOutcome({ paneId, status: 'failed', detail: (error as Error).message, time: Date.now() });
  }
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

/** Run a `:` command line. */
export async function runCommandLine(store: DashStore, line: string): Promise<void> {
  const [name, ...args] = paletteWords(line);
  if (!name) return;
  const s = store.getState();
  const command = s.commands.find((c) => c.name === name);
  if (!command) {
    s.setMessage(`unknown command "${name}" — try :help`);
    return;
  }
  try {
    const api = { getState: () => store.getState(), selected: () => store.getState().selected };
    store.getState().setMessage(await command.run(args, api));
  } catch (error) {
    store.getState().setMessage(`${name}: ${(error as Error).message}`);
  }
}

export type { Action };
