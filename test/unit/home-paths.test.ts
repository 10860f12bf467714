import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeSessionsDir } from '../../src/agenthooks/session-files.js';
import { targetsFor } from '../../src/agenthooks/targets.js';
import { configDir, homeOf, stateDir } from '../../src/config/paths.js';

/**
 * `HOME=` (empty, as some cron and service set-ups leave it) made Node's homedir() answer '': state, the
 * journal and hint files among it, went into whatever directory the command ran in. No path of ours is
 * relative, whatever HOME and the XDG variables hold.
 */
describe('home and XDG directories are never relative', () => {
  const odd = [{ HOME: '' }, { HOME: 'relative/home' }, { HOME: '.' }, {}];

  it('a HOME that is empty or relative gives way to an absolute one', () => {
    for (const env of odd) {
      const home = homeOf(env);
      expect(home && isAbsolute(home), JSON.stringify(env)).toBe(true);
    }
    expect(homeOf({ HOME: '/srv/me' })).toBe('/srv/me');
  });

  it('state, config and the places read or written under home are absolute', () => {
    for (const env of [...odd, { HOME: '', XDG_STATE_HOME: 'st', XDG_CONFIG_HOME: 'cf' }]) {
      for (const dir of [stateDir(env), configDir(env), claudeSessionsDir(env)])
        expect(isAbsolute(dir), `${dir} from ${JSON.stringify(env)}`).toBe(true);
      const paths = targetsFor('claude', { env, tmo: '/x/tmo', node: '/x/node' }).map((t) => t.path);
      for (const path of paths) expect(isAbsolute(path), path).toBe(true);
    }
    // an absolute XDG directory is taken as it is
    expect(stateDir({ HOME: '', XDG_STATE_HOME: '/s' })).toBe('/s/tmux-orchestrator');
    expect(configDir({ XDG_CONFIG_HOME: '/c' })).toBe('/c/tmux-orchestrator');
  });
});
