/**
 * Hostile: who gets in. Revocation closes a token's sockets at once and nothing it sends runs afterwards;
 * unauthenticated sockets never crowd out a real client; wrong tokens never lock out a good one; a token in
 * the URL is refused under any name; a broken or open token file is said plainly. Loopback only.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventServer } from '../../src/net/server.js';
import { TokenStore } from '../../src/net/tokens.js';
import { runCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/tmux.js';
import {
  bearer,
  client,
  fakeSource,
  serverWith,
  type TestClient,
  WRITE_TOKEN,
} from '../integration/net-fixture.js';

let server: EventServer | undefined;
const clients: TestClient[] = [];
const open = (url: string, options?: Parameters<typeof client>[1]) => {
  const c = client(url, options);
  clients.push(c);
  return c;
};
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await server?.close();
  server = undefined;
});

/** A server checking a real token file, as `tmo serve` does; the heartbeat far away, so only the watch (or the check before a send) can close a revoked socket in time. */
const watchedServer = (source: ReturnType<typeof fakeSource>, store: TokenStore) =>
  serverWith(source, {
    verify: (t) => store.verify(t),
    stillValid: (id) => store.list().some((t) => t.id === id),
    tokenFile: store.path,
    heartbeatMs: 60_000,
  });

const scratch = () => mkdtempSync(join(tmpdir(), 'tmo-hostile-'));

describe('hostile: revocation', () => {
  it('closes the socket at once and runs no command after the revoke', async () => {
    const store = new TokenStore(join(scratch(), 'tokens.json'));
    const { secret } = store.create('laptop', false);
    const source = fakeSource();
    server = await watchedServer(source, store);
    const c = open(server.url, bearer(secret));
    await c.next((m) => m.type === 'hello');
    c.send({ action: 'send', id: 'before', target: '%1', text: 'allowed' });
    await c.next((m) => m.type === 'send.result');
    const t0 = performance.now();
    store.revoke('laptop');
    // sent right after the revocation, before any notification could arrive
    c.send({ action: 'send', id: 'after', target: '%1', text: 'must not run' });
    await waitFor(() => c.closed, 3000, 'the revoked socket closed');
    const ms = performance.now() - t0;
    console.log(`hostile revocation: revoke → socket closed in ${ms.toFixed(0)} ms`);
    expect(c.closed).toMatchObject({ code: 1008, reason: 'token revoked' });
    expect(ms).toBeLessThan(1500);
    expect(source.sent.map((s) => s.text)).toEqual(['allowed']);
    expect(c.messages.some((m) => m.type === 'send.result' && m['id'] === 'after')).toBe(false);
  });

  it('an idle socket is closed when the file changes (watched), well before any heartbeat', async () => {
    const state = scratch();
    const store = new TokenStore(join(state, 'tmux-orchestrator', 'tokens.json'));
    const { secret } = store.create('idle', true);
    server = await watchedServer(fakeSource(), store);
    const c = open(server.url, bearer(secret));
    await c.next((m) => m.type === 'hello');
    const t0 = performance.now();
    store.revoke('idle');
    await waitFor(() => c.closed, 3000, 'closed after the revoke');
    const ms = performance.now() - t0;
    console.log(`hostile revocation (idle socket, file watched): revoke → closed in ${ms.toFixed(0)} ms`);
    expect(c.closed?.reason).toBe('token revoked');
    expect(ms).toBeLessThan(1500);
    // and from another process, as a user would
    const other = store.create('second', true);
    const d = open(server.url, bearer(other.secret));
    await d.next((m) => m.type === 'hello');
    const t1 = performance.now();
    const revoked = await runCli(['token', 'revoke', 'second'], { env: { XDG_STATE_HOME: state } });
    expect(revoked.code).toBe(0);
    await waitFor(() => d.closed, 3000, 'closed after the CLI revoke');
    console.log(
      `hostile revocation (tmo token revoke): CLI started → closed in ${(performance.now() - t1).toFixed(0)} ms`,
    );
  });
});

