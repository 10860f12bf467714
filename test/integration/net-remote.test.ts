import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TmoEvent } from '../../src/model/events.js';
import type { EventServer } from '../../src/net/server.js';
import { createMultiSource, createRemoteSource } from '../../src/source/remote.js';
import type { ConnectionState, DataSource } from '../../src/source/types.js';
import { waitFor } from '../helpers/tmux.js';
import {
  bearer,
  client,
  fakeSource,
  output,
  READ_TOKEN,
  serverWith,
  sessionCreated,
  WRITE_TOKEN,
} from './net-fixture.js';

const servers: EventServer[] = [];
const sources: DataSource[] = [];
afterEach(async () => {
  for (const s of sources.splice(0)) await s.stop();
  for (const s of servers.splice(0)) await s.close();
});

async function setup(extra: Parameters<typeof serverWith>[1] = {}, token = WRITE_TOKEN) {
  const fake = fakeSource();
  const server = await serverWith(fake, extra);
  servers.push(server);
  const remote = createRemoteSource({ url: server.url, token, baseMs: 20, capMs: 100 });
  sources.push(remote);
  const events: TmoEvent[] = [];
  const states: ConnectionState[] = [];
  remote.subscribe((e) => events.push(e));
  remote.onConnection((s) => states.push(s));
  return { fake, server, remote, events, states };
}

const names = (ds: DataSource) => ds.getState().snapshot.sessions.map((s) => s.name);
const dropAll = (server: EventServer) => {
  for (const c of server.hub.clients) c.ws.terminate();
};

describe('remote source', () => {
  it('mirrors the server and resumes after a dropped connection without loss or duplicates', async () => {
    const { fake, server, remote, events, states } = await setup();
    fake.push(sessionCreated('before'));
    await remote.start();
    expect(remote.getConnection().status).toBe('connected');
    expect(names(remote)).toEqual(['before']);
    for (let i = 0; i < 5; i++) fake.push(sessionCreated(`a${i}`));
    await waitFor(() => names(remote).length === 6, 5000, 'live events');
    remote.onConnection((s) => {
      // published while disconnected (between the drop and the reconnect)
      if (s.status === 'reconnecting' && names(fake).length === 6)
        for (let i = 0; i < 5; i++) fake.push(sessionCreated(`b${i}`));
    });
    dropAll(server);
    await waitFor(() => names(fake).length === 11, 5000, 'noticed the drop');
    await waitFor(() => remote.getConnection().status === 'connected', 5000, 'reconnected');
    for (let i = 0; i < 5; i++) fake.push(sessionCreated(`c${i}`));
    await waitFor(() => names(remote).length === 16, 5000, 'all sessions');
    expect(names(remote)).toEqual(names(fake));
    const created = events.filter((e) => e.type === 'session.created');
    expect(created).toHaveLength(15); // each exactly once: replayed, not reset
    expect(events.filter((e) => e.type === 'snapshot')).toHaveLength(1); // only the initial one
    const retry = states.find((s) => s.status === 'reconnecting');
    expect(retry).toMatchObject({ status: 'reconnecting', attempt: 1, inMs: expect.any(Number) });
  });

  it('gets reset + snapshot when the gap is beyond the ring buffer', async () => {
    const { fake, server, remote, events, states } = await setup({ ringSize: 4 });
    await remote.start();
    // hold the reconnect until the events are published
    remote.onConnection((s) => {
      if (s.status === 'reconnecting' && names(fake).length === 0)
        for (let i = 0; i < 20; i++) fake.push(sessionCreated(`x${i}`));
    });
    dropAll(server);
    await waitFor(() => states.some((s) => s.status === 'reconnecting'), 5000, 'noticed the drop');
    await waitFor(() => names(remote).length === 20, 5000, 'state after reset');
    expect(events.filter((e) => e.type === 'snapshot')).toHaveLength(2);
    expect(names(remote)).toEqual(names(fake));
  });

  it('resets on a server restart (new epoch)', async () => {
    const { server, remote } = await setup();
    await remote.start();
    const port = server.port;
    await server.close();
    servers.splice(0);
    const fake2 = fakeSource();
    fake2.push(sessionCreated('fresh'));
    const server2 = await serverWith(fake2, { port });
    servers.push(server2);
    expect(server2.epoch).not.toBe(server.epoch);
    await waitFor(() => names(remote).join() === 'fresh', 5000, 'new world');
  });

  it('sends through the server and reports the outcome; read-only is refused', async () => {
    const w = await setup();
    await w.remote.start();
    expect(await w.remote.send('main:0', 'hello')).toMatchObject({ status: 'confirmed', paneId: '%1' });
    expect(w.fake.sent).toEqual([
      { target: 'main:0', text: 'hello', options: { force: false, noEnter: false } },
    ]);
    expect(await w.remote.capture('%1')).toBe('screen of %1');
    const r = await setup({}, READ_TOKEN);
    await r.remote.start();
    expect(await r.remote.send('main:0', 'hello')).toMatchObject({ status: 'refused' });
    expect(r.fake.sent).toEqual([]);
  });

  it('a wrong token fails start() and does not retry', async () => {
    const { remote } = await setup({}, 'wrong-token');
    await expect(remote.start()).rejects.toThrow(/401/);
    expect(remote.getConnection()).toMatchObject({ status: 'closed', error: expect.stringMatching(/401/) });
  });

  it('groups several servers by host', async () => {
    const a = await setup();
    const b = await setup();
    a.fake.push(sessionCreated('main'));
    b.fake.push(sessionCreated('main'));
    const urlB = b.server.url.replace('127.0.0.1', 'localhost');
    const multi = createMultiSource([
      createRemoteSource({ url: a.server.url, token: WRITE_TOKEN }),
      createRemoteSource({ url: urlB, token: WRITE_TOKEN }),
    ]);
    sources.push(multi);
    await multi.start();
    await waitFor(() => names(multi).length === 2, 5000, 'merged world');
    expect(names(multi).sort()).toEqual(['127.0.0.1/main', 'localhost/main']);
    b.fake.push(output('hi', '%7', 'main'));
    expect(await multi.send('localhost/main:0', 'x')).toMatchObject({
      status: 'confirmed',
      paneId: 'localhost/%1',
    });
    expect(b.fake.sent).toHaveLength(1);
    expect(a.fake.sent).toHaveLength(0);
    expect(await multi.send('nohost:0', 'x')).toMatchObject({ status: 'refused' });
  });
});

