/**
 * Screen classification: pure and fast (no I/O, no allocation beyond one split).
 *
 * 1. The recent region: the last `table.recentLines` (default 30) non-blank lines of the screen.
 * 2. Every rule finds its LOWEST (most recent) matching line, within its own `within` window if set.
 * 3. Barriers (idle rules marked `barrier`) make older signals stale: a waiting match above the lowest
 *    barrier is ignored (an old dialog above a fresh prompt); with `barrier: true` an error above it too.
 *    An error is also stale when a working signal is drawn below it (the agent retried).
 * 4. Priority: waiting (screen, then title) > error > working (screen, then title) > idle > unknown.
 *    Within one state the first rule of the table wins: user rules come first, so they override.
 */
import type { AgentState, WaitReason } from '../model/types.js';
import type { AgentTable, ScreenRule } from './rules/types.js';

export interface Classification {
  state: AgentState;
  reason?: WaitReason;
  /** The deciding rule id, e.g. `claude.waiting.permission`, or `<kind>.unknown`. */
  rule: string;
  /** The screen line (or title) that matched. */
  line?: string;
}

export const DEFAULT_RECENT_LINES = 30;
const MAX_LINE = 200;

/** The recent region: the last `count` non-blank lines, top to bottom, right-trimmed. */
export function recentRegion(screen: string, count = DEFAULT_RECENT_LINES): string[] {
  const all = screen.split('\n');
  const out: string[] = [];
  for (let i = all.length - 1; i >= 0 && out.length < count; i--) {
    const line = all[i]!.trimEnd();
    if (line.trim() !== '') out.push(line);
  }
  return out.reverse();
}

/** Index of the lowest line matching the rule (respecting `within`), or -1. */
function lowestMatch(rule: ScreenRule, lines: string[]): number {
  const stop = rule.within ? Math.max(0, lines.length - rule.within) : 0;
  for (let i = lines.length - 1; i >= stop; i--) if (rule.pattern.test(lines[i]!)) return i;
  return -1;
}

interface Hit {
  rule: ScreenRule;
  index: number; // -2 for a title match
}

const clip = (s: string): string => {
  // Box borders say nothing: `│ Do you want to proceed?   │` → `Do you want to proceed?`
  const t = s
    .trim()
    .replace(/^[│┃]\s*/, '')
    .replace(/\s*[│┃]$/, '');
  return t.length > MAX_LINE ? `${t.slice(0, MAX_LINE - 1)}…` : t;
};

function result(hit: Hit, lines: string[], title: string): Classification {
  const c: Classification = { state: hit.rule.state, rule: hit.rule.id };
  if (hit.rule.reason) c.reason = hit.rule.reason;
  const line = hit.index >= 0 ? lines[hit.index] : title;
  if (line !== undefined) c.line = clip(line);
  return c;
}

export function classifyScreen(table: AgentTable, screen: string, title: string): Classification {
  const lines = recentRegion(screen, table.recentLines ?? DEFAULT_RECENT_LINES);
  const hits: Hit[] = [];
  let barrierWaiting = -1;
  let barrierAll = -1;
  let lowestWorking = -1;
  for (const rule of table.rules) {
    let index: number;
    if (rule.on === 'title') index = rule.pattern.test(title) ? -2 : -1;
    else index = lowestMatch(rule, lines);
    if (index === -1) continue;
    hits.push({ rule, index });
    if (rule.state === 'idle' && rule.barrier && index >= 0) {
      barrierWaiting = Math.max(barrierWaiting, index);
      if (rule.barrier === true) barrierAll = Math.max(barrierAll, index);
    }
    if (rule.state === 'working' && index >= 0) lowestWorking = Math.max(lowestWorking, index);
  }
  const pick = (state: AgentState, onTitle: boolean, fresh: (h: Hit) => boolean = () => true) =>
    hits.find((h) => h.rule.state === state && (h.index === -2) === onTitle && fresh(h));
  const hit =
    pick('waiting', false, (h) => h.index > barrierWaiting) ??
    pick('waiting', true) ??
    pick('error', false, (h) => h.index > barrierAll && h.index > lowestWorking) ??
    pick('working', false) ??
    pick('working', true) ??
    pick('idle', false) ??
    pick('idle', true) ??
    pick('exited', false) ??
    pick('unknown', false);
  if (hit) return result(hit, lines, title);
  return { state: 'unknown', rule: `${table.kind}.unknown` };
}
