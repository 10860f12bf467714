import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hiddenSessions, newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

const bin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));

/** Started = the hidden session exists and holds the user's windows (the first snapshot is applied). */
const started = (t: PrivateTmux, lines: string[]) =>
  lines.length >= 1 &&
  t
    .tmux('list-windows', '-a', '-F', '#{session_name}')
    .split('\n')
    .filter((n) => n.startsWith('__tmo_')).length >= 2;

const running = new Set<ReturnType<typeof spawn>>();

/** Start `tmo events …` as a child we can signal; lines collected as they come. */
function startEvents(t: PrivateTmux, args: string[]) {
  const child = spawn(process.execPath, [bin, '-L', t.socketName, 'events', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TMUX: '', NO_COLOR: '1' },
  });
  const lines: string[] = [];
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  running.add(child);
  void exited.then(() => running.delete(child));
  return { child, lines, exited };
}

describe('tmo events', () => {
  let t: PrivateTmux;
  beforeAll(() => {
    t = privateTmux('tmo-events');
    newSession(t, 'work', 'sh');
  });
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
    t.kill();
  });

  it('prints JSON events one per line, filtered, and exits cleanly on SIGINT', async () => {
    const run = startEvents(t, ['--json', '--all-output', '--filter', 'window', '--filter', 'server.up']);
    await waitFor(() => started(t, run.lines), 10_000, 'started');
    t.tmux('new-window', '-d', '-t', 'work:', '-n', 'fresh', 'sh');
    await waitFor(() => run.lines.some((l) => l.includes('"window.created"')), 8000, 'window.created');
    const events = run.lines.map((l) => JSON.parse(l) as { type: string; window?: string });
    expect(events[0]?.type).toBe('server.up');
    expect(events.every((e) => e.type === 'server.up' || e.type.startsWith('window.'))).toBe(true);
    expect(events.find((e) => e.type === 'window.created')).toMatchObject({
      window: 'fresh',
      session: 'work',
    });
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(hiddenSessions(t)).toEqual([]);
  });

  it('exits cleanly when stdout closes (EPIPE)', async () => {
    const run = startEvents(t, ['--all-output']);
    await waitFor(() => started(t, run.lines), 10_000, 'started');
    run.child.stdout.destroy();
    // make it write again
    t.tmux('new-window', '-d', '-t', 'work:', '-n', 'again', 'sh');
    expect(await run.exited).toBe(0);
    expect(hiddenSessions(t)).toEqual([]);
  });

  it('prints readable one-liners and stops after --count', async () => {
    const r = await runCli(['-L', t.socketName, 'events', '--count', '2']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} server\.up +tmux /);
    expect(lines[1]).toMatch(/snapshot +\d+ sessions, \d+ windows/);
  });

  it('rejects unknown event types with a usage error', async () => {
    const r = await runCli(['-L', t.socketName, 'events', '--filter', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown event type');
  });
});
