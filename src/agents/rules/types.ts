import type { AgentKind, AgentState, WaitReason } from '../../model/types.js';

/**
 * One screen (or title) rule: data, not code. See README "Agent rules" for the evaluation order.
 */
export interface ScreenRule {
  /** Stable id shown by `tmo explain`, e.g. `claude.waiting.permission`. */
  id: string;
  state: AgentState;
  reason?: WaitReason;
  /** Tested against each line of the recent region (or the whole title). Use no `g`/`y` flag. */
  pattern: RegExp;
  /** where to look: the recent region of the screen (default) or the pane title */
  on?: 'screen' | 'title';
  /** Only the last N non-blank lines of the region count for this rule (e.g. transient error lines). */
  within?: number;
  /**
   * Idle rules only: marks a fresh prompt or a completion line. A waiting (and, unless `'waiting'`, an
   * error) match ABOVE the lowest
   * barrier match is stale (an old dialog in scrollback above a fresh prompt).
   */
  barrier?: boolean | 'waiting';
}

export interface AgentTable {
  kind: AgentKind;
  label: string;
  /** process basenames (pane_current_command, or a process in the tree under pane_pid) */
  commands: string[];
  /** matched against the full argv of processes under the pane (e.g. `node …/@openai/codex/…`) */
  processPatterns?: RegExp[];
  titlePatterns?: RegExp[];
  /** membership by screen, last resort */
  screenPatterns?: RegExp[];
  rules: ScreenRule[];
  /** How many non-blank lines from the bottom of the screen form the recent region (default 30). */
  recentLines?: number;
}
