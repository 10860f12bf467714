import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alive,
  hiddenSessions,
  newSession,
  type PrivateTmux,
  paneScreen,
  privateTmux,
  shq as q,
  waitFor,
} from '../helpers/tmux.js';

/**
 * The real CLI in a pane of ANOTHER private tmux server (120×40), watching a private server of fake agents;
 * driven with send-keys, read with capture-pane.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const node = process.execPath;
const fake = join(root, 'dist/src/demo/fake-agent.js');
const bin = join(root, 'bin/tmo.js');

let inner: PrivateTmux;
let outer: PrivateTmux;
let echoFile: string;

const keys = (...k: string[]) => outer.tmux('send-keys', '-t', 'ui', ...k);
const text = (t: string) => outer.tmux('send-keys', '-t', 'ui', '-l', t);
let screen: () => string;
let shows: (what: string | RegExp, ms?: number) => Promise<string>;

beforeAll(() => {
  echoFile = join(mkdtempSync(join(tmpdir(), 'tmo-dash-e2e-')), 'echo.txt');
  inner = privateTmux('tmo-e2e-agents');
  outer = privateTmux('tmo-e2e-ui');
  ({ screen, shows } = paneScreen(outer, 'ui'));
  const agent = (kind: string, extra = '') => `${q(node)} ${q(fake)} --kind ${kind} --work-ms 400 ${extra}`;
  inner.tmux(
    'new-session',
    '-d',
    '-s',
    'agents',
    '-x',
    '120',
    '-y',
    '40',
    '-n',
    'claude',
    agent('claude', `--echo-file ${q(echoFile)}`),
  );
  inner.tmux('new-window', '-t', 'agents', '-n', 'gemini', agent('gemini'));
  // CI=true as on a CI runner: Ink would go non-interactive on it unless told otherwise.
  newSession(
    outer,
    'ui',
    `CI=true ${q(node)} ${q(bin)} dash -L ${inner.socketName}; echo TMO-EXITED-$?; sleep 600`,
  );
});

afterAll(() => {
  outer?.kill();
  inner?.kill();
});

describe('tmo dash end to end', () => {
  it('lists the agents with their states', async () => {
    await shows(/claude\s+\d+[smh]/);
    const s = await shows(/idle\s+gemini/);
    expect(s).toContain(`local (-L ${inner.socketName})`);
    expect(s).toContain('▸ agents');
    // Colour and the selection highlight survive CI=true (Ink's chalk would drop every SGR under it).
    expect(outer.tmux('capture-pane', '-e', '-p', '-t', 'ui')).toMatch(/\x1b\[[0-9;]*m/);
  });

  it('moves with j/k and shows the selected pane', async () => {
    const ids = Object.fromEntries(
      inner
        .tmux('list-panes', '-s', '-t', 'agents', '-F', '#{window_name} #{pane_id}')
        .trim()
        .split('\n')
        .map((l) => l.split(' ')),
    );
    keys('1');
    await shows(`Pane ${ids['claude']} agents:0`);
    keys('j');
    await shows(`Pane ${ids['gemini']} agents:1`);
    keys('k');
    await shows(`Pane ${ids['claude']} agents:0`);
  });

  it('sends a message that the agent receives, and shows the outcome', async () => {
    keys('m');
    await shows('Message to agents:0');
    text('hello from the dashboard');
    await shows('hello from the dashboard');
    keys('Enter');
    await shows(/sent, (confirmed|not confirmed)/);
    await waitFor(
      () => readFileSync(echoFile, 'utf8').includes('hello from the dashboard'),
      10_000,
      'echo file',
    );
    keys('Escape');
    await shows(/j\/k\s+move/);
  });

  it('attaches to the pane with Enter and comes back on detach', async () => {
    keys('Enter');
    await waitFor(
      () => !/j\/k\s+move/.test(screen()) && screen().includes('[agents]'),
      10_000,
      'attached',
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n--- screen ---\n${screen()}`);
    });
    // Detach that client as the operator would (prefix-d is timing-sensitive through two tmux layers).
    inner.tmux('detach-client', '-s', 'agents');
    await shows(/j\/k\s+move/);
    await shows(/Pane %\d+ agents:0/);
  });

  it('quits with q and restores the terminal', async () => {
    // Nothing typed while away (nor the terminal's answers to the nested client's queries) reached a draft.
    expect(screen()).not.toContain('✎');
    // Keys in the first 300 ms after returning from attach are dropped on purpose (no stray keys): retry.
    await waitFor(
      async () => {
        if (!screen().includes('TMO-EXITED')) keys('q');
        await new Promise((r) => setTimeout(r, 200));
        return screen().includes('TMO-EXITED-0');
      },
      10_000,
      'the dashboard to quit',
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n--- screen ---\n${screen()}`);
    });
    expect(outer.tmux('display-message', '-p', '-t', 'ui', '#{alternate_on}').trim()).toBe('0');
    expect(hiddenSessions(inner)).toEqual([]);
  });

  it('quits and removes its hidden session when its terminal goes away', async () => {
    outer.tmux(
      'new-window',
      '-d',
      '-t',
      'ui:',
      '-n',
      'doomed',
      `CI=true exec ${q(node)} ${q(bin)} dash -L ${inner.socketName}`,
    );
    const pid = outer.tmux('display-message', '-p', '-t', 'ui:doomed', '#{pane_pid}').trim();
    await waitFor(() => hiddenSessions(inner).includes(`__tmo_${pid}`), 10_000, 'its hidden session');
    // Killing the window hangs up its terminal: SIGHUP, then writes fail with EIO.
    outer.tmux('kill-window', '-t', 'ui:doomed');
    await waitFor(() => hiddenSessions(inner).length === 0, 10_000, 'the hidden session removed');
    await waitFor(() => !alive(Number(pid)), 10_000, 'the dashboard to exit');
  });
});
