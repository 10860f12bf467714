import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventServer } from '../../src/net/server.js';
import { createMultiSource, createRemoteSource } from '../../src/source/remote.js';
import type { ConnectionState, DataSource } from '../../src/source/types.js';
import { runCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/tmux.js';
import { fakeSource, serverWith, sessionCreated, WRITE_TOKEN } from './net-fixture.js';

/** Why a connection fails reaches the connection state (and so the status bar and `tmo events`' stderr). */
const servers: EventServer[] = [];
const sources: DataSource[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const s of sources.splice(0)) await s.stop();
  for (const s of servers.splice(0)) await s.close();
});

/** A port nothing listens on (just released by a server we closed). */
async function freePort(): Promise<number> {
  const s = await serverWith(fakeSource());
  const port = s.port;
  await s.close();
  return port;
}

const track = (source: DataSource) => {
  sources.push(source);
  const states: ConnectionState[] = [];
  source.onConnection((s) => states.push(s));
  return states;
};

describe('the reason a connection fails', () => {
  it('a refused port: "reconnecting" carries the error and the retry time; the retry says "connecting"', async () => {
    const port = await freePort();
    const remote = createRemoteSource({ url: `ws://127.0.0.1:${port}`, token: WRITE_TOKEN, baseMs: 300 });
    const states = track(remote);
    await remote.start();
    const retry = remote.getConnection();
    expect(retry).toMatchObject({
      status: 'reconnecting',
      error: `connect ECONNREFUSED 127.0.0.1:${port}`,
      at: expect.any(Number),
    });
    if (retry.status === 'reconnecting') expect(retry.at).toBeGreaterThanOrEqual(Date.now() - 300);
    await waitFor(() => states.filter((s) => s.status === 'reconnecting').length >= 2, 5000, 'a retry');
    const second = states.findIndex((s, i) => i > 0 && s.status === 'connecting');
    expect(states[second]).toEqual({ status: 'connecting', error: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!hasOpenssl)(
    'an untrusted (self-signed) certificate is named, with how to trust it',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tmo-tls-err-'));
      const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
      const gen = spawnSync('openssl', [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'],
        ...['-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
      ]);
      expect(gen.status).toBe(0);
      const server = await serverWith(fakeSource(), {
        tls: { cert: readFileSync(cert), key: readFileSync(key) },
      });
      servers.push(server);
      const remote = createRemoteSource({ url: server.url, token: WRITE_TOKEN, baseMs: 5000 });
      track(remote);
      await remote.start();
      expect(remote.getConnection()).toMatchObject({
        status: 'reconnecting',
        error: expect.stringMatching(/^self-signed certificate \(to trust it: NODE_EXTRA_CA_CERTS=/),
      });
    },
  );

  it('several servers, one down: the state names that host', async () => {
    const up = fakeSource();
    up.push(sessionCreated('main'));
    const server = await serverWith(up);
    servers.push(server);
    const port = await freePort();
    const multi = createMultiSource([
      createRemoteSource({ url: server.url, token: WRITE_TOKEN }),
      createRemoteSource({ url: `ws://localhost:${port}`, token: WRITE_TOKEN, baseMs: 2000 }),
    ]);
    track(multi);
    await multi.start();
    await waitFor(() => multi.getConnection().status === 'reconnecting', 5000, 'localhost retrying');
    expect(multi.getConnection()).toMatchObject({
      status: 'reconnecting',
      host: 'localhost',
      error: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(multi.connections?.().map((c) => [c.host, c.status])).toEqual([
      ['127.0.0.1', 'connected'],
      ['localhost', expect.stringMatching(/reconnecting|connecting/)],
    ]);
  });
});

describe('tmo events --connect: connection changes on stderr, events on stdout', () => {
  const bin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));
  it('says why it is reconnecting, then "connected"; stdout holds only events', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [bin, 'events', '--json', '--filter', 'session', '--connect', `ws://127.0.0.1:${port}`],
      { env: { ...process.env, TMO_TOKEN: WRITE_TOKEN, TMUX: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await waitFor(
      () => /tmo events: reconnecting in \d+s: connect ECONNREFUSED 127\.0\.0\.1:\d+\n/.test(stderr),
      10_000,
      'the reason on stderr',
    );
    const fake = fakeSource();
    servers.push(await serverWith(fake, { port }));
    await waitFor(() => stderr.endsWith('tmo events: connected\n'), 20_000, '"connected" on stderr').catch(
      (e: Error) => {
        throw new Error(`${e.message}; stderr: ${stderr}`);
      },
    );
    fake.push(sessionCreated('late'));
    await waitFor(() => stdout.includes('"late"'), 5000, 'the event on stdout');
    for (const line of stdout.trim().split('\n'))
      expect(JSON.parse(line)).toMatchObject({ type: 'session.created' });
    expect(stderr).not.toContain('connected (1006)');
    // one line per attempt: its outcome, not also its start
    expect(stderr).not.toContain('connecting…');
  }, 40_000);

  it('warns when a token file can be read by others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmo-token-mode-'));
    const file = join(dir, 'token');
    writeFileSync(file, `${WRITE_TOKEN}\n`, { mode: 0o644 });
    const run = (f: string) =>
      runCli(['events', '--count', '1', '--connect', 'ws://127.0.0.1:9', '--token-file', f], {
        timeoutMs: 1500,
      });
    try {
      expect((await run(file)).stderr).toContain(
        `warning: token file ${file} can be read by others: chmod 600 it`,
      );
      chmodSync(file, 0o600);
      expect((await run(file)).stderr).not.toContain('warning');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
