import type { Focus, Keymap, Mode } from '../keymap/table.js';
import type {
  AgentState,
  AgentStatus,
  ChoiceOption,
  SendOutcome,
  SendStatus,
  WorldState,
} from '../model/types.js';
import type { ConnectionState, SendOptions } from '../source/types.js';
import type { DashActions } from './store.js';

export const PANELS = ['agents', 'pane', 'feed'] as const satisfies readonly Focus[];
export type Panel = Focus;

export type FeedKind = 'state' | 'session' | 'window' | 'server' | 'error' | 'send' | 'info';

export interface FeedEntry {
  id: number;
  time: number;
  kind: FeedKind;
  text: string;
  paneId?: string;
  state?: AgentState;
}

export interface OutcomeView {
  paneId: string;
  status: SendStatus | 'sending';
  detail: string;
  time: number;
}

/** What the store needs from a source to act (wired by connectSource). */
export interface Transport {
  send(target: string, text: string, options?: SendOptions): Promise<SendOutcome>;
  capture(paneId: string, options?: { lines?: number; ansi?: boolean }): Promise<string>;
}

/** How the store answers a dialog and looks at one (wired from the source; absent when it cannot). */
export interface Answerer {
  answer(paneId: string, choice: string): Promise<SendOutcome>;
  /** The pane's status as the classifier sees it now (fresh dialog options), if the source can. */
  inspect?(paneId: string): Promise<AgentStatus | null>;
}

/** The answer menu on a waiting agent: the dialog's own options (or a generic Yes/No). */
export interface AnswerMenu {
  paneId: string;
  options: ChoiceOption[];
  index: number;
  /** The options are a fallback: the dialog's own were not parsed. */
  generic: boolean;
}

/** A destructive action waiting for y/N. */
export interface Confirmation {
  question: string;
  run(): void | Promise<void>;
}

/** A `:` palette command. Other modules add theirs with `registerCommand`. */
export interface PaletteCommand {
  name: string;
  summary: string;
  /** Returns a line to show in the status bar. */
  run(args: string[], api: DashApi): string | Promise<string>;
}

export interface DashApi {
  getState(): DashState & DashActions;
  /** The selected agent's pane id. */
  selected(): string | undefined;
}

export interface DashState {
  world: WorldState;
  connection: ConnectionState;
  source: { kind: 'embedded' | 'remote'; label: string };
  /** Newest last; bounded. */
  feed: FeedEntry[];
  /** Captured screens by pane id (with SGR escapes when colour is on). */
  panes: Record<string, string>;
  selected: string | undefined;
  panel: Panel;
  mode: Mode;
  /** Applied filters per list. */
  filters: { agents: string; feed: string };
  /** Text of the filter / command line being edited. */
  input: string;
  /** Composer drafts per pane id: never lost when the panel changes. */
  drafts: Record<string, string>;
  outcomes: Record<string, OutcomeView>;
  sortWaiting: boolean;
  /** Agents that started waiting or finished since the operator last selected them. */
  marks: Record<string, number>;
  /** One status line (palette result, attach failure, …). */
  message: string | undefined;
  keymap: Keymap;
  commands: PaletteCommand[];
  transport: Transport | undefined;
  /** Keys typed before this time are ignored (after attach returns). */
  ignoreInputUntil: number;
  /** The line the cursor is on: a session ($N), window (@N) or pane (%N) id. `selected` is its pane. */
  cursor: string | undefined;
  /** Show agents only (else every pane). Remembered across runs (runtime.ts). */
  agentsOnly: boolean;
  /** Session and window ids folded by the operator. */
  collapsed: Record<string, boolean>;
  /** When the source's connection was lost (rows are stale since then); undefined while connected. */
  staleSince: number | undefined;
  menu: AnswerMenu | undefined;
  confirm: Confirmation | undefined;
  answerer: Answerer | undefined;
  /** Bumped on every ingest: a cheap change counter for tests and the bench. */
  version: number;
}
