import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteSource } from '../../src/source/remote.js';
import type { DataSource } from '../../src/source/types.js';
import { attachRefusal, connectSource, retryConnection } from '../../src/store/connect.js';
import { localOnlyCommands } from '../../src/store/orchestrate-commands.js';
import { createDashStore, runCommandLine } from '../../src/store/store.js';
import { runCli } from '../helpers/cli.js';
import { type Serve, startServe as startServeOn } from '../helpers/serve.js';
import { newSession, type PrivateTmux, privateTmux, shq as q, waitFor } from '../helpers/tmux.js';

/**
 * A lost connection is visible: a real `tmo serve` on 127.0.0.1, the remote source feeding a dashboard
 * store; the server is killed (the feed says so, the store says since when) and started again on the same
 * port (the "retry now" key reconnects at once; the feed says so and the agents' states come back).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const fake = join(root, 'dist/src/demo/fake-agent.js');

let t: PrivateTmux;
let tmp: string;
let env: NodeJS.ProcessEnv;
let token: string;
let serve: Serve | undefined;
let source: DataSource | undefined;

async function startServe(port: number): Promise<string> {
  serve = await startServeOn(t.socketName, env, port);
  return serve.url;
}

async function killServe(): Promise<void> {
  const running = serve;
  serve = undefined;
  await running?.stop();
}

beforeAll(async () => {
  t = privateTmux('tmo-reconnect');
  tmp = mkdtempSync(join(tmpdir(), 'tmo-reconnect-'));
  env = { XDG_STATE_HOME: join(tmp, 'state'), XDG_CONFIG_HOME: join(tmp, 'config') };
  newSession(t, 'build', `${q(process.execPath)} ${q(fake)} --kind claude --work-ms 300`);
  token = (await runCli(['token', 'create', '--name', 'reconnect'], { env })).stdout.trim();
});

afterAll(async () => {
  await source?.stop();
  await killServe();
  t.kill();
  rmSync(tmp, { recursive: true, force: true });
});

describe('remote source: lost and found', () => {
  it('the feed logs the initial states, the loss and the reconnect; the store says since when it is stale', async () => {
    const url = await startServe(0);
    const port = Number(new URL(url).port);
    // A long backoff: only the retry key brings it back quickly.
    source = createRemoteSource({ url, token, baseMs: 20_000, capMs: 20_000 });
    const store = createDashStore({ source: { kind: 'remote', label: url } });
    connectSource(store, source, { flushMs: 10 });
    const feedHas = (re: RegExp, what: string) =>
      waitFor(() => store.getState().feed.find((f) => re.test(f.text)), 20_000, what);
    await source.start();

    // The initial states arrive in the feed, as a local source's do.
    await feedHas(/^build:0 claude (idle|working)/, 'the initial state in the feed');
    const paneId = Object.keys(store.getState().world.agents)[0];
    expect(paneId).toBeDefined();
    expect(store.getState().connection.status).toBe('connected');

    // Enter on a remote pane says why it cannot attach (and how, over there).
    store.getState().select(paneId);
    expect(attachRefusal(store.getState())).toMatch(
      /cannot attach: the pane runs on ws:.*tmux attach -t 'build:0\.0'/,
    );

    await waitFor(() => store.getState().world.agents[paneId ?? '']?.state === 'idle', 10_000, 'idle');
    const since = store.getState().world.agents[paneId ?? '']?.since;
    const before = Date.now();
    await killServe();
    const lost = await feedHas(/^connection to .* lost/, 'the loss in the feed');
    expect(lost?.kind).toBe('error');
    const c = store.getState().connection;
    expect(c.status).not.toBe('connected');
    expect(c.status !== 'connected' && c.lostAt).toBeGreaterThanOrEqual(before);
    // What is shown is the last state known: the agent stays listed.
    expect(store.getState().world.agents[paneId ?? '']).toBeDefined();

    await waitFor(() => store.getState().connection.status === 'reconnecting', 10_000, 'backing off');
    await startServe(port);
    expect(retryConnection(store)).toMatch(/reconnecting to .* now/);
    await feedHas(/^reconnected to .* \(lost at \d\d:\d\d:\d\d, for \d+s\)/, 'the reconnect in the feed');
    expect(store.getState().connection).toEqual({ status: 'connected' });
    // The states come back through the feed (the restarted server is another epoch: a reset).
    const lines = store.getState().feed.map((f) => f.text);
    const at = lines.findIndex((l) => l.startsWith('reconnected'));
    await waitFor(
      () =>
        store
          .getState()
          .feed.map((f) => f.text)
          .slice(at)
          .some((l) => /^build:0 claude (idle|working)/.test(l)),
      10_000,
      'the states back in the feed',
    );
    // The restarted server read the state journal: the age did not start over.
    expect(store.getState().world.agents[paneId ?? '']?.since).toBe(since);
    expect(retryConnection(store)).toBe('connected: nothing to retry');
  }, 90_000);

  it('local-only palette commands over a remote source say so', async () => {
    const store = createDashStore({ source: { kind: 'remote', label: 'ws://box:7070' } });
    for (const c of localOnlyCommands('ws://box:7070')) store.getState().registerCommand(c);
    for (const name of ['start', 'deploy', 'stop', 'schedule']) {
      await runCommandLine(store, `${name} x`);
      expect(store.getState().message).toMatch(new RegExp(`^:${name} is local only: .*ws://box:7070`));
    }
  });
});
