import { afterEach, describe, expect, it } from 'vitest';
import { frameOf, type Harness, mount } from './harness.js';

/** Over a remote source: no attach offered (Enter says why), a lost connection logged, R retries now. */
let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});
const frameWith = frameOf(() => h);

describe('dashboard over a remote source', () => {
  it('offers no attach; Enter explains why; ? lists the retry key instead', async () => {
    h = mount({ remote: 'ws://box:7070', rows: 30 });
    const frame = await frameWith('codex', 'agents listed');
    expect(frame).not.toContain('attach');
    h.press('\r');
    await frameWith(/cannot attach: the pane runs on ws:\/\/box:7070/, 'the refusal');
    expect(h.attached).toEqual([]);
    h.press('?');
    const help = await frameWith('Keys (Esc or ? closes)');
    expect(help).toContain('reconnect to the remote server now');
    expect(help).not.toContain("attach to the agent's pane");
  });

  it('locally: attach offered, no retry key listed', async () => {
    h = mount({ rows: 30 });
    expect(await frameWith('codex')).toContain('attach');
    h.press('?');
    const help = await frameWith('Keys (Esc or ? closes)');
    expect(help).toContain('attach to the pane');
    expect(help).not.toContain('reconnect to the remote server');
  });

  it('logs the loss and the reconnect in the feed, keeps lostAt meanwhile, and R retries at once', async () => {
    h = mount({ remote: 'ws://box:7070', rows: 30, columns: 140 });
    await frameWith('codex');
    let retries = 0;
    Object.assign(h.source, {
      retryNow: () => {
        retries++;
        return true;
      },
    });
    const before = Date.now();
    const error = 'connection closed (1006)';
    h.source.setConnection({ status: 'reconnecting', inMs: 4000, at: Date.now() + 4000, attempt: 1, error });
    await frameWith(`connection to ws://box:7070 lost: ${error}`, 'the loss in the feed');
    const lost = h.store.getState().connection;
    expect(lost.status === 'reconnecting' && lost.lostAt).toBeGreaterThanOrEqual(before);
    // later states keep the moment it was lost
    h.source.setConnection({ status: 'connecting', error });
    const lostAt = lost.status === 'connected' ? undefined : lost.lostAt;
    expect(h.store.getState().connection).toMatchObject({ status: 'connecting', lostAt });
    h.source.setConnection({ status: 'reconnecting', inMs: 4000, at: Date.now() + 4000, attempt: 2, error });
    h.press('R');
    await frameWith('reconnecting to ws://box:7070 now', 'the retry message');
    expect(retries).toBe(1);
    h.source.setConnection({ status: 'connected' });
    await frameWith(/reconnected to ws:\/\/box:7070 \(lost at \d\d:\d\d:\d\d, for \ds\)/, 'the reconnect');
    expect(h.store.getState().connection).toEqual({ status: 'connected' });
    expect(h.store.getState().feed.filter((f) => /lost/.test(f.text) && f.kind === 'error')).toHaveLength(1);
  });
});
