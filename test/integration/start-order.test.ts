import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPending, type TmoEvent } from '../../src/model/events.js';
import { createEmbeddedSource } from '../../src/source/embedded.js';
import { hiddenSessionName } from '../../src/source/embedded-hidden.js';
import { startQuitHelper } from '../../src/source/quit-helper.js';
import { ProcessRunner } from '../../src/tmux/runner.js';
import { takeSnapshotOf } from '../../src/tmux/snapshot.js';
import { hiddenSessions, newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

const fakeClaude = fileURLToPath(new URL('../fixtures/control/bin/claude', import.meta.url));

let t: PrivateTmux;
beforeAll(() => {
  t = privateTmux('tmo-start');
  newSession(t, 'user', 'sleep 600');
  t.tmux('new-window', '-d', '-t', 'user:', '-n', 'agent', fakeClaude);
});
afterAll(() => t.kill());

describe("the dashboard's start-up order (embedded source)", () => {
  it('sends the tree from the early snapshot, then (after the first frame) lists the agent as pending, then its state', async () => {
    const server = { socketName: t.socketName };
    let firstFrame = () => {};
    const source = createEmbeddedSource({
      server,
      stateDir: false,
      firstSnapshot: takeSnapshotOf(new ProcessRunner(server)),
      startAfter: new Promise<void>((r) => {
        firstFrame = r;
      }),
      pending: true,
    });
    const events: TmoEvent[] = [];
    source.subscribe((e) => events.push(e));
    const started = source.start();
    const tree = await waitFor(() => events.find((e) => e.type === 'snapshot'), 8000, 'the first tree');
    expect(tree?.type === 'snapshot' && tree.snapshot.sessions.map((s) => s.name)).toEqual(['user']);
    // Held until the first frame is out: no agent work, no hidden session of ours yet.
    await new Promise((r) => setTimeout(r, 300));
    expect(events.filter((e) => e.type === 'agent.status')).toEqual([]);
    expect(hiddenSessions(t)).toEqual([]);
    firstFrame();
    await started;
    const states = () =>
      events.flatMap((e) =>
        e.type === 'agent.status' ? [{ state: e.state, pending: isPending(e), previous: e.previous }] : [],
      );
    await waitFor(() => states().some((s) => !s.pending), 8000, 'the first look');
    const [found, looked] = states();
    expect(found).toEqual({ state: 'unknown', pending: true, previous: null });
    // the first look reports what it saw, as the first state (not a change from "unknown")
    expect(looked?.pending).toBe(false);
    expect(looked?.state).not.toBe('unknown');
    expect(looked?.previous).toBeNull();
    expect(source.mode).toBe('control');
    await source.stop();
    expect(hiddenSessions(t)).toEqual([]);
  }, 30_000);
});

describe('the quit helper', () => {
  it('disarms and kills our hidden session (also one that appears after it was told) and ends the stuck client', async () => {
    const helper = startQuitHelper({ socketName: t.socketName });
    expect(helper).toBeDefined();
    const stuck = spawn('sleep', ['60'], { stdio: 'ignore' });
    const ended = new Promise((r) => stuck.once('exit', r));
    helper?.finish([stuck.pid]);
    // A quit during start-up: our hidden session is created after the dashboard has gone.
    await new Promise((r) => setTimeout(r, 400));
    t.tmux('new-session', '-d', '-s', hiddenSessionName(), 'cat');
    await waitFor(() => hiddenSessions(t).length === 0, 5000, 'the hidden session removed');
    await ended;
    expect(t.tmux('list-sessions', '-F', '#{session_name}')).toBe('user\n');
  }, 15_000);
});
