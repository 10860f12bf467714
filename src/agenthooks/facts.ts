/**
 * Hook records → facts: what each agent's hook event says of its state, and the newest fact per pane from
 * the hook file (its tail for a one-shot look; new bytes as they come for the live source).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { HookFact } from '../agents/signals.js';
import type { AgentKind, AgentState, WaitReason } from '../model/types.js';
import { HOOK_TAIL_BYTES } from './paths.js';
import type { HookRecord } from './record.js';

type Meaning = { state: AgentState; reason?: WaitReason } | undefined;

const WORKING: Meaning = { state: 'working' };
const IDLE: Meaning = { state: 'idle' };
const PERMISSION: Meaning = { state: 'waiting', reason: 'permission' };

/** Event → state, for every agent's event names (Claude Code, Codex, Gemini CLI name theirs apart). */
const EVENTS: Record<string, Meaning> = {
  // Claude Code (and Codex's hooks.json, which uses the same names)
  UserPromptSubmit: WORKING,
  PreToolUse: WORKING,
  PostToolUse: WORKING,
  PostToolUseFailure: WORKING,
  PreCompact: WORKING,
  PermissionRequest: PERMISSION,
  Stop: IDLE,
  StopFailure: { state: 'error' },
  SessionStart: IDLE,
  SessionEnd: { state: 'exited' },
  // Gemini CLI
  BeforeAgent: WORKING,
  BeforeModel: WORKING,
  BeforeTool: WORKING,
  AfterTool: WORKING,
  AfterAgent: IDLE,
};

/** Notification types (Claude Code's matchers, Gemini's ToolPermission); others say nothing of the state. */
const NOTIFICATIONS: Record<string, Meaning> = {
  permission_prompt: PERMISSION,
  ToolPermission: PERMISSION,
  elicitation_dialog: { state: 'waiting', reason: 'question' },
  agent_needs_input: { state: 'waiting', reason: 'question' },
  idle_prompt: IDLE,
};

/** What a record says: Notification by its type, Codex's notify by its type, the rest by event. */
export function meaning(event: string, type: string | undefined): Meaning {
  if (event === 'Notification') return type ? NOTIFICATIONS[type] : undefined;
  if (event === 'notify') return type === 'agent-turn-complete' ? IDLE : undefined;
  return Object.hasOwn(EVENTS, event) ? EVENTS[event] : undefined;
}

const KINDS = new Set(['claude', 'codex', 'gemini', 'aider', 'opencode', 'copilot', 'cursor', 'generic']);

export function toFact(r: HookRecord): HookFact {
  const fact: HookFact = {
    event: r.event,
    agent: (KINDS.has(r.agent) ? r.agent : 'generic') as AgentKind,
    at: r.at,
  };
  if (r.session) fact.sessionId = r.session;
  if (r.message) fact.message = r.message;
  if (r.type) fact.detail = r.type;
  const m = meaning(r.event, r.type);
  if (m) {
    fact.state = m.state;
    if (m.reason) fact.reason = m.reason;
  }
  return fact;
}

function parseLine(line: string): HookRecord | undefined {
  try {
    const r = JSON.parse(line) as Partial<HookRecord>;
    if (typeof r.pane !== 'string' || typeof r.event !== 'string' || typeof r.at !== 'number')
      return undefined;
    return { agent: 'claude', server: '', ...r } as HookRecord;
  } catch {
    return undefined;
  }
}

/**
 * Fold complete lines into the newest fact per pane. A fact that says no state (a Notification of another
 * type, SubagentStop) does not replace one that does, so the last state-bearing word stays.
 */
export function foldLines(text: string, into: Map<string, HookFact>): string[] {
  const panes: string[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const r = parseLine(line);
    if (!r) continue;
    const fact = toFact(r);
    const prev = into.get(r.pane);
    if (prev && prev.at > fact.at) continue;
    if (fact.state === undefined && prev?.state !== undefined) continue;
    into.set(r.pane, fact);
    panes.push(r.pane);
  }
  return panes;
}

/** Read bytes [from, to) of a file (at most `max`). */
export function readRange(fd: number, from: number, to: number, max = 1024 * 1024): string {
  const start = Math.max(from, to - max);
  const buf = Buffer.alloc(Math.max(0, to - start));
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return buf.toString('utf8', 0, got);
}

/** One-shot: the newest fact per pane from the end of the hook file (none when it is missing). */
export function readRecentFacts(file: string, tailBytes = HOOK_TAIL_BYTES): Map<string, HookFact> {
  const facts = new Map<string, HookFact>();
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK); // a FIFO there must not block
  } catch {
    return facts;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return facts;
    const size = stat.size;
    let text = readRange(fd, Math.max(0, size - tailBytes), size);
    if (size > tailBytes) text = text.slice(text.indexOf('\n') + 1); // a cut first line
    foldLines(text, facts);
  } finally {
    closeSync(fd);
  }
  return facts;
}
