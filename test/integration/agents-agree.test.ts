import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TmoEvent } from '../../src/model/events.js';
import { createEmbeddedSource } from '../../src/source/embedded.js';
import { runCli } from '../helpers/cli.js';
import { newSession, newWindow, type PrivateTmux, privateTmux, shq, waitFor } from '../helpers/tmux.js';

/**
 * `status` and the live source (dashboard, events, serve) tell the same panes as agents. Found when a
 * shell loop printing under the title Claude Code left behind was `working` on the dashboard, `idle
 * (activity.settled)` under load, and no agent at all in `status`.
 */
const TITLE = `printf '\\033]0;\\342\\234\\263 Claude Code\\007'`;
const LOOP = `i=0; while :; do i=$((i+1)); echo "working line $i"; sleep 0.1; done`;

describe('status and the live source agree on which panes are agents', () => {
  let t: PrivateTmux;
  let leftover: string;
  let agent: string;
  beforeAll(() => {
    t = privateTmux('tmo-agree');
    newSession(t, 'base', 'sh');
    // the title an agent left, and a shell loop (bash, then `sleep` in front) printing under it
    leftover = newWindow(t, 'base', `bash -c ${shq(`${TITLE}; ${LOOP}`)}`);
    // a process that calls itself claude (as the real one does), printing the same way
    agent = newWindow(t, 'base', `bash -c ${shq(`exec -a claude bash -c ${shq(`${TITLE}; ${LOOP}`)}`)}`);
  });
  afterAll(() => t.kill());

  it('a loop under a leftover title is no agent in either; the agent is one in both, working in both', async () => {
    await waitFor(
      () => t.tmux('capture-pane', '-p', '-t', leftover).includes('working line 5'),
      8000,
      'loop',
    );
    const source = createEmbeddedSource({ server: { socketName: t.socketName }, idleDebounceMs: 300 });
    const events: TmoEvent[] = [];
    source.subscribe((e) => events.push(e));
    try {
      await source.start();
      const status = (id: string) =>
        events.filter(
          (e): e is Extract<TmoEvent, { type: 'agent.status' }> =>
            e.type === 'agent.status' && e.paneId === id,
        );
      await waitFor(() => status(agent).some((e) => e.state === 'working'), 8000, 'agent working');
      // a few looks later, the leftover pane has still never been reported
      const looks = status(agent).length;
      await waitFor(
        () => events.filter((e) => e.type === 'pane.output' || e.type === 'agent.status').length > looks + 5,
        8000,
        'more output',
      );
      expect(status(leftover)).toEqual([]);
      const cli = await runCli(['-L', t.socketName, 'status', '--json']);
      expect(cli.code).toBe(0);
      const json = JSON.parse(cli.stdout) as { agents: { pane: string; state: string; rule: string }[] };
      expect(json.agents.map((a) => a.pane)).toEqual([agent]);
      // one look, no output timing of its own: tmux's window activity says it prints (as the live source)
      expect(json.agents[0]).toMatchObject({ state: 'working', rule: 'activity.window' });
      // explain, a look before sending, names what the title is
      const explain = await runCli(['-L', t.socketName, 'explain', leftover]);
      expect(explain.stdout).toMatch(/rule\s+exited\.(?:shell-in-front|no-agent-process)/);
    } finally {
      await source.stop();
    }
  });
});
