/**
 * Signals beyond the screen — the agent's own hooks, its session/status files, the pane's output activity —
 * fused with the screen's classification. Pure: the I/O that gathers the signals lives with the sources
 * (src/agenthooks/ reads the hook log and the session files; the live source times the output).
 *
 * Contract (README "Hooks and other signals"): the agent's own word (its newest hook fact or session-file
 * status) outranks the screen while it is fresh; the screen decides when the word is stale (the screen
 * changed after it, a working word older than a few seconds) or contradicted (a dialog drawn on screen; in a
 * one-shot look, a definite screen verdict once the word has had time to show). `source` says which signal
 * won and `overruled` what it won over.
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
  sessionFile?: {
    state: AgentState;
    reason?: WaitReason;
    at: number;
    path: string;
    status?: string;
    detail?: string;
  };
  /** A long-running source that times the pane's output (the fields below are known); one-shot looks: unset. */
  live?: boolean;
  /** ms since epoch of the last output seen from the pane (live source only). */
  lastOutputAt?: number;
  /** ms since epoch: when the current unbroken run of output began (live source only). */
  outputSince?: number;
  /**
   * ms since epoch: since when the live source receives the pane's output. Before ACTIVE_MS of it has
   * passed (or when it receives none: polling, a pane tmux paused), no output seen is no evidence of none.
   */
  watchedSince?: number;
  /** The screen changed since the previous look (undefined: no previous look). */
  screenChanged?: boolean;
  /**
   * ms since epoch, whole seconds: tmux's last output in the pane's window (`window_activity`), given only
   * when the pane is alone in its window. What a one-shot look, and a live source that has seen no output
   * of the pane yet, know of its output.
   */
  windowOutputAt?: number;
  /** When tmux reported that activity (a one-shot look: its snapshot's time; default: now). */
  windowSeenAt?: number;
}

export interface Fused extends Classification {
  source: SignalSource;
  /** What the winning signal overruled, for `tmo explain` (e.g. `screen: claude.idle.prompt`). */
  overruled?: string;
  /** error: the message the agent reported (a hook's error text). */
  message?: string;
  /** When this verdict may change with no new input (a working word expiring, output settling). */
  recheckAt?: number;
  /** The pane's newest hook fact, whether it won or not (for `tmo explain`). */
  hook?: { event: string; detail?: string; at: number };
}

/** Output within this long after a word is the agent drawing what the word says, not a later change. */
export const WORD_GRACE_MS = 1000;
/** A working word (a tool started) says nothing after this long: a long tool shows its spinner on screen. */
export const WORKING_WORD_MS = 5000;
/** One-shot looks: a definite screen verdict overrules a word this old (the screen had time to show it). */
export const WORD_SETTLE_MS = 2000;
/** Output activity: output this recent means the screen is changing. */
export const ACTIVE_MS = 1000;
/** Window activity is whole seconds: output this recent by it may be ACTIVE_MS old or less. */
export const WINDOW_ACTIVE_MS = ACTIVE_MS + 1000;
/** Output activity: an unbroken run this long overrules a screen that reads idle (text streaming). */
export const ACTIVE_SPAN_MS = 2000;
/** Words older than this are history (e.g. a pane id reused by a later server). */
export const WORD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

interface Word {
  state: AgentState;
  reason?: WaitReason;
  at: number;
  message?: string;
  source: 'hook' | 'session-file';
  rule: string;
  label: string;
}

/** A Notification is named by its type (`permission_prompt`…); other details (an error code) are not. */
const typed = (h: HookFact): boolean => Boolean(h.detail) && h.event === 'Notification';

/** The agent's own word: the newer of its hook fact (one that says a state) and its session-file status. */
export function agentWord(signals: PaneSignals | undefined): Word | undefined {
  const h = signals?.hook;
  const f = signals?.sessionFile;
  const hook: Word | undefined =
    h?.state === undefined
      ? undefined
      : {
          state: h.state,
          at: h.at,
          source: 'hook',
          rule: `hook.${h.agent}.${h.event}${typed(h) ? `.${h.detail}` : ''}`,
          label: `hook ${h.event}${typed(h) ? ` (${h.detail})` : ''}`,
          ...(h.reason ? { reason: h.reason } : {}),
          ...(h.message ? { message: h.message } : {}),
        };
  const file: Word | undefined = f && {
    state: f.state,
    at: f.at,
    source: 'session-file',
    rule: `session-file.${f.status ?? f.state}`,
    label: `session file ${f.status ?? f.state}${f.detail ? ` (${f.detail})` : ''}`,
    ...(f.reason ? { reason: f.reason } : {}),
  };
  if (!hook) return file;
  if (!file) return hook;
  // The session file knows no errors: its `idle` after a failed turn does not end the hook's error.
  if (hook.state === 'error' && file.state === 'idle') return hook;
  return file.at > hook.at ? file : hook;
}

const screenOf = (screen: Classification): Fused => ({ ...screen, source: 'screen' });
const named = (c: Classification): string => `screen: ${c.rule}`;

/** Fuse the screen's verdict with the other signals. Pure. */
export function fuseSignals(screen: Classification, signals: PaneSignals | undefined, now: number): Fused {
  const word = agentWord(signals);
  const f = (word && judgeWord(word, screen, signals ?? {}, now)) ?? activity(screenOf(screen), signals, now);
  const h = signals?.hook;
  if (h) f.hook = { event: h.event, at: h.at, ...(h.detail ? { detail: h.detail } : {}) };
  return f;
}

