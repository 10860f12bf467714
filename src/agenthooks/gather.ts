/**
 * Signals for a one-shot look (`status`, `explain`, `send`'s look): the newest hook fact per pane from the
 * tail of the server's hook file, and Claude Code's session file for the pane's processes. No output timing
 * (no history): the screen decides once a word had time to show (see fuseSignals).
 */
import type { PaneSignals } from '../agents/signals.js';
import type { AgentKind } from '../model/types.js';
import { readRecentFacts } from './facts.js';
import { hookFile, socketPathFor } from './paths.js';
import { claudeSessionsDir, namesIn, readSessionStatus } from './session-files.js';

/** The signals of one pane: its kind as detected, and (lazily) the pids of its process tree. */
export type SignalsFor = (paneId: string, kind: AgentKind, pids: () => number[]) => PaneSignals | undefined;

export function oneShotSignals(
  server: { socketName?: string; socketPath?: string },
  env: NodeJS.ProcessEnv = process.env,
): SignalsFor {
  let facts: ReturnType<typeof readRecentFacts> | undefined;
  const sessions = claudeSessionsDir(env);
  // One look, one listing of the session files' directory (not a `stat` of it per Claude pane).
  let names: Set<string> | undefined | null = null;
  return (paneId, kind, pids) => {
    facts ??= readRecentFacts(hookFile(socketPathFor(server, env), env));
    const s: PaneSignals = {};
    const hook = facts.get(paneId);
    if (hook && hook.agent === kind) s.hook = hook;
    if (kind === 'claude') {
      if (names === null) names = namesIn(sessions);
      const file = names && readSessionStatus(sessions, pids(), names);
      if (file) s.sessionFile = file;
    }
    return s.hook || s.sessionFile ? s : undefined;
  };
}
