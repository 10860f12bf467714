import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alive,
  controlClients,
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
  // The rest of the world: a shell, a dev-server-like process, and an agent that asks for permission.
  inner.tmux('new-session', '-d', '-s', 'more', '-x', '120', '-y', '40', '-n', 'shell', 'exec bash --norc');
  inner.tmux('new-window', '-t', 'more', '-n', 'asker', agent('claude', '--ask-permission'));
  // An interactive shell runs the dashboard, so that keys typed after q are seen to reach it.
  newSession(outer, 'ui', 'exec bash --norc --noprofile');
  // CI=true as on a CI runner: Ink would go non-interactive on it unless told otherwise.
  text(`CI=true ${q(node)} ${q(bin)} dash -L ${inner.socketName}; echo TMO-EXITED-$?`);
  keys('Enter');
});

/** Another dashboard, in a window `name` of the UI server of its own; its pid (the pane's). */
function dashInWindow(name: string): string {
  const command = `CI=true exec ${q(node)} ${q(bin)} dash -L ${inner.socketName}`;
  outer.tmux('new-window', '-d', '-t', 'ui:', '-n', name, command);
  return outer.tmux('display-message', '-p', '-t', `ui:${name}`, '#{pane_pid}').trim();
}

afterAll(() => {
  outer?.kill();
  inner?.kill();
});

describe('tmo dash end to end', () => {
  it('lists the agents with their states', async () => {
    await shows(/claude\s+\d+[smh]/);
    const s = await shows(/idle\s+gemini/);
    expect(s).toContain(`local (-L ${inner.socketName})`);
    expect(s).toContain('▾ agents');
    // every pane, not only agents: the shell of `more` too, and the header counts what the tree holds
    const all = await shows(/0:shell\s+· shell\s+bash/);
    expect(all).toMatch(/1:asker\s+○ idle\s+claude/);
    expect(all).toContain('4 panes · 3 agents');
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

  it('answers the permission dialog of an agent from the menu; the agent proceeds', async () => {
    inner.tmux('send-keys', '-t', 'more:asker', 'run the tests', 'Enter');
    await shows(/▲ waiting\s+claude \d+s · permission/);
    keys('n');
    await shows(/Pane %\d+ more:1/);
    keys('a');
    await shows('Answer more:1 (claude, permission)');
    keys('1');
    await shows(/answered "Yes": confirmed/);
    // the fake agent went on: it ran the tests and finished the turn
    await waitFor(
      () => inner.tmux('capture-pane', '-p', '-t', 'more:asker').includes('Ran npm test'),
      10_000,
      'the agent to proceed',
    );
    keys('1');
    await shows(`Pane `);
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

  it('quits with q at once; keys typed after it reach the shell', async () => {
    // Nothing typed while away (nor the terminal's answers to the nested client's queries) reached a draft.
    expect(screen()).not.toContain('✎');
    // Keys in the first 300 ms after returning from attach are dropped on purpose (no stray keys).
    await new Promise((r) => setTimeout(r, 400));
    const t0 = performance.now();
    keys('q');
    text('echo AFTER-$((40+2))');
    keys('Enter');
    await waitFor(
      () => outer.tmux('display-message', '-p', '-t', 'ui', '#{alternate_on}').trim() === '0',
      5000,
      'the terminal restored',
    );
    const restored = performance.now() - t0;
    await waitFor(() => screen().includes('TMO-EXITED-0'), 10_000, 'the dashboard to exit').catch(
      (e: Error) => {
        throw new Error(`${e.message}\n--- screen ---\n${screen()}`);
      },
    );
    const exited = performance.now() - t0;
    // The line typed right after q went to the shell, which ran it.
    await shows('AFTER-42');
    console.log(`q → terminal restored ${restored.toFixed(0)} ms, → shell back ${exited.toFixed(0)} ms`);
    // 100 ms on a quiet machine (bench/dash.ts measures it); bounded generously here for loaded CI hosts.
    expect(exited).toBeLessThan(3000);
    await waitFor(() => hiddenSessions(inner).length === 0, 2000, 'the hidden session removed');
    // …and its control client: one left with output unsent would hang in tmux (and hold up kill-server).
    await waitFor(() => controlClients(inner).length === 0, 3000, 'no control client left');
  });

  it('quits at its first frame, before control mode is up, and leaves nothing on the server', async () => {
    const pid = Number(dashInWindow('early'));
    const early = () => outer.tmux('capture-pane', '-p', '-t', 'ui:early');
    await waitFor(() => /Sessions|Agents/.test(early()), 10_000, 'its first frame');
    outer.tmux('send-keys', '-t', 'ui:early', 'q');
    await waitFor(() => !alive(pid), 5000, 'the dashboard to exit');
    // What it had begun (its hidden session, its control client) is finished by the quit helper.
    await waitFor(() => hiddenSessions(inner).length === 0, 5000, 'no hidden session left');
    await waitFor(() => controlClients(inner).length === 0, 5000, 'no control client left');
  });

  it('quits and removes its hidden session when its terminal goes away', async () => {
    const pid = dashInWindow('doomed');
    await waitFor(() => hiddenSessions(inner).includes(`__tmo_${pid}`), 10_000, 'its hidden session');
    // Killing the window hangs up its terminal: SIGHUP, then writes fail with EIO.
    outer.tmux('kill-window', '-t', 'ui:doomed');
    await waitFor(() => hiddenSessions(inner).length === 0, 10_000, 'the hidden session removed');
    await waitFor(() => !alive(Number(pid)), 10_000, 'the dashboard to exit');
    // The watched server lives on with every session of its own. (It once crashed here: tmux 3.3a's
    // destroy-unattached race, while this test polled list-sessions; test/integration/hidden-leave.test.ts.)
    expect(inner.tmux('list-sessions', '-F', '#{session_name}').split('\n').sort()).toEqual([
      '',
      'agents',
      'more',
    ]);
  });
});
