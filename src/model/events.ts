import type {
  AgentKind,
  AgentState,
  AgentStatus,
  ChoiceOption,
  SignalSource,
  Snapshot,
  WaitReason,
} from './types.js';

/**
 * The typed event stream produced by a DataSource (embedded or remote) and consumed by the store,
 * `tmo events` and the WebSocket server. `net/` maps these onto the original protocol's wire types
 * (`session.created`, `window.renamed`, `pane.output`, `agent.status`, ...); names are kept identical.
 *
 * `time` is ms since epoch. Session/window names are included alongside ids so consumers (and the
 * original protocol, which speaks in names) need no lookup.
 */
export interface SessionRef {
  sessionId: string;
  session: string;
}
export interface WindowRef extends SessionRef {
  windowId: string;
  window: string;
  windowIndex: number;
}

export type TmoEvent =
  | { type: 'server.up'; time: number; tmuxVersion?: string }
  | { type: 'server.down'; time: number; reason: string }
  | ({
      type: 'session.created' | 'session.removed' | 'session.attached' | 'session.detached';
      time: number;
    } & SessionRef)
  | ({ type: 'session.renamed'; time: number; oldName: string } & SessionRef)
  | ({ type: 'window.created' | 'window.removed' | 'window.activated'; time: number } & WindowRef)
  | ({ type: 'window.renamed'; time: number; oldName: string } & WindowRef)
  | ({
      type: 'pane.output';
      time: number;
      paneId: string;
      text: string;
      /**
       * Output of this pane was lost before `text` (tmux dropped it: we were more than `pause-after` behind).
       * The pane's screen (a capture) is the truth; the stream resumes with what the pane prints next.
       */
      lost?: true;
    } & Partial<WindowRef>)
  | ({
      type: 'agent.status';
      time: number;
      paneId: string;
      kind: AgentKind;
      state: AgentState;
      previous: AgentState | null;
      reason?: WaitReason;
      since: number;
      rule?: string;
      /** Which signal decided (screen when absent). */
      source?: SignalSource;
      /** error: its message; waiting: the dialog's question. */
      message?: string;
      /** The options of the dialog a waiting agent shows (local sources; not on the wire). */
      options?: ChoiceOption[];
    } & Partial<WindowRef>)
  /** A whole new picture of the world (initial, after resync, or a safety refresh). */
  | { type: 'snapshot'; time: number; snapshot: Snapshot; agents: Record<string, AgentStatusLite> };

export interface AgentStatusLite {
  kind: AgentKind;
  state: AgentState;
  reason?: WaitReason;
  since: number;
  rule?: string;
  source?: SignalSource;
  message?: string;
  options?: ChoiceOption[];
}

export type TmoEventType = TmoEvent['type'];

export const EVENT_TYPES: readonly TmoEventType[] = [
  'server.up',
  'server.down',
  'session.created',
  'session.removed',
  'session.attached',
  'session.detached',
  'session.renamed',
  'window.created',
  'window.removed',
  'window.activated',
  'window.renamed',
  'pane.output',
  'agent.status',
  'snapshot',
];

/**
 * The rule of an agent found but not yet looked at (EmbeddedSourceOptions.pending): its state is `unknown`
 * until the first look says what it is; views draw it as pending, not as a state.
 */
export const pendingRule = (kind: string): string => `${kind}.pending`;
export const isPending = (s: { state: string; rule?: string }): boolean =>
  s.state === 'unknown' && s.rule !== undefined && s.rule.endsWith('.pending');

/** The agent.status event of a pane's status (`where`: its session and window, when known). */
export function statusEvent(
  paneId: string,
  status: AgentStatusLite,
  previous: AgentState | null,
  where: (paneId: string) => WindowRef | undefined,
): TmoEvent {
  const { kind, state, since, ...rest } = status;
  return {
    type: 'agent.status',
    time: Date.now(),
    paneId,
    kind,
    state,
    previous,
    since,
    ...where(paneId),
    ...rest,
  };
}

export const pendingStatus = (kind: AgentKind, since: number): AgentStatusLite => ({
  kind,
  state: 'unknown',
  since,
  rule: pendingRule(kind),
});

/** What a snapshot event says of an agent. */
export function liteStatus(s: AgentStatus): AgentStatusLite {
  const out: AgentStatusLite = { kind: s.kind, state: s.state, since: s.since };
  if (s.reason) out.reason = s.reason;
  if (s.rule) out.rule = s.rule;
  if (s.source) out.source = s.source;
  if (s.message !== undefined) out.message = s.message;
  if (s.options?.length) out.options = s.options;
  return out;
}

/** Nothing an `agent.status` event would say has changed (state, reason, message, dialog options). */
export const sameReport = (a: AgentStatus, b: AgentStatus): boolean =>
  a.kind === b.kind &&
  a.state === b.state &&
  a.reason === b.reason &&
  a.message === b.message &&
  sameOptions(a.options, b.options);

/** The same dialog options (a new dialog, or the cursor moved: worth an event). */
const sameOptions = (a: ChoiceOption[] | undefined, b: ChoiceOption[] | undefined): boolean =>
  (a ?? []).map((o) => `${o.choice}\u0000${o.label}\u0000${o.selected}`).join('\n') ===
  (b ?? []).map((o) => `${o.choice}\u0000${o.label}\u0000${o.selected}`).join('\n');
