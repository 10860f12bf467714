import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverOf } from '../../src/tmux/early-snapshot.js';
import { serverFromTmuxEnv } from '../../src/tmux/socket-path.js';

/**
 * Inside tmux with no -L / -S, the server meant is the one $TMUX names; every client of ours must go
 * there (the control client and `attach` run with $TMUX cleared, and went to the default server).
 */
describe('the server of $TMUX', () => {
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'tmo-tmuxenv-')));
  const uid = process.getuid?.() ?? 0;
  const env = (tmux?: string) => ({ TMUX_TMPDIR: tmp, ...(tmux === undefined ? {} : { TMUX: tmux }) });
  const dir = `${tmp}/tmux-${uid}`;

  it('is named as a user names it: nothing for default, -L for a name, -S for anywhere else', () => {
    expect(serverFromTmuxEnv(env())).toEqual({});
    expect(serverFromTmuxEnv(env(''))).toEqual({});
    expect(serverFromTmuxEnv(env(`${dir}/default,123,0`))).toEqual({});
    expect(serverFromTmuxEnv(env(`${dir}/work,123,4`))).toEqual({ socketName: 'work' });
    expect(serverFromTmuxEnv(env(`${dir}/a,b,123,4`))).toEqual({ socketName: 'a,b' });
    expect(serverFromTmuxEnv(env('/elsewhere/sock,1,0'))).toEqual({ socketPath: '/elsewhere/sock' });
    expect(serverFromTmuxEnv(env(`${dir}/sub/x,1,0`))).toEqual({ socketPath: `${dir}/sub/x` });
    expect(serverFromTmuxEnv(env('garbage'))).toEqual({ socketPath: 'garbage' });
  });

  it('the early call asks the same server as the command then does', () => {
    expect(serverOf([], env(`${dir}/work,1,0`))).toEqual({ socketName: 'work' });
    expect(serverOf(['-L', 'other'], env(`${dir}/work,1,0`))).toEqual({ socketName: 'other' });
    expect(serverOf(['-S', '/s'], env(`${dir}/work,1,0`))).toEqual({ socketPath: '/s' });
  });
});
