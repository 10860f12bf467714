/**
 * Hostile: memory. A client with any token, read-only included, must not make the server grow: 30 subscribe
 * messages of 512 KiB once grew it by 230 MB (every confirmation echoed the whole, unbounded set). The server
 * runs alone in a child process so its RSS is its own.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventServer } from '../../src/net/server.js';
import { waitFor } from '../helpers/tmux.js';
import {
  bearer,
  client,
  fakeSource,
  serverWith,
  type TestClient,
  WRITE_TOKEN,
} from '../integration/net-fixture.js';

const TOKEN = 'hostile-token-0123456789';
const MiB = 1024 * 1024;

function startChild(): Promise<{
  proc: ChildProcess;
  port: number;
  ask(m: string): Promise<Record<string, number>>;
}> {
  const proc = fork(fileURLToPath(new URL('./serve-child.mjs', import.meta.url)), [TOKEN], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (m: string) =>
    new Promise<Record<string, number>>((resolve) => {
      proc.once('message', (reply) => resolve(reply as Record<string, number>));
      proc.send(m);
    });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('message', (m) => resolve({ proc, port: (m as { port: number }).port, ask }));
  });
}

let child: ChildProcess | undefined;
let server: EventServer | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  child?.kill('SIGKILL');
  child = undefined;
  await server?.close();
  server = undefined;
});

describe('hostile: memory', () => {
  /** Subscribe `count` times with one session name of `size` bytes; the server's RSS figures and what came back. */
  async function probe(count: number, size: number) {
    const started = await startChild();
    child = started.proc;
    const c = client(`ws://127.0.0.1:${started.port}`, bearer(TOKEN));
    clients.push(c);
    await c.next((m) => m.type === 'hello');
    c.send({ action: 'subscribe', filters: { types: ['pane.output'] } });
    await c.next((m) => m.type === 'subscription.confirmed');
    await started.ask('mark');
    let received = 0;
    c.ws.on('message', (data: Buffer) => {
      received += data.length;
    });
    const huge = 'x'.repeat(size - 100);
    for (let i = 0; i < count && c.ws.readyState === WebSocket.OPEN; i++)
      c.send({ action: 'subscribe', filters: { sessions: [`${i}${huge}`] } });
    c.send({ action: 'ping' });
    await waitFor(() => c.closed ?? c.messages.find((m) => m.type === 'pong'), 20_000, 'pong or close');
    const { before = 0, now = 0, peak = 0 } = await started.ask('rss');
    const refusals = c.messages.filter((m) => m.type === 'error' && m['code'] === 'BAD_REQUEST').length;
    const mib = (n: number) => (n / MiB).toFixed(1);
    console.log(
      `hostile subscribe probe ${count} × ${size / 1024} KiB: server RSS ${mib(before)} → ${mib(now)} MiB ` +
        `(peak +${mib(peak - before)} MiB); ${(received / 1024).toFixed(1)} KiB sent back; ` +
        `${refusals} refused${c.closed ? `; closed ${c.closed.code}` : ''}`,
    );
    return { c, growth: peak - before, received, refusals };
  }

  it("the issue's probe, 30 subscribes of 512 KiB: over the frame limit, cut, nothing echoed, RSS < +20 MB", async () => {
    const { c, growth, received } = await probe(30, 512 * 1024);
    // 1009 (frame too big), or 1006 when the input budget cut the socket before the close handshake ended
    expect([1009, 1006]).toContain(c.closed?.code);
    expect(received).toBeLessThan(64 * 1024);
    expect(growth).toBeLessThan(20 * MiB);
  }, 40_000);

  it('60 subscribes of 200 KiB (each under the frame limit): over the input budget, cut; RSS < +20 MB', async () => {
    const { c, growth, received } = await probe(60, 200 * 1024);
    expect(c.closed?.code).toBe(1006);
    expect(received).toBeLessThan(64 * 1024);
    expect(growth).toBeLessThan(20 * MiB);
  }, 40_000);

  it('subscribes of 200 KiB within the input budget: each refused, never echoed, the set unchanged', async () => {
    server = await serverWith(fakeSource());
    const c = client(server.url, bearer(WRITE_TOKEN));
    clients.push(c);
    await c.next((m) => m.type === 'hello');
    c.send({ action: 'subscribe', filters: { types: ['pane.output'] } });
    await c.next((m) => m.type === 'subscription.confirmed');
    const huge = 'x'.repeat(200 * 1024);
    for (let i = 0; i < 4; i++) c.send({ action: 'subscribe', filters: { sessions: [`${i}${huge}`] } });
    await waitFor(() => c.messages.filter((m) => m.type === 'error').length >= 4, 5000, 'four refusals');
    const bytes = c.messages.reduce((n, m) => n + JSON.stringify(m).length, 0);
    expect(bytes).toBeLessThan(4096);
    c.send({ action: 'unsubscribe', filters: { sessions: ['none'] } });
    expect(await c.next((m) => m.type === 'unsubscribe.confirmed')).toMatchObject({
      subscriptions: ['type:pane.output'],
    });
  });

  it('bounds the subscription set in count and bytes, and confirms only what it holds', async () => {
    server = await serverWith(fakeSource());
    const c = client(server.url, bearer(WRITE_TOKEN));
    clients.push(c);
    await c.next((m) => m.type === 'hello');
    const many = Array.from({ length: 65 }, (_, i) => `s${i}`);
    c.send({ action: 'subscribe', filters: { sessions: many } });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'BAD_REQUEST' });
    c.send({ action: 'subscribe', filters: { sessions: ['y'.repeat(257)] } });
    await waitFor(() => c.messages.filter((m) => m.type === 'error').length >= 2, 5000, 'second refusal');
    // one by one: the 65th key is refused, the set stays at 64
    for (let i = 0; i < 65; i++) c.send({ action: 'subscribe', filters: { sessions: [`s${i}`] } });
    await waitFor(() => c.messages.filter((m) => m.type === 'error').length >= 3, 5000, 'third refusal');
    const confirmed = c.messages.filter((m) => m.type === 'subscription.confirmed');
    expect(confirmed).toHaveLength(64);
    expect(((confirmed.at(-1)?.['subscriptions'] ?? []) as string[]).length).toBe(64);
    // total bytes: 40 names of 250 bytes (10 000 bytes) pass no more than 8 KiB
    c.send({ action: 'unsubscribe' });
    await c.next((m) => m.type === 'unsubscribe.confirmed');
    for (let i = 0; i < 40; i++)
      c.send({ action: 'subscribe', filters: { sessions: [`${i}`.padEnd(250, 'z')] } });
    await waitFor(() => c.messages.filter((m) => m.type === 'error').length >= 4, 5000, 'byte refusal');
    const last = c.messages.filter((m) => m.type === 'subscription.confirmed').at(-1);
    const bytes = ((last?.['subscriptions'] ?? []) as string[]).reduce((n, s) => n + Buffer.byteLength(s), 0);
    expect(bytes).toBeLessThanOrEqual(8 * 1024);
  });

  it('a client that asks without reading is cut when it holds more than its memory budget', async () => {
    const big = 'z'.repeat(64 * 1024);
    const source = { ...fakeSource(), capture: async () => big };
    server = await serverWith(source, {
      limits: { ratePerSecond: 10_000, rateBurst: 10_000, memoryBudget: 2 * MiB },
    });
    const c = client(server.url, bearer(WRITE_TOKEN));
    clients.push(c);
    await c.next((m) => m.type === 'hello');
    // stop reading: replies pile up in the server
    (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 400; i++) c.send({ action: 'capture', id: String(i), paneId: '%1' });
    const t0 = Date.now();
    await waitFor(
      () => server?.hub.clients.size === 0 || undefined,
      10_000,
      'the greedy connection dropped by the server',
    );
    console.log(`hostile memory budget: 400 × 64 KiB replies unread → cut after ${Date.now() - t0} ms`);
    expect(c.ws.readyState).not.toBe(WebSocket.CONNECTING);
  });
});
