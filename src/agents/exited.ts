/**
 * What an agent leaves behind when it exits to its shell, pure: its last words (the last lines of its
 * final frame, above the fresh shell prompt) and whether the leftovers are STRONG enough to list the pane
 * as that agent, exited, with no history (Claude's `claude --resume <id>` hint; the agent's last frame
 * right above a shell prompt).
 */
import type { Classification } from './classify.js';
import { recentRegion } from './classify.js';
import { EXIT_LINES } from './detect.js';
import type { AgentTable } from './rules/types.js';

/** A shell prompt line: `user@host:~/src$`, `%`, `❯`, `➜  repo git:(main)`, `bash-5.2#`. */
const SHELL_PROMPT = /^(?:\S.{0,160}?)?(?:[$#%>❯»λ]|➜.*)\s*$/;
const MAX_WORDS = 3;
const MAX_LINE = 160;

/** The last non-blank lines the agent drew, above the shell prompt (and without it). */
export function lastWordsOf(screen: string): string | undefined {
  const lines = recentRegion(screen, 12);
  while (lines.length && SHELL_PROMPT.test(lines[lines.length - 1]!.trim())) lines.pop();
  const words = lines
    .slice(-MAX_WORDS)
    .map((l) => l.trim())
    .map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE - 1)}…` : l));
  return words.length ? words.join('\n') : undefined;
}

/**
 * Strong leftovers of `table`'s agent on a screen with a shell in front: its exit hint in the last lines,
 * or one of its own screen patterns within the last lines right above a shell prompt.
 */
export function strongLeftovers(table: AgentTable, screen: string): boolean {
  const lines = recentRegion(screen, EXIT_LINES);
  if (lines.length === 0) return false;
  if (table.exitPatterns?.some((re) => lines.some((l) => re.test(l)))) return true;
  const last = lines[lines.length - 1]!.trim();
  if (!SHELL_PROMPT.test(last)) return false;
  const frame = lines.slice(-8, -1);
  return Boolean(table.screenPatterns?.some((re) => frame.some((l) => re.test(l))));
}

/** An exited verdict with what is known: the rule, the exit status of a dead pane, the last words. */
export function exitedVerdict(rule: string, screen: string, exitStatus?: number): Classification {
  const c: Classification = { state: 'exited', rule };
  if (exitStatus !== undefined) c.exitStatus = exitStatus;
  const words = screen ? lastWordsOf(screen) : undefined;
  if (words) c.lastWords = words;
  return c;
}
