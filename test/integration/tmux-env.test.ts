import { afterAll, describe, expect, it } from 'vitest';
import { ProcessRunner } from '../../src/tmux/runner.js';
import { type PrivateTmux, privateTmux } from '../helpers/tmux.js';

/**
 * A server that a call of ours starts (`tmo start` with none running) keeps the environment it was started
 * with for every pane: it must be the user's. LC_ALL=C.UTF-8 was set for each call where LC_ALL was unset,
 * and so forced on every pane of such a server, over the user's LANG.
 */
describe("the environment of a server we start is the user's", () => {
  let t: PrivateTmux | undefined;
  afterAll(() => t?.kill());

  it('no LC_ALL of ours in it; names still read whole', async () => {
    t = privateTmux('tmo-env');
    const saved = { LC_ALL: process.env['LC_ALL'], LANG: process.env['LANG'] };
    delete process.env['LC_ALL'];
    process.env['LANG'] = 'C';
    try {
      const runner = new ProcessRunner({ socketName: t.socketName });
      await runner.run(['new-session', '-d', '-s', 'naïve', 'sleep 600']);
      const global = (await runner.run(['show-environment', '-g', 'LC_ALL']).catch((e) => e)) as {
        stdout?: string;
        message?: string;
      };
      expect(global.stdout ?? global.message).not.toMatch(/^LC_ALL=/m);
      expect((await runner.run(['list-sessions', '-F', '#{session_name}'])).stdout).toBe('naïve\n');
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
});