describe('hostile: crowding and throttling', () => {
  it('200 sockets without a token: a valid client still gets in', async () => {
    server = await serverWith(fakeSource());
    const idle = Array.from({ length: 200 }, () => open(server!.url));
    const settled = await Promise.allSettled(idle.map((c) => c.opened));
    const openIdle = settled.filter((r) => r.status === 'fulfilled').length;
    expect(settled.filter((r) => r.status === 'rejected').every((r) => /503/.test(String(r.reason)))).toBe(
      true,
    );
    const t0 = performance.now();
    const good = open(server.url, bearer(WRITE_TOKEN));
    await good.next((m) => m.type === 'hello', 'hello for the valid client');
    good.send({ action: 'ping' });
    await good.next((m) => m.type === 'pong');
    console.log(
      `hostile crowding: 200 sockets without a token (${openIdle} accepted, ${200 - openIdle} refused 503); ` +
        `a valid client got hello + pong in ${(performance.now() - t0).toFixed(0)} ms`,
    );
    expect(good.closed).toBeNull();
    expect(openIdle).toBeLessThanOrEqual(32);
  });

  it('10 wrong tokens from 127.0.0.1 do not lock out a valid one', async () => {
    server = await serverWith(fakeSource());
    for (let i = 0; i < 10; i++)
      await expect(open(server.url, bearer(`wrong-${i}`)).opened).rejects.toThrow(/401/);
    await expect(open(server.url, bearer('wrong-again')).opened).rejects.toThrow(/429/);
    const good = open(server.url, bearer(WRITE_TOKEN));
    expect(await good.next((m) => m.type === 'hello')).toMatchObject({ permissions: ['read', 'write'] });
    // by message, too (the original protocol)
    const byMessage = open(server.url);
    byMessage.send({ action: 'auth', token: WRITE_TOKEN });
    expect(await byMessage.next((m) => m.type === 'auth.response')).toMatchObject({ success: true });
  });
});

describe('hostile: tokens where they do not belong', () => {
  it('refuses a token in the query string under any name or case', async () => {
    server = await serverWith(fakeSource());
    for (const q of [
      'TOKEN=x',
      't=x',
      'access_token=x',
      'Access-Token=x',
      'apiKey=x',
      'AUTH=x',
      `q=${WRITE_TOKEN}`,
    ])
      await expect(open(`${server.url}/?${q}`, bearer(WRITE_TOKEN)).opened, q).rejects.toThrow(/400/);
    const fine = open(`${server.url}/?v=1`, bearer(WRITE_TOKEN));
    await fine.next((m) => m.type === 'hello');
  });

  it('a malformed token file: an error naming the file and the entry, never a TypeError', async () => {
    const state = scratch();
    const good = new TokenStore(join(state, 'tmux-orchestrator', 'tokens.json'));
    good.create('fine', false);
    const body = JSON.parse(JSON.stringify({ version: 1, tokens: good.list() }));
    body.tokens.push({ id: 'abcd', name: 'broken', permissions: ['read'], created: 'x' });
    writeFileSync(good.path, JSON.stringify(body), { mode: 0o600 });
    const env = { XDG_STATE_HOME: state };
    const list = await runCli(['token', 'list'], { env });
    expect(list.code).toBe(1);
    expect(list.stderr).toContain(good.path);
    expect(list.stderr).toMatch(/entry 2 \("broken"\) has no "hash"/);
    expect(list.stderr).not.toMatch(/TypeError/);
    const serve = await runCli(['-L', `tmo-hostile-none-${process.pid}`, 'serve', '--port', '0'], { env });
    expect(serve.code).toBe(1);
    expect(serve.stderr).toMatch(/entry 2 \("broken"\) has no "hash"/);
    writeFileSync(good.path, '{"version":1,"tokens":[', { mode: 0o600 });
    const bad = await runCli(['token', 'list'], { env });
    expect(bad.stderr).toMatch(/is not valid JSON/);
    expect(bad.stderr).toContain(good.path);
  });

  it('a token file others can read is warned about by `token list` and `serve`', async () => {
    const state = scratch();
    const store = new TokenStore(join(state, 'tmux-orchestrator', 'tokens.json'));
    store.create('shared', false);
    chmodSync(store.path, 0o644);
    const list = await runCli(['token', 'list'], { env: { XDG_STATE_HOME: state } });
    expect(list.code).toBe(0);
    expect(list.stderr).toMatch(/can be read by others: chmod 600/);
  });
});
