import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRemoteSource } from '../../src/source/remote.js';
import type { DataSource } from '../../src/source/types.js';
import { runCli } from '../helpers/cli.js';
import { newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

const bin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));

describe('tmo serve end to end (real tmux, real embedded source, remote source)', () => {
  const t: PrivateTmux = privateTmux('tmo-net');
  const state = mkdtempSync(join(tmpdir(), 'tmo-net-state-'));
  const env = { XDG_STATE_HOME: state };
  let child: ChildProcess | undefined;
  let remote: DataSource | undefined;
  afterAll(async () => {
    await remote?.stop();
    child?.kill('SIGKILL');
    t.kill();
  });

  it('serves tmux events to a remote source, which can send; SIGTERM stops it cleanly', async () => {
    newSession(t, 'alpha', 'cat');
    const created = await runCli(['token', 'create', '--name', 'e2e'], { env });
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    child = spawn(process.execPath, [bin, '-L', t.socketName, 'serve', '--port', '0'], {
      env: { ...process.env, ...env, TMUX: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    const url = (await waitFor(
      () => /listening on (ws:\/\/\S+)/.exec(stderr)?.[1],
      15_000,
      'serve to listen',
    )) as string;
    expect(stderr).not.toContain(token);

    remote = createRemoteSource({ url, token, baseMs: 50 });
    await remote.start();
    await waitFor(
      () => remote?.getState().snapshot.sessions.some((s) => s.name === 'alpha'),
      10_000,
      'alpha in the remote world',
    );
    const seen: string[] = [];
    remote.subscribe((e) => seen.push(e.type));
    newSession(t, 'beta', 'cat');
    await waitFor(() => remote?.getState().snapshot.sessions.some((s) => s.name === 'beta'), 10_000, 'beta');
    expect(seen).toContain('session.created');

    const outcome = await remote.send('beta', 'hello from afar');
    expect(['confirmed', 'unconfirmed']).toContain(outcome.status);
    await waitFor(
      () => t.tmux('capture-pane', '-p', '-t', '=beta:').includes('hello from afar'),
      10_000,
      'text in pane',
    );

    // `tmo events --connect`: the same stream, from the server, as JSON lines
    const events = await runCli(
      ['events', '--connect', url, '--filter', 'snapshot', '--count', '1', '--json'],
      {
        env: { ...env, TMO_TOKEN: token },
      },
    );
    expect(events.code, events.stderr).toBe(0);
    const snap = JSON.parse(events.stdout) as { type: string; snapshot: { sessions: { name: string }[] } };
    expect(snap.type).toBe('snapshot');
    expect(snap.snapshot.sessions.map((s) => s.name).sort()).toEqual(['alpha', 'beta']);
    const refused = await runCli(['events', '--connect', url, '--count', '1'], {
      env: { ...env, TMO_TOKEN: 'x'.repeat(43) },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/401/);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
