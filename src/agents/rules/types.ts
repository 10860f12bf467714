import type { AgentKind, AgentState, WaitReason } from '../../model/types.js';

/**
 * One screen (or title) rule: data, not code. See README "Agents" for the evaluation order.
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
   * Idle rules only: marks a fresh prompt (`'waiting'`) or a completion line (`true`). A waiting match
   * ABOVE the lowest barrier is stale (an old dialog above a fresh prompt); with `true` a working match
   * above it is stale too (a `Working (4s)` line left above `─ Worked for 1m 22s ─`). Errors are not
   * ended by barriers: they hold until the next turn starts (see `AgentTable.turnPatterns`).
   */
  barrier?: boolean | 'waiting';
  /**
   * The line is the CLI's own status chrome (a footer or status line drawn around the prompt, e.g.
   * Claude's `Not logged in · run /login`), not transcript: barriers never make it stale.
   */
  chrome?: boolean;
}

/** Which question a choice dialog asks → the waiting reason. */
export interface ReasonRule {
  reason: WaitReason;
  pattern: RegExp;
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
  /**
   * Lines that show a NEW turn has started (the agent answers again: an assistant bullet). An error or
   * a working line ABOVE such a line is stale; an error holds through completion lines and prompts.
   */
  turnPatterns?: RegExp[];
  /** Dialog question families of this agent, tried before the common ones (`families.ts`). */
  reasons?: ReasonRule[];
  /**
   * What the agent leaves on screen when it exits to the shell (Claude's `claude --resume <id>` hint):
   * strong enough to list the pane as this agent, `exited`, with a shell in front.
   */
  exitPatterns?: RegExp[];
  /** How many non-blank lines from the bottom of the screen form the recent region (default 30). */
  recentLines?: number;
}
