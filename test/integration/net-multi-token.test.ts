import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventServer } from '../../src/net/server.js';
import type { TokenInfo } from '../../src/net/tokens.js';
import { openSource } from '../../src/source/open.js';
import type { DataSource } from '../../src/source/types.js';
import { runCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/tmux.js';
import { fakeSource, serverWith, sessionCreated } from './net-fixture.js';

/**
 * Two machines, two `tmo token create`s, two secrets: one dashboard source / `tmo events` reaches both,
 * each URL with its own `--token-file`.
 */
const SECRET_A = 'secret-of-box-a-0123456789abcdef';
const SECRET_B = 'secret-of-box-b-0123456789abcdef';
const only =
  (secret: string) =>
  (given: string): TokenInfo | null =>
    given === secret ? { id: secret.slice(10, 15), name: 'one', permissions: ['read', 'write'] } : null;

const dir = mkdtempSync(join(tmpdir(), 'tmo-multi-token-'));
const fileA = join(dir, 'a.token');
const fileB = join(dir, 'b.token');
writeFileSync(fileA, `${SECRET_A}\n`, { mode: 0o600 });
writeFileSync(fileB, `${SECRET_B}\n`, { mode: 0o600 });

let a: EventServer;
let b: EventServer;
let urlA: string;
let urlB: string;
const sources: DataSource[] = [];
beforeAll(async () => {
  const fa = fakeSource();
  fa.push(sessionCreated('alpha'));
  const fb = fakeSource();
  fb.push(sessionCreated('beta'));
  a = await serverWith(fa, { verify: only(SECRET_A) });
  b = await serverWith(fb, { verify: only(SECRET_B) });
  urlA = a.url;
  urlB = b.url.replace('127.0.0.1', 'localhost'); // another host name: another prefix
});
afterAll(async () => {
  for (const s of sources) await s.stop();
  await a.close();
  await b.close();
});

const local = { server: {}, runner: {} as never, env: {} };
const names = (ds: DataSource) =>
  ds
    .getState()
    .snapshot.sessions.map((s) => s.name)
    .sort();

describe('several servers, one token each (--token-file repeated)', () => {
  it('the dashboard source pairs token files with URLs in order and reaches both', async () => {
    const multi = await openSource(local, { connect: [urlA, urlB], tokenFiles: [fileA, fileB] });
    sources.push(multi);
    await multi.start();
    await waitFor(() => names(multi).length === 2, 5000, 'both worlds');
    expect(names(multi)).toEqual(['127.0.0.1/alpha', 'localhost/beta']);
    expect(multi.getConnection()).toMatchObject({ status: 'connected' });
  });

  it('one token file still applies to every URL (here: refused by the other server)', async () => {
    const multi = await openSource(local, { connect: [urlA, urlB], tokenFiles: [fileA] });
    sources.push(multi);
    await multi.start();
    await waitFor(() => names(multi).length === 1, 5000, 'the world of A');
    expect(names(multi)).toEqual(['127.0.0.1/alpha']);
    // the status bar names the host that refused it
    await waitFor(() => multi.getConnection().status === 'closed', 5000, 'B refused');
    expect(multi.getConnection()).toMatchObject({
      host: 'localhost',
      error: expect.stringMatching(/HTTP 401/),
    });
  });

  it('tmo events --connect A --connect B --token-file FA --token-file FB streams both', async () => {
    const r = await runCli(
      [
        'events',
        '--connect',
        urlA,
        '--connect',
        urlB,
        '--token-file',
        fileA,
        '--token-file',
        fileB,
        '--filter',
        'snapshot',
        '--count',
        '2',
        '--json',
      ],
      { env: { TMO_TOKEN: '' } },
    );
    expect(r.code, r.stderr).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
      snapshot: { sessions: { name: string }[] };
    };
    expect(last.snapshot.sessions.map((s) => s.name).sort()).toEqual(['127.0.0.1/alpha', 'localhost/beta']);
  });

  it('a --token-file count that is neither 1 nor one per URL is a usage error (exit 2)', async () => {
    const r = await runCli([
      'events',
      '--connect',
      urlA,
      '--connect',
      urlB,
      '--connect',
      urlA,
      '--token-file',
      fileA,
      '--token-file',
      fileB,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--token-file given 2 times for 3 --connect URLs: give it once .* or once per --connect/,
    );
    await expect(openSource(local, { connect: [urlA], tokenFiles: [fileA, fileB] })).rejects.toThrow(
      /given 2 times for 1 --connect URL:/,
    );
  });
});
