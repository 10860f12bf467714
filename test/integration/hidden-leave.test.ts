import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedSource } from '../../src/source/embedded.js';
import { startQuitHelper } from '../../src/source/quit-helper.js';
import {
  alive,
  controlClients,
  hiddenSessions,
  newSession,
  type PrivateTmux,
  privateTmux,
  waitFor,
} from '../helpers/tmux.js';

/**
 * The user's tmux server outlives our leaving. tmux 3.3a crashes (SIGSEGV: "no server running" after) when
 * a control client leaves a session that has `destroy-unattached on` while another client disconnects at
 * that moment (tmux PR #5497) — as a test polling `list-sessions` did while a dashboard's terminal went
 * away. The source turns the option off before its client leaves; here it leaves ten times amid a burst of
 * `list-sessions` clients (with the option left on, about one leave in three killed the server).
 */
let t: PrivateTmux;
beforeAll(() => {
  t = privateTmux('tmo-leave');
  newSession(t, 'user', 'sleep 600');
});
afterAll(() => t.kill());

const listSessions = () =>
  new Promise<void>((resolve) => {
    spawn('tmux', ['-L', t.socketName, 'list-sessions'], { stdio: 'ignore' }).on('exit', () => resolve());
  });

describe('leaving the server', () => {
  it('stops ten times amid other clients coming and going; the server and its session stay', async () => {
    for (let i = 0; i < 10; i++) {
      const source = createEmbeddedSource({ server: { socketName: t.socketName }, stateDir: false });
      await source.start();
      expect(source.mode).toBe('control');
      const client = source.controlPid;
      expect(client).toBeGreaterThan(0);
      const burst = Array.from({ length: 12 }, listSessions);
      await Promise.all([source.stop(), ...burst, ...Array.from({ length: 12 }, listSessions)]);
      // the server answers, with the user's session and none of ours
      expect(t.tmux('list-sessions', '-F', '#{session_name}')).toBe('user\n');
      // and our tmux -C client is gone (terminated once tmux confirmed the kill, not waited for)
      await waitFor(() => !alive(client ?? 0), 3000, 'the control client to exit');
    }
    expect(hiddenSessions(t)).toEqual([]);
    expect(controlClients(t)).toEqual([]);
  }, 60_000);
});

describe('a stop handed off to the quit helper (a dashboard quitting)', () => {
  it('over an open control client: done here, nothing left to the helper', async () => {
    const source = createEmbeddedSource({ server: { socketName: t.socketName }, stateDir: false });
    await source.start();
    expect(source.mode).toBe('control');
    const client = source.controlPid ?? 0;
    await source.stop({ handOff: true });
    expect(source.handedOff).toBe(false);
    expect(hiddenSessions(t)).toEqual([]);
    await waitFor(() => !alive(client), 3000, 'the control client to exit');
  });

  it('control mode still setting up: our client ended, the hidden session left to the helper, which removes it', async () => {
    const hangs = fileURLToPath(new URL('../fixtures/control/bin/tmux-hangs', import.meta.url));
    const source = createEmbeddedSource({
      server: { socketName: t.socketName },
      stateDir: false,
      controlBinary: hangs,
      commandTimeoutMs: 60_000,
    });
    void source.start();
    // our hidden session is there, the control client never answers: start-up is not over
    await waitFor(
      () => hiddenSessions(t).length === 1 && source.controlPid !== undefined,
      3000,
      'the set-up',
    );
    const client = source.controlPid!;
    const t0 = performance.now();
    await source.stop({ handOff: true });
    // at most the quick way's wait for tmux's answer (250 ms), no tmux process of its own
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(source.handedOff).toBe(true);
    expect(hiddenSessions(t)).toHaveLength(1); // left for the helper
    await waitFor(() => !alive(client), 3000, 'our control client ended');
    startQuitHelper({ socketName: t.socketName })?.finish([client]);
    await waitFor(() => hiddenSessions(t).length === 0, 5000, 'the helper to remove the hidden session');
    expect(t.tmux('list-sessions', '-F', '#{session_name}')).toBe('user\n');
  });
});
