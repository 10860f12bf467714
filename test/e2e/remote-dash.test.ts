import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { newSession, type PrivateTmux, paneScreen, privateTmux, shq as q, waitFor } from '../helpers/tmux.js';

/**
 * The remote dashboard end to end: `tmo serve` on a private tmux server of fake agents, `tmo dash --connect`
 * in a pane of another private server; the agent changes state on screen and receives a message sent from
 * the remote dashboard.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const node = process.execPath;
const fake = join(root, 'dist/src/demo/fake-agent.js');
const bin = join(root, 'bin/tmo.js');

let inner: PrivateTmux;
let outer: PrivateTmux;
let serve: ChildProcess | undefined;
let tmp: string;
let echoFile: string;

let screen: () => string;
let shows: (what: string | RegExp, ms?: number) => Promise<string>;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tmo-remote-e2e-'));
  echoFile = join(tmp, 'echo.txt');
  const env = { XDG_STATE_HOME: join(tmp, 'state') };
  inner = privateTmux('tmo-remote-agents');
  outer = privateTmux('tmo-remote-ui');
  ({ screen, shows } = paneScreen(outer, 'ui'));
  inner.tmux(
    'new-session',
    '-d',
    '-s',
    'build',
    '-x',
    '120',
    '-y',
    '40',
    '-n',
    'claude',
    `${q(node)} ${q(fake)} --kind claude --work-ms 2500 --echo-file ${q(echoFile)}`,
  );
  const token = (await runCli(['token', 'create', '--name', 'remote-e2e'], { env })).stdout.trim();
  const tokenFile = join(tmp, 'token');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  serve = spawn(node, [bin, '-L', inner.socketName, 'serve', '--port', '0'], {
    env: { ...process.env, ...env, TMUX: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  serve.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = (await waitFor(
    () => /listening on (ws:\/\/\S+)/.exec(stderr)?.[1],
    15_000,
    'serve to listen',
  )) as string;
  newSession(
    outer,
    'ui',
    `CI=true ${q(node)} ${q(bin)} dash --connect ${q(url)} --token-file ${q(tokenFile)}; echo TMO-EXITED-$?; sleep 600`,
  );
});

afterAll(async () => {
  // SIGTERM first: serve detaches its control client and removes its hidden session cleanly
  if (serve && serve.exitCode === null) {
    const exited = new Promise((r) => serve?.once('exit', r));
    serve.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    serve.kill('SIGKILL');
  }
  outer?.kill();
  inner?.kill();
});

describe('remote dashboard (tmo dash --connect) end to end', () => {
  it('shows the remote agent, sends it a message, and sees it change state', async () => {
    await shows(/ws:\/\/127\.0\.0\.1:\d+/);
    await shows(/idle\s+claude/);
    outer.tmux('send-keys', '-t', 'ui', 'm');
    await shows(/Message to build:0/);
    outer.tmux('send-keys', '-t', 'ui', '-l', 'deploy the staging build');
    // Text and Enter read in one chunk are a paste, whose newline stays in the draft: type, then send.
    await shows(/> deploy the staging build/);
    outer.tmux('send-keys', '-t', 'ui', 'Enter');
    await shows(/sent, (confirmed|not confirmed)/);
    await waitFor(() => readFileSync(echoFile, 'utf8').includes('deploy the staging build'), 10_000, 'echo');
    await shows(/working\s+claude/);
    outer.tmux('send-keys', '-t', 'ui', 'Escape');
    await shows(/idle\s+claude/);
    outer.tmux('send-keys', '-t', 'ui', 'q');
    await shows(/TMO-EXITED-0/);
    expect(screen()).not.toMatch(/Agents\s+1/); // left the alternate screen
  }, 60_000);
});
