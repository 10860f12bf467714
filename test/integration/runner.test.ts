import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TmuxError } from '../../src/tmux/errors.js';
import { ExecaRunner } from '../../src/tmux/execa-runner.js';
import { ProcessRunner, type ServerSelector, type TmuxRunner } from '../../src/tmux/runner.js';
import { newSession, type PrivateTmux, privateTmux } from '../helpers/tmux.js';

const implementations: [string, (server: ServerSelector, binary?: string) => TmuxRunner][] = [
  ['ProcessRunner', (s, b) => new ProcessRunner(s, b)],
  ['ExecaRunner', (s, b) => new ExecaRunner(s, b)],
];

describe.each(implementations)('%s against a real tmux server', (_name, make) => {
  let t: PrivateTmux;
  let runner: TmuxRunner;
  beforeAll(() => {
    t = privateTmux('tmo-runner');
    runner = make({ socketName: t.socketName });
  });
  afterAll(() => t.kill());

  it('reports a missing server as NO_SERVER', async () => {
    await expect(runner.run(['list-sessions'])).rejects.toMatchObject({ code: 'NO_SERVER' });
  });

  it('runs commands, passes stdin, and keeps arguments literal', async () => {
    newSession(t, 'alpha');
    const { stdout } = await runner.run(['list-sessions', '-F', '#{session_name}']);
    expect(stdout).toBe('alpha\n');
    const text = 'line one\n-line; two $HOME `x` #(echo no)\n';
    await runner.run(['load-buffer', '-b', 'tmo-test', '-'], { input: text });
    expect((await runner.run(['show-buffer', '-b', 'tmo-test'])).stdout).toBe(text);
  });

  it('selects the server exactly like tmux -L / -S', async () => {
    const bySocket = t.tmux('display-message', '-p', '#{socket_path}').trim();
    const byPath = make({ socketPath: bySocket });
    expect((await byPath.run(['list-sessions', '-F', '#{session_name}'])).stdout).toBe('alpha\n');
  });

  it('raises typed errors: target not found, other failures with stderr, tmux missing', async () => {
    await expect(runner.run(['kill-window', '-t', '@9999'])).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
    });
    const failed = runner.run(['no-such-command']);
    await expect(failed).rejects.toBeInstanceOf(TmuxError);
    await expect(failed).rejects.toMatchObject({
      code: 'TMUX_FAILED',
      stderr: expect.stringContaining('unknown command'),
    });
    const missing = make({ socketName: t.socketName }, 'tmux-does-not-exist-xyz');
    await expect(missing.run(['list-sessions'])).rejects.toMatchObject({ code: 'TMUX_MISSING' });
  });
});
