/**
 * Core data model shared by every layer. Plain data only: no classes, no I/O.
 * Ids are tmux's immutable ids: sessions `$N`, windows `@N`, panes `%N`.
 */

export const AGENT_KINDS = [
  'claude',
  'codex',
  'gemini',
  'aider',
  'opencode',
  'copilot',
  'cursor',
  'generic',
] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

export const AGENT_STATES = ['working', 'waiting', 'idle', 'error', 'exited', 'unknown'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export const WAIT_REASONS = ['permission', 'question', 'trust', 'plan', 'confirm', 'login'] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

export const WINDOW_TYPES = ['agent', 'project-manager', 'dev-server', 'shell', 'unknown'] as const;
export type WindowType = (typeof WINDOW_TYPES)[number];

export interface PaneInfo {
  id: string; // %N
  index: number;
  active: boolean;
  width: number;
  height: number;
  /** `#{pane_current_command}`: for native Claude installs a version string such as `2.1.34`. */
  command: string;
  pid: number;
  title: string;
  dead: boolean;
  /** Exit status of a dead pane, when tmux knows it. */
  deadStatus?: number;
  /** 1 when the pane is in copy mode or another mode. */
  inMode: boolean;
  /** Working directory: NOT in the snapshot (a /proc read per pane costs tmux ≈7 µs each); fetched on demand. */
  currentPath?: string;
}

export interface WindowInfo {
  id: string; // @N
  index: number;
  name: string;
  active: boolean;
  /** Last activity, ms since epoch (tmux reports seconds). */
  activity: number;
  panes: PaneInfo[];
}

export interface SessionInfo {
  id: string; // $N
  name: string;
  /** ms since epoch */
  created: number;
  /** true when at least one human (non control-mode) client is attached. */
  attached: boolean;
  /** number of human clients attached */
  clients: number;
  /** ms since epoch */
  activity: number;
  windows: WindowInfo[];
}

export interface ServerInfo {
  running: boolean;
  /** `-L name`, `-S path` or `default`, as given to us. */
  socket: string;
  tmuxVersion?: string;
}

export interface Snapshot {
  /** ms since epoch */
  takenAt: number;
  server: ServerInfo;
  sessions: SessionInfo[];
}

/** One option of a dialog the agent waits on, parsed from its screen (numbered menu, y/n, …). */
export interface ChoiceOption {
  /** What `tmo answer <target> <choice>` takes for it: `1`, `2`, `y`, `n`… */
  choice: string;
  /** The option's own text as drawn, e.g. `Yes, and don't ask again this session`. */
  label: string;
  /** tmux key names that pick it, in order (e.g. `['2']`, `['y']`, `['Down', 'Enter']`). */
  keys: string[];
  /** The option the dialog's cursor is on. */
  selected?: boolean;
  /** What picking it means, where the label says it. */
  meaning?: 'allow' | 'allow-always' | 'deny' | 'other';
}

/** Which signal decided a state (shown by `tmo explain`). */
export const SIGNAL_SOURCES = ['screen', 'title', 'hook', 'session-file', 'activity', 'process'] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

export interface AgentStatus {
  kind: AgentKind;
  state: AgentState;
  reason?: WaitReason;
  /** ms since epoch: when the pane entered this state. */
  since: number;
  /** Which rule decided, e.g. `claude.waiting.permission`. */
  rule?: string;
  /** The screen line that matched, when a screen rule decided. */
  line?: string;
  /** Which signal decided (screen when absent). */
  source?: SignalSource;
  /** The options of the dialog a waiting agent shows, when they could be parsed. */
  options?: ChoiceOption[];
  /** error: the error's message (e.g. `API Error: 529 Overloaded`); waiting: the dialog's question. */
  message?: string;
  /** exited: the exit status, when known. */
  exitStatus?: number;
  /** exited: the last non-blank lines the agent left, when known. */
  lastWords?: string;
}

/** Everything a view needs: the tmux tree plus the agent status per pane id. */
export interface WorldState {
  snapshot: Snapshot;
  agents: Record<string, AgentStatus>;
}

export type SendStatus = 'confirmed' | 'unconfirmed' | 'refused' | 'failed';

export interface SendOutcome {
  status: SendStatus;
  /** The target as the user gave it. */
  target: string;
  /** The pane id it resolved to, when it did. */
  paneId?: string;
  /** Human-readable explanation: why refused/failed, or how it was confirmed. */
  detail: string;
  bytes: number;
  /** Delivered to a busy agent that queued it: it runs when the current turn ends. */
  queued?: boolean;
}

export const emptySnapshot = (socket = 'default', running = false): Snapshot => ({
  takenAt: Date.now(),
  server: { running, socket },
  sessions: [],
});
