import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type Serve, startServe as startServeOn } from '../helpers/serve.js';
import { newSession, type PrivateTmux, paneScreen, privateTmux, shq as q, waitFor } from '../helpers/tmux.js';

/**
 * Remote kill/restart shows stale then live: `tmo dash --connect` in a pane of one private server watches a
 * `tmo serve` of another; the server is stopped (the feed says the connection is lost, the status bar
 * retries, the agent stays listed), started again on the same port, and `R` brings the dashboard back at
 * once (the feed says reconnected, the agent's state comes back).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const node = process.execPath;
const fake = join(root, 'dist/src/demo/fake-agent.js');
const bin = join(root, 'bin/tmo.js');

let inner: PrivateTmux;
let outer: PrivateTmux;
let serve: Serve | undefined;
let tmp: string;
let env: NodeJS.ProcessEnv;
let screen: () => string;
let shows: (what: string | RegExp, ms?: number) => Promise<string>;

async function startServe(port: number): Promise<string> {
  serve = await startServeOn(inner.socketName, env, port);
  return serve.url;
}

async function stopServe(): Promise<void> {
  const running = serve;
  serve = undefined;
  await running?.stop();
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tmo-reconnect-e2e-'));
  env = { XDG_STATE_HOME: join(tmp, 'state') };
  inner = privateTmux('tmo-reconnect-agents');
  outer = privateTmux('tmo-reconnect-ui');
  ({ screen, shows } = paneScreen(outer, 'ui'));
  newSession(inner, 'build', `${q(node)} ${q(fake)} --kind claude --work-ms 300`);
  const token = (await runCli(['token', 'create', '--name', 'reconnect-e2e'], { env })).stdout.trim();
  const tokenFile = join(tmp, 'token');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  const url = await startServe(0);
  newSession(
    outer,
    'ui',
    `CI=true ${q(node)} ${q(bin)} dash --connect ${q(url)} --token-file ${q(tokenFile)}; echo TMO-EXITED-$?; sleep 600`,
  );
});

afterAll(async () => {
  await stopServe();
  outer?.kill();
  inner?.kill();
  rmSync(tmp, { recursive: true, force: true });
});

describe('remote dashboard: kill and restart the server', () => {
  it('shows the loss (stale, retrying), then live again after R', async () => {
    const url = (await shows(/ws:\/\/127\.0\.0\.1:\d+/)).match(/ws:\/\/127\.0\.0\.1:(\d+)/);
    const port = Number(url?.[1]);
    await shows(/idle\s+claude/);
    await shows(/build:0 claude idle/); // the initial state, in the feed
    await stopServe();
    await shows(/connection to ws:\/\/127\.0\.0\.1:\d+ lost/);
    await shows(/reconnecting in \d+s/);
    expect(screen()).toMatch(/idle\s+claude/); // the last state known stays listed
    await startServe(port);
    outer.tmux('send-keys', '-t', 'ui', 'R');
    await shows(/reconnected to ws:\/\/127\.0\.0\.1:\d+/);
    await waitFor(() => !/reconnecting in|connecting…/.test(screen()), 30_000, 'status bar connected').catch(
      (e: Error) => {
        throw new Error(`${e.message}\n${screen()}`);
      },
    );
    const lines = screen().split('\n');
    const at = lines.findIndex((l) => /reconnected to/.test(l));
    // the state back, after the reconnect line
    await waitFor(
      () =>
        screen()
          .split('\n')
          .slice(at)
          .some((l) => /build:0 claude idle/.test(l)),
      15_000,
      'the state back in the feed',
    );
    outer.tmux('send-keys', '-t', 'ui', 'q');
    await shows(/TMO-EXITED-0/);
  }, 90_000);
});
