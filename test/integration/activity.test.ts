import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

let t: PrivateTmux;
const tmo = (...args: string[]) => runCli(['-L', t.socketName, ...args]);

beforeAll(async () => {
  t = privateTmux('tmo-activity');
  newSession(t, 'log', `sh -c 'seq 1 50; exec sleep 1000'`);
  newSession(t, 'blank', 'sleep 1000');
  await waitFor(() => t.tmux('capture-pane', '-p', '-t', 'log').includes('50'));
});
afterAll(() => t?.kill());

describe('tmo activity', () => {
  it('prints the last N lines', async () => {
    const r = await tmo('activity', 'log', '-n', '3');
    expect(r).toMatchObject({ code: 0, stdout: '48\n49\n50\n' });
    const d = await tmo('activity', 'log');
    expect(d.stdout.trim().split('\n')).toEqual(Array.from({ length: 20 }, (_, i) => String(31 + i)));
  });

  it('--json', async () => {
    const r = await tmo('activity', '--json', '-n', '2', 'log');
    expect(JSON.parse(r.stdout)).toMatchObject({ target: 'log', session: 'log', lines: ['49', '50'] });
  });

  it('an empty pane prints nothing; -n 0 prints nothing', async () => {
    expect(await tmo('activity', 'blank')).toMatchObject({ code: 0, stdout: '' });
    expect(await tmo('activity', 'log', '-n', '0')).toMatchObject({ code: 0, stdout: '' });
  });

  it('usage errors exit 2', async () => {
    expect((await tmo('activity')).code).toBe(2);
    expect((await tmo('activity', 'log', '-n', 'many')).code).toBe(2);
    expect((await tmo('activity', 'log', 'extra')).code).toBe(2);
  });

  it('not found exits 1', async () => {
    const r = await tmo('activity', 'nosuch');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not found/);
  });
});
