import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventServer } from '../../src/net/server.js';
import { TokenStore } from '../../src/net/tokens.js';
import { waitFor } from '../helpers/tmux.js';
import {
  bearer,
  client,
  fakeSource,
  output,
  READ_TOKEN,
  serverWith,
  type TestClient,
  WRITE_TOKEN,
  windowRenamed,
} from './net-fixture.js';

let server: EventServer | undefined;
const clients: TestClient[] = [];
const open = (url: string, opts: Parameters<typeof client>[1] = {}) => {
  const c = client(url, opts);
  clients.push(c);
  return c;
};
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await server?.close();
  server = undefined;
});

describe('tmo serve: original protocol', () => {
  it('welcome, auth, subscribe, events with original field names, ping', async () => {
    const source = fakeSource();
    server = await serverWith(source);
    const c = open(server.url);
    const welcome = await c.next((m) => m.type === 'connection.established');
    expect(welcome).toMatchObject({ client_id: expect.any(String), timestamp: expect.any(String) });
    c.send({ action: 'auth', token: WRITE_TOKEN });
    const auth = await c.next((m) => m.type === 'auth.response');
    expect(auth).toMatchObject({
      success: true,
      permissions: ['read', 'write'],
      client_id: welcome['client_id'],
    });
    c.send({ action: 'subscribe', filters: { types: ['window.renamed'] } });
    expect(await c.next((m) => m.type === 'subscription.confirmed')).toMatchObject({
      subscriptions: ['type:window.renamed'],
    });
    source.push(output('not wanted'));
    source.push(windowRenamed('old', 'new'));
    const ev = await c.next((m) => m.type === 'window.renamed');
    expect(ev).toMatchObject({
      session: 'main',
      window: 0, // the window index, as the original; the name is data.window_name
      data: { old_name: 'old', new_name: 'new', window_name: 'new' },
      seq: 2,
    });
    expect(Date.parse(String(ev['timestamp']))).toBeGreaterThan(0);
    expect(c.messages.some((m) => m.type === 'pane.output')).toBe(false);
    // no hello for an original client (it did not offer tmo.v1)
    expect(c.messages.some((m) => m.type === 'hello')).toBe(false);
    c.send({ action: 'ping' });
    await c.next((m) => m.type === 'pong');
    c.send({ action: 'snapshot', target: { session: 'main' } });
    expect(await c.next((m) => m.type === 'snapshot.response')).toMatchObject({ seq: 2 });
    c.send({ action: 'unsubscribe' });
    expect(await c.next((m) => m.type === 'unsubscribe.confirmed')).toMatchObject({ subscriptions: [] });
  });

  it('filters combine types AND sessions; pane.output carries data.preview', async () => {
    const source = fakeSource();
    server = await serverWith(source);
    const c = open(server.url);
    c.send({ action: 'auth', token: READ_TOKEN });
    c.send({ action: 'subscribe', filters: { types: ['pane.output'], sessions: ['b'] } });
    await c.next((m) => m.type === 'subscription.confirmed');
    source.push(output('from a', '%1', 'a'));
    source.push(windowRenamed('x', 'y'));
    source.push(output('from b', '%2', 'b'));
    const ev = await c.next((m) => m.type === 'pane.output');
    expect(ev).toMatchObject({ session: 'b', pane: '%2', data: { preview: 'from b' }, seq: 3 });
    expect(c.messages.filter((m) => typeof m['seq'] === 'number' && m.type !== 'pong')).toHaveLength(1);
  });

  it('unsubscribe with empty filters ({}) clears every subscription, as the original', async () => {
    const source = fakeSource();
    server = await serverWith(source);
    const c = open(server.url);
    c.send({ action: 'auth', token: READ_TOKEN });
    c.send({
      action: 'subscribe',
      filters: { types: ['window.renamed', 'pane.output'], sessions: ['main'] },
    });
    await c.next((m) => m.type === 'subscription.confirmed');
    c.send({ action: 'unsubscribe', filters: {} });
    expect(await c.next((m) => m.type === 'unsubscribe.confirmed')).toMatchObject({ subscriptions: [] });
    source.push(windowRenamed('a', 'b'));
    c.send({ action: 'ping' });
    await c.next((m) => m.type === 'pong');
    expect(c.messages.some((m) => m.type === 'window.renamed')).toBe(false);
  });

  it('pane.output: the original gets the last 3 plain lines (≤ 200 chars) and an activity word; v1 the whole output', async () => {
    const source = fakeSource();
    server = await serverWith(source);
    const old = open(server.url);
    old.send({ action: 'auth', token: READ_TOKEN });
    old.send({ action: 'subscribe' });
    await old.next((m) => m.type === 'subscription.confirmed');
    const v1 = open(server.url, bearer(READ_TOKEN));
    await v1.next((m) => m.type === 'hello');
    v1.send({ action: 'subscribe' });
    await v1.next((m) => m.type === 'subscription.confirmed');
    const raw =
      '\x1b[?2004h$ make\r\n\x1b[1;31mline one\x1b[0m\r\nline two\r\n\x1b]0;title\x07progress 10%\rprogress 100%\r\n' +
      'Error: build failed\r\n\x1b[?2004l';
    source.push(output(raw));
    const ev = await old.next((m) => m.type === 'pane.output');
    expect(ev['data']).toEqual({
      preview: 'line two\nprogress 100%\nError: build failed',
      activity: 'error',
      session_id: '$1',
      window_id: '@1',
      window_index: 0,
      window_name: 'w',
    });
    expect(ev).toMatchObject({ session: 'main', window: 0, pane: '%1' });
    const full = await v1.next((m) => m.type === 'pane.output');
    expect(full['data']).toMatchObject({
      text: raw,
      preview: 'line two\nprogress 100%\nError: build failed',
    });
    // long output is cut to 200 characters
    source.push(output(`${'x'.repeat(500)}\r\n$ `));
    const long = await old.next((m) => m.type === 'pane.output' && m['seq'] === 2);
    const preview = (long['data'] as { preview: string; activity: string }).preview;
    expect(preview.length).toBeLessThanOrEqual(200);
    expect(preview).toMatch(/^x+\.\.\.$/);
    expect((long['data'] as { activity: string }).activity).toBe('command');
  });

  it('sends nothing but the welcome and pong before auth, then closes at the auth deadline', async () => {
    const source = fakeSource();
    server = await serverWith(source, { authTimeoutMs: 300 });
    const c = open(server.url);
    await c.next((m) => m.type === 'connection.established');
    c.send({ action: 'ping' });
    await c.next((m) => m.type === 'pong');
    c.send({ action: 'subscribe' });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'AUTH_REQUIRED' });
    source.push(windowRenamed('a', 'b'));
    await waitFor(() => c.closed, 5000, 'close');
    expect(c.closed?.code).toBe(1008);
    expect(c.messages.map((m) => m.type)).toEqual(['connection.established', 'pong', 'error']);
  });

  it('answers a wrong token with AUTH_FAILED and throttles repeated failures', async () => {
    server = await serverWith(fakeSource(), { authFailLimit: 3 });
    const c = open(server.url);
    for (let i = 0; i < 3; i++) c.send({ action: 'auth', token: `wrong-${i}` });
    await waitFor(() => c.closed, 5000, 'close');
    expect(c.messages.filter((m) => m['code'] === 'AUTH_FAILED').length).toBeGreaterThanOrEqual(1);
    expect(c.closed?.code).toBe(1008);
    // the address is now blocked for further wrong tokens, until the window passes…
    await expect(open(server.url, bearer('still-wrong')).opened).rejects.toThrow(/429/);
    // …but never for the holder of a good one (every loopback client shares the address)
    const d = open(server.url, bearer(WRITE_TOKEN));
    await d.opened;
    expect(await d.next((m) => m.type === 'hello')).toMatchObject({ permissions: ['read', 'write'] });
  });

  it('reports malformed JSON and unknown actions with the original codes', async () => {
    server = await serverWith(fakeSource());
    const c = open(server.url);
    c.send('{not json');
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'INVALID_JSON' });
    c.send({ action: 'auth', token: READ_TOKEN });
    await c.next((m) => m.type === 'auth.response');
    c.send({ action: 'dance' });
    expect(await c.next((m) => m['code'] === 'UNKNOWN_ACTION')).toMatchObject({ type: 'error' });
  });
});