/** The word against the screen; undefined when the word is stale (the screen, then activity, decide). */
function judgeWord(word: Word, screen: Classification, s: PaneSignals, now: number): Fused | undefined {
  if (word.source === 'session-file') return judgeStatus(word, screen);
  const age = now - word.at;
  if (age > WORD_MAX_AGE_MS) return undefined;
  if (word.state === 'working' && age > WORKING_WORD_MS) return undefined;
  // The screen changed after the word (beyond the agent drawing it): the screen is newer. An error holds
  // until the agent's next word (the next turn), whatever is typed below it meanwhile.
  const changedSince = s.lastOutputAt !== undefined && s.lastOutputAt > word.at + WORD_GRACE_MS;
  if (s.live && changedSince && word.state !== 'error') return undefined;
  const settled = agreeOrDialog(word, screen);
  if (settled) return settled;
  if (screen.state === 'unknown') return byWord(word, screen);
  // One look, no output history: once the word had time to show, a definite screen verdict wins — except
  // over an error, which holds until the next turn (an idle prompt below an error is the failed turn's end).
  if (!s.live && age > WORD_SETTLE_MS && !(word.state === 'error' && screen.state === 'idle'))
    return { ...screenOf(screen), overruled: word.label };
  return byWord(word, screen);
}

/**
 * A session-file status is the agent's CURRENT state (kept up to date while its process lives, checked by
 * its start time), not an event that ages: it stands until the file changes. Only a dialog on screen and a
 * screen error (the file knows no errors) outrank it.
 */
function judgeStatus(word: Word, screen: Classification): Fused {
  const settled = agreeOrDialog(word, screen);
  if (settled) return settled;
  if (screen.state === 'error' && word.state === 'idle')
    return { ...screenOf(screen), overruled: word.label };
  return byWord(word, screen);
}

/** Agreement keeps the screen's verdict (its reason, options, line); a dialog on screen outranks any word. */
function agreeOrDialog(word: Word, screen: Classification): Fused | undefined {
  if (screen.state === word.state) {
    const f = screenOf(screen);
    if (word.message && !f.message) f.message = word.message;
    return f;
  }
  if (screen.state === 'waiting') return { ...screenOf(screen), overruled: word.label };
  return undefined;
}

function byWord(word: Word, screen: Classification): Fused {
  const f: Fused = { state: word.state, rule: word.rule, source: word.source };
  const reason = word.reason ?? (word.state === 'waiting' ? screen.reason : undefined);
  if (reason) f.reason = reason;
  if (word.message) {
    f.line = word.message;
    f.message = word.message;
  }
  if (screen.state !== word.state) f.overruled = named(screen);
  if (word.state === 'working' && word.source === 'hook') f.recheckAt = word.at + WORKING_WORD_MS + 1;
  return f;
}

/**
 * Output activity: a screen no rule reads (unknown) is working while its output keeps changing and idle once
 * it settled; a screen read as idle is working while output streams unbroken (an agent that draws no
 * spinner, a kind with no rules). Waiting, working, error and exited stand. The live source times every
 * output it receives; tmux's window activity (whole seconds, a pane alone in its window) tells what the
 * stream may miss — output before the source began streaming the pane, output tmux dropped for a client
 * that fell behind (a loaded machine) — and is all a one-shot look knows, so `status` and the dashboard
 * say the same.
 */
function activity(f: Fused, s: PaneSignals | undefined, now: number): Fused {
  if (f.state !== 'unknown' && f.state !== 'idle') return f;
  const last = s?.live ? s.lastOutputAt : undefined;
  const recent = last !== undefined && now - last < ACTIVE_MS;
  if (f.state === 'idle') {
    const streaming = recent && s?.outputSince !== undefined && last! - s.outputSince >= ACTIVE_SPAN_MS;
    return streaming ? working(f, 'activity.streaming', last! + ACTIVE_MS + 1) : f;
  }
  if (recent) return working(f, 'activity.output', last! + ACTIVE_MS + 1);
  const at = s?.windowOutputAt;
  if (at === undefined || at <= 0) {
    const since = s?.live ? s.watchedSince : undefined;
    if (since === undefined) return f; // nothing tells whether it prints: no claim
    if (now - since >= ACTIVE_MS) return settled(f);
    return { ...f, recheckAt: since + ACTIVE_MS + 1 }; // silent so far, for too short a time to say
  }
  // Recent as of tmux's answer: a loaded machine may take seconds from there to this look.
  const seen = Math.min(now, s?.windowSeenAt ?? now);
  if (seen - at >= WINDOW_ACTIVE_MS) return settled(f);
  // Live: the next look re-reads it, at least a second from now (it may already be past that age).
  const recheckAt = at + WINDOW_ACTIVE_MS + 1;
  return working(f, 'activity.window', s?.live ? Math.max(recheckAt, now + ACTIVE_MS) : recheckAt);
}

const settled = (f: Fused): Fused => ({
  state: 'idle',
  rule: 'activity.settled',
  source: 'activity',
  overruled: named(f),
});

const working = (f: Fused, rule: string, recheckAt: number): Fused => ({
  state: 'working',
  rule,
  source: 'activity',
  overruled: named(f),
  recheckAt,
});
