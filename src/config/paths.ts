import { homedir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The user's home directory, the first absolute path of: `env`'s HOME, this process's home (os.homedir:
 * its $HOME, else the password database), the account's home in the password database; undefined when none
 * is. Never a relative path: `HOME=` (empty, as some cron and service set-ups leave it) made homedir()
 * answer '', and state went into the working directory.
 */
export function homeOf(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [() => env['HOME'], homedir, () => userInfo().homedir];
  for (const candidate of candidates) {
    try {
      const home = candidate();
      if (home && isAbsolute(home)) return home;
    } catch {
      // no entry for this uid (a container's arbitrary user)
    }
  }
  return undefined;
}

/** homeOf, or an error that says what to set (`HOME`, or `HOME or <variable>`) — never a path relative to here. */
export function needHome(env: NodeJS.ProcessEnv, variable?: string): string {
  const home = homeOf(env);
  if (home) return home;
  const set = variable ? `HOME or ${variable}` : 'HOME';
  throw new Error(`no home directory: HOME is not an absolute path and the account has none; set ${set}`);
}

/** An XDG base directory: the variable when absolute (the spec ignores a relative one), else under home. */
function baseDir(env: NodeJS.ProcessEnv, variable: string, ...underHome: string[]): string {
  const set = env[variable];
  return set && isAbsolute(set) ? set : join(needHome(env, variable), ...underHome);
}

/** Where the user's config lives: `$XDG_CONFIG_HOME/tmux-orchestrator` (fallback `~/.config/...`). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(baseDir(env, 'XDG_CONFIG_HOME', '.config'), 'tmux-orchestrator');
}

/** Where state lives (tokens, schedules, saved summaries): `$XDG_STATE_HOME/tmux-orchestrator`. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(baseDir(env, 'XDG_STATE_HOME', '.local', 'state'), 'tmux-orchestrator');
}