describe('tmo serve: our protocol and its safety', () => {
  it('bearer header: hello with epoch and seq; wrong or missing token', async () => {
    server = await serverWith(fakeSource());
    const c = open(server.url, bearer(WRITE_TOKEN));
    await c.opened;
    expect(c.ws.protocol).toBe('tmo.v1');
    expect(await c.next((m) => m.type === 'hello')).toMatchObject({
      protocol: 1,
      epoch: server.epoch,
      seq: 0,
    });
    await expect(open(server.url, bearer('nope')).opened).rejects.toThrow(/401/);
    await expect(open(server.url, { headers: { Authorization: 'Basic abc' } }).opened).rejects.toThrow(/401/);
  });

  it('a revoked token is refused on connect and its open connections are closed', async () => {
    const store = new TokenStore(join(mkdtempSync(join(tmpdir(), 'tmo-net-')), 'tokens.json'));
    const { secret, record } = store.create('temp', false);
    server = await serverWith(fakeSource(), {
      verify: (t) => store.verify(t),
      stillValid: (id) => store.list().some((t) => t.id === id),
      heartbeatMs: 200,
    });
    const c = open(server.url, bearer(secret));
    await c.next((m) => m.type === 'hello');
    store.revoke('temp');
    await waitFor(() => c.closed, 5000, 'revoked connection closed');
    expect(c.closed).toMatchObject({ code: 1008, reason: 'token revoked' });
    await expect(open(server.url, bearer(secret)).opened).rejects.toThrow(/401/);
    const first = open(server.url);
    first.send({ action: 'auth', token: secret });
    expect(await first.next((m) => m.type === 'error')).toMatchObject({ code: 'AUTH_FAILED' });
    expect(record.id).toBeTruthy();
  });

  it('bearer subprotocol for browsers; the token is never echoed back', async () => {
    server = await serverWith(fakeSource());
    const c = open(server.url, { protocols: ['tmo.v1', `tmo.bearer.${READ_TOKEN}`] });
    await c.opened;
    expect(c.ws.protocol).toBe('tmo.v1');
    expect(await c.next((m) => m.type === 'hello')).toMatchObject({ permissions: ['read'] });
  });

  it('refuses query-string tokens, foreign Origins and rebinding Hosts', async () => {
    server = await serverWith(fakeSource());
    await expect(open(`${server.url}/?token=${WRITE_TOKEN}`).opened).rejects.toThrow(/400/);
    await expect(
      open(server.url, { ...bearer(WRITE_TOKEN), origin: 'https://evil.example' }).opened,
    ).rejects.toThrow(/403/);
    await expect(
      open(server.url, {
        headers: { Authorization: `Bearer ${WRITE_TOKEN}`, Host: `evil.example:${server.port}` },
      }).opened,
    ).rejects.toThrow(/403/);
    const ok = open(server.url, { ...bearer(WRITE_TOKEN), origin: `http://localhost:${server.port}` });
    await ok.opened;
  });

  it('refuses a non-loopback bind without TLS unless --insecure', async () => {
    await expect(serverWith(fakeSource(), { host: '0.0.0.0' })).rejects.toThrow(/TLS/);
    // a DNS name is not loopback, whatever it starts with
    await expect(serverWith(fakeSource(), { host: '127.evil.example' })).rejects.toThrow(/without TLS/);
    await expect(serverWith(fakeSource(), { host: '127.0.0.1.nip.io' })).rejects.toThrow(/without TLS/);
  });

  it('a loopback bind other than 127.0.0.1 works, and accepts its own address as Host', async () => {
    server = await serverWith(fakeSource(), { host: '127.0.0.2' });
    expect(server.url).toBe(`ws://127.0.0.2:${server.port}`);
    const c = open(server.url, bearer(WRITE_TOKEN));
    await c.next((m) => m.type === 'hello');
  });

  it('send needs write; outcome comes from the source', async () => {
    const source = fakeSource();
    server = await serverWith(source);
    const r = open(server.url, bearer(READ_TOKEN));
    await r.next((m) => m.type === 'hello');
    r.send({ action: 'send', id: 'a', target: 'main:0', text: 'hi' });
    expect(await r.next((m) => m.type === 'send.result')).toMatchObject({
      id: 'a',
      outcome: { status: 'refused' },
    });
    expect(source.sent).toEqual([]);
    const w = open(server.url, bearer(WRITE_TOKEN));
    await w.next((m) => m.type === 'hello');
    w.send({ action: 'send', id: 'b', target: 'main:0', text: '-n C-c', force: true });
    expect(await w.next((m) => m.type === 'send.result')).toMatchObject({
      id: 'b',
      outcome: { status: 'confirmed' },
    });
    expect(source.sent).toEqual([
      { target: 'main:0', text: '-n C-c', options: { force: true, noEnter: false } },
    ]);
  });

  it('closes with 1009 on an oversize frame', async () => {
    server = await serverWith(fakeSource(), { maxPayload: 64 * 1024 });
    const c = open(server.url, bearer(WRITE_TOKEN));
    await c.next((m) => m.type === 'hello');
    c.ws.send('x'.repeat(100 * 1024));
    await waitFor(() => c.closed, 5000, 'close');
    expect(c.closed?.code).toBe(1009);
  });

  it('rate-limits a flood: RATE_LIMIT errors, then 1008', async () => {
    server = await serverWith(fakeSource(), {
      limits: { ratePerSecond: 10, rateBurst: 10, floodStrikes: 50 },
    });
    const c = open(server.url, bearer(WRITE_TOKEN));
    await c.next((m) => m.type === 'hello');
    for (let i = 0; i < 200; i++) c.send({ action: 'ping' });
    await waitFor(() => c.closed, 5000, 'close');
    expect(c.messages.some((m) => m['code'] === 'RATE_LIMIT')).toBe(true);
    expect(c.closed?.code).toBe(1008);
  });

  it('caps connections with 1013', async () => {
    server = await serverWith(fakeSource(), { maxClients: 1 });
    const a = open(server.url, bearer(WRITE_TOKEN));
    await a.next((m) => m.type === 'hello');
    const b = open(server.url, bearer(WRITE_TOKEN));
    await waitFor(() => b.closed, 5000, 'close');
    expect(b.closed?.code).toBe(1013);
  });

  it('terminates a client that misses its pongs; the app heartbeat carries seq', async () => {
    server = await serverWith(fakeSource(), { heartbeatMs: 400 });
    const good = open(server.url, bearer(WRITE_TOKEN));
    const deaf = open(server.url, { ...bearer(WRITE_TOKEN), autoPong: false });
    await deaf.next((m) => m.type === 'hello');
    await waitFor(() => deaf.closed, 5000, 'deaf client terminated');
    expect(deaf.closed?.code).toBe(1006);
    expect(await good.next((m) => m.type === 'heartbeat')).toMatchObject({ seq: 0 });
    expect(good.closed).toBeNull();
  });

  it('a stalled reader gets gap + snapshot or is dropped, and never slows the others', async () => {
    const source = fakeSource();
    server = await serverWith(source, {
      limits: { lowWater: 16 * 1024, highWater: 256 * 1024, stallMs: 1500 },
    });
    const fast = open(server.url, bearer(WRITE_TOKEN));
    const slow = open(server.url, bearer(WRITE_TOKEN));
    for (const c of [fast, slow]) {
      await c.next((m) => m.type === 'hello');
      c.send({ action: 'subscribe' });
      await c.next((m) => m.type === 'subscription.confirmed');
    }
    // Stop reading on the slow client's socket: the kernel buffers fill and the server falls behind.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = 'y'.repeat(16 * 1024);
    let sent = 0;
    const started = Date.now();
    // Paced batches: the fast client keeps up (every event arrives) while the slow one falls behind.
    while (server.hub.clients.size > 1 && Date.now() - started < 15_000) {
      for (let i = 0; i < 20; i++, sent++) source.push(output(`${sent} ${big}`, `%${sent % 50}`));
      await waitFor(
        () => fast.messages.filter((m) => m.type === 'pane.output').length === sent,
        5000,
        'fast client',
      );
    }
    expect(server.hub.clients.size).toBe(1);
    expect(fast.messages.some((m) => m.type === 'gap')).toBe(false);
    expect(fast.closed).toBeNull();
  });
});

describe('tmo serve: raw HTTP', () => {
  it('answers a plain HTTP request with 426', async () => {
    server = await serverWith(fakeSource());
    const port = server.port;
    const text = await new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1', () =>
        s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`),
      );
      let buf = '';
      s.on('data', (d) => {
        buf += d.toString();
        if (buf.includes('\r\n\r\n')) {
          s.destroy();
          resolve(buf);
        }
      });
    });
    expect(text).toMatch(/^HTTP\/1.1 426/);
  });
});
