/**
 * Signals beyond the screen — the agent's own hooks, its session/status files, the pane's output activity —
 * fused with the screen's classification. Pure: the I/O that gathers the signals lives with the sources.
 *
 * Contract (see README "Agents"): fresh hook facts outrank screen rules; the screen decides when a fact is
 * stale or contradicted; `source` says which signal won and `overruled` what it won over.
 */
import type { AgentKind, AgentState, SignalSource, WaitReason } from '../model/types.js';
import type { Classification } from './classify.js';

/** One event an agent's own hook reported for a pane (`tmo hook <event>` records them). */
export interface HookFact {
  /** The agent's hook event, e.g. `PreToolUse`, `Notification`, `Stop`. */
  event: string;
  agent: AgentKind;
  /** ms since epoch */
  at: number;
  sessionId?: string;
  message?: string;
  /** e.g. Claude Code's Notification type: `permission_prompt`, `idle_prompt`, `elicitation_dialog`. */
  detail?: string;
  /** What the event says of the state. */
  state?: AgentState;
  reason?: WaitReason;
}

export interface PaneSignals {
  /** The latest hook fact for the pane. */
  hook?: HookFact;
  /** The agent's own status file (e.g. Claude Code's `~/.claude/sessions/…`). */
  sessionFile?: { state: AgentState; reason?: WaitReason; at: number; path: string };
  /** ms since epoch of the last output seen from the pane (live source only). */
  lastOutputAt?: number;
  /** The screen changed since the previous look (undefined: no previous look). */
  screenChanged?: boolean;
}

export interface Fused extends Classification {
  source: SignalSource;
  /** What the winning signal overruled, for `tmo explain` (e.g. `screen: claude.idle.prompt`). */
  overruled?: string;
}

/** Fuse the screen's verdict with the other signals. */
export function fuseSignals(screen: Classification, _signals: PaneSignals | undefined, _now: number): Fused {
  return { ...screen, source: 'screen' };
}
