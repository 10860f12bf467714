import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Action, Keymap, Mode } from '../keymap/table.js';
import { defaultKeymap } from '../keymap/table.js';
import type { TmoEvent } from '../model/events.js';
import { applyEvent, initialWorld } from '../model/reducer.js';
import type { AgentStatus, WorldState } from '../model/types.js';
import type { ConnectionState } from '../source/types.js';
import { BUILTIN_COMMANDS } from './commands.js';
import { feedEntry, notableChange } from './feed.js';
import {
  agentNumber,
  collapseAt,
  expandAt,
  keepCursor,
  moveCursor,
  nextWaiting,
  parentsOf,
  type Selection,
} from './tree-nav.js';
import type {
  Answerer,
  AnswerMenu,
  Confirmation,
  DashState,
  FeedEntry,
  OutcomeView,
  PaletteCommand,
  Panel,
  Transport,
} from './types.js';
import { PANELS } from './types.js';

export const FEED_LIMIT = 500;
/** A status-line message goes away after this long (a newer one restarts the clock). */
export const MESSAGE_MS = 8000;

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
  /** Put the cursor on a tree line (session, window or pane id). */
  setCursor(key: string | undefined): void;
  move(delta: number): void;
  jump(n: number): void;
  collapse(): void;
  expand(): void;
  toggleAgentsOnly(): void;
  /** Jump to the next agent waiting on the operator; false when none waits. */
  nextWaiting(): boolean;
  setMenu(menu: AnswerMenu | undefined): void;
  askConfirm(confirm: Confirmation): void;
  setAnswerer(answerer: Answerer | undefined): void;
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
  agentsOnly?: boolean;
  /** How long a status-line message stays (default MESSAGE_MS). */
  messageMs?: number;
}

let feedId = 0;

export function createDashStore(init: DashInit = {}): DashStore {
  let messageTimer: NodeJS.Timeout | undefined;
  const store = createStore<DashState & DashActions>()((set, get) => ({
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
    cursor: undefined,
    agentsOnly: init.agentsOnly ?? false,
    collapsed: {},
    staleSince: undefined,
    menu: undefined,
    confirm: undefined,
    answerer: undefined,
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
    setConnection(connection) {
      const s = get();
      const lost = connection.status !== 'connected';
      // Stale from the moment a connection that delivered rows is lost, until it is back.
      const staleSince = lost
        ? (s.staleSince ?? (s.connection.status === 'connected' ? Date.now() : undefined))
        : undefined;
      set({ connection, staleSince });
    },
    setWorld: (world) => set((s) => ({ world, ...keepSelection(world, s) })),
    setPane: (paneId, text) => {
      if (get().panes[paneId] === text) return;
      set((s) => ({ panes: { ...s.panes, [paneId]: text } }));
    },
    select(paneId) {
      const s = get();
      if (paneId === s.selected && paneId === s.cursor) return;
      const marks = { ...s.marks };
      if (paneId) delete marks[paneId];
      set({ selected: paneId, cursor: paneId, marks });
    },
    setCursor(key) {
      const s = get();
      const next = keepCursor({ ...s, cursor: key });
      apply(next);
    },
    move(delta) {
      const next = moveCursor(get(), delta);
      if (next) apply(next);
    },
    jump(n) {
      const next = agentNumber(get(), n);
      if (next) apply(next);
    },
    collapse() {
      const r = collapseAt(get());
      if (!r) return;
      set({ collapsed: r.collapsed });
      get().setCursor(r.cursor);
    },
    expand() {
      const r = expandAt(get());
      if (!r) return;
      set({ collapsed: r.collapsed });
      get().setCursor(r.cursor);
    },
    toggleAgentsOnly() {
      const s = get();
      set({ agentsOnly: !s.agentsOnly });
      apply(keepCursor(get(), parentsOf(s.world, s.cursor)));
    },
    nextWaiting() {
      const r = nextWaiting(get());
      if (!r) return false;
      const s = get();
      set({ collapsed: r.collapsed, ...(r.clearFilter ? { filters: { ...s.filters, agents: '' } } : {}) });
      // Agents only or the sorted list show every agent; the tree may need the pane's line.
      get().setCursor(r.paneId);
      return true;
    },
    setMenu: (menu) => set({ menu, mode: menu ? 'answer' : get().mode === 'answer' ? 'normal' : get().mode }),
    askConfirm: (confirm) => set({ confirm, mode: 'confirm' }),
    setAnswerer: (answerer) => set({ answerer }),
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
      if (which === 'agents') apply(keepCursor(get(), parentsOf(get().world, get().cursor)));
    },
    setDraft(paneId, text) {
      const drafts = { ...get().drafts };
      if (text === '') delete drafts[paneId];
      else drafts[paneId] = text;
      set({ drafts });
    },
    setOutcome: (outcome) => set((s) => ({ outcomes: { ...s.outcomes, [outcome.paneId]: outcome } })),
    toggleSort() {
      set((s) => ({ sortWaiting: !s.sortWaiting }));
      apply(keepCursor(get(), parentsOf(get().world, get().cursor)));
    },
    setMessage(message) {
      if (messageTimer) clearTimeout(messageTimer);
      messageTimer = undefined;
      set({ message });
      if (message === undefined) return;
      messageTimer = setTimeout(() => {
        if (get().message === message) set({ message: undefined });
      }, init.messageMs ?? MESSAGE_MS);
      messageTimer.unref?.();
    },
    pushFeed: (entry) => set((s) => ({ feed: [...s.feed, { ...entry, id: ++feedId }].slice(-FEED_LIMIT) })),
    setTransport: (transport) => set({ transport }),
    registerCommand: (command) =>
      set((s) => ({ commands: [...s.commands.filter((c) => c.name !== command.name), command] })),
    setIgnoreInputUntil: (ignoreInputUntil) => set({ ignoreInputUntil }),
  }));

  /** Move the cursor; selecting a pane clears its mark (the operator has seen it). */
  return store;

  function apply(this: void, next: Selection): void {
    const s = store.getState();
    const marks = next.selected && s.marks[next.selected] ? { ...s.marks } : s.marks;
    if (next.selected && marks !== s.marks) delete marks[next.selected];
    store.setState({ cursor: next.cursor, selected: next.selected, marks });
  }
}

/** Keep the cursor on its line (or its window / session when the pane went away) in a new world. */
function keepSelection(world: WorldState, s: DashState): Selection {
  return keepCursor({ ...s, world }, parentsOf(s.world, s.cursor));
}

export * from './actions.js';
export type { Action };
