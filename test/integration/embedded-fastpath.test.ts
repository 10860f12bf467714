import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TmoEvent } from '../../src/model/events.js';
import { createEmbeddedSource, type EmbeddedSource } from '../../src/source/embedded.js';
import { newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

/**
 * Window creation and removal are reported from one targeted query, ahead of the re-snapshot that
 * follows (which costs tmux tens of ms on a large server), and only once.
 */
let t: PrivateTmux;
let source: EmbeddedSource;
/** Each event with the number of re-snapshots applied when it was emitted. */
const seen: { event: TmoEvent; resyncs: number }[] = [];

beforeAll(async () => {
  t = privateTmux('tmo-fastpath');
  newSession(t, 'work');
  t.tmux('new-window', '-d', '-t', 'work:', '-n', 'doomed', 'sleep 600');
  source = createEmbeddedSource({ server: { socketName: t.socketName } });
  source.subscribe((event) => seen.push({ event, resyncs: source.resyncs }));
  await source.start();
  await source.settled();
});

afterAll(async () => {
  await source.stop();
  t.kill();
});

async function change(type: string, act: () => void) {
  await source.settled();
  const from = seen.length;
  const before = source.resyncs;
  act();
  const hit = (await waitFor(() => seen.slice(from).find((s) => s.event.type === type), 10_000, type))!;
  await source.settled();
  return { hit, before, all: seen.slice(from).filter((s) => s.event.type === type) };
}

describe('structural fast paths', () => {
  it('window.created comes before any re-snapshot, once', async () => {
    const { hit, before, all } = await change('window.created', () =>
      t.tmux('new-window', '-d', '-t', 'work:', '-n', 'fresh', 'sleep 600'),
    );
    expect(hit.event).toMatchObject({ window: 'fresh', session: 'work' });
    expect(hit.resyncs).toBe(before);
    expect(all).toHaveLength(1);
  });

  it('window.removed comes before any re-snapshot, once', async () => {
    const { hit, before, all } = await change('window.removed', () =>
      t.tmux('kill-window', '-t', 'work:doomed'),
    );
    expect(hit.event).toMatchObject({ window: 'doomed', session: 'work' });
    expect(hit.resyncs).toBe(before);
    expect(all).toHaveLength(1);
  });
});