describe('TLS', () => {
  const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!hasOpenssl)(
    'serves wss:// with --tls-cert/--tls-key; the remote source trusts a given CA',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tmo-tls-'));
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      const gen = spawnSync('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ]);
      expect(gen.status).toBe(0);
      const fake = fakeSource();
      fake.push(sessionCreated('secure'));
      const server = await serverWith(fake, { tls: { cert: readFileSync(cert), key: readFileSync(key) } });
      servers.push(server);
      expect(server.url).toMatch(/^wss:/);
      const remote = createRemoteSource({ url: server.url, token: WRITE_TOKEN, ca: readFileSync(cert) });
      sources.push(remote);
      await remote.start();
      expect(names(remote)).toEqual(['secure']);
    },
  );
});

describe('backpressure resync', () => {
  /** A subscribed client whose socket stops reading, on a server with small backpressure limits. */
  async function stalledSubscriber(highWater: number) {
    const fake = fakeSource();
    const server = await serverWith(fake, { limits: { lowWater: 8 * 1024, highWater, stallMs: 20_000 } });
    servers.push(server);
    const c = client(server.url, bearer(WRITE_TOKEN));
    await c.next((m) => m.type === 'hello');
    c.send({ action: 'subscribe' });
    await c.next((m) => m.type === 'subscription.confirmed');
    const socket = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    return { fake, server, c, socket };
  }

  it('a client that falls behind and recovers gets gap + a fresh snapshot', async () => {
    const { fake, server, c, socket } = await stalledSubscriber(64 * 1024);
    const big = 'z'.repeat(16 * 1024);
    for (let i = 0; i < 800; i++) fake.push(output(`${i} ${big}`, `%${i}`));
    await waitFor(
      () => server.hub.clients.size === 1 && [...server.hub.clients][0]!.queued > 0,
      5000,
      'behind',
    );
    socket.resume();
    const gap = await c.next((m) => m.type === 'gap', 'gap', 10_000);
    expect(gap).toMatchObject({
      epoch: server.epoch,
      missed: expect.any(Number),
      data: { snapshot: expect.any(Object) },
    });
    expect(gap['seq']).toBe(server.hub.seq);
    c.ws.terminate();
  });

  it('a backlog over the limit drops events, never the replies queued with them (send.result)', async () => {
    const { fake, server, c, socket } = await stalledSubscriber(256 * 1024);
    const conn = () => [...server.hub.clients][0];
    const big = 'z'.repeat(16 * 1024);
    let n = 0;
    // fill the socket until the server queues (behind), but stay under the limit
    while (!(conn()?.queued ?? 0) && n < 5000) {
      for (let i = 0; i < 16; i++) fake.push(output(`${n++} ${big}`, `%${n}`));
      await new Promise((r) => setImmediate(r));
    }
    expect(conn()?.queued).toBeGreaterThan(0);
    c.send({ action: 'send', id: 'keep-me', target: 'main:0', text: 'hello' });
    c.send({ action: 'capture', id: 'me-too', paneId: '%1' });
    await waitFor(() => fake.sent.length === 1, 5000, 'the send reached the source');
    await new Promise((r) => setImmediate(r)); // its answer is queued behind the events
    // now past the limit: the backlog is dropped
    for (let i = 0; i < 64; i++) fake.push(output(`${n++} ${big}`, `%${n}`));
    socket.resume();
    const gap = await c.next((m) => m.type === 'gap', 'gap', 10_000);
    expect(gap['missed']).toBeGreaterThan(0);
    expect(await c.next((m) => m.type === 'send.result', 'send.result', 10_000)).toMatchObject({
      id: 'keep-me',
      outcome: { status: 'confirmed' },
    });
    expect(await c.next((m) => m.type === 'capture.result', 'capture.result')).toMatchObject({
      id: 'me-too',
      ok: true,
    });
    c.ws.terminate();
  });
});
