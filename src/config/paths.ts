import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the user's config lives: `$XDG_CONFIG_HOME/tmux-orchestrator` (fallback `~/.config/...`). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(base, 'tmux-orchestrator');
}

/** Where state lives (tokens, schedules, saved summaries): `$XDG_STATE_HOME/tmux-orchestrator`. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state');
  return join(base, 'tmux-orchestrator');
}
