import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { newSession, type PrivateTmux, privateTmux, waitFor } from '../helpers/tmux.js';

const screen = (name: string) => fileURLToPath(new URL(`../fixtures/screens/${name}.txt`, import.meta.url));
const fixture = screen('claude-waiting-permission');
let t: PrivateTmux;
let dir: string;
const tmo = (...args: string[]) => runCli(['-L', t.socketName, ...args]);
const tmoIn = (input: string, ...args: string[]) => runCli(['-L', t.socketName, ...args], { input });
const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
/**
 * A pane that records what it receives into FILE, after drawing `screen` (a file) if given — then as a
 * process that calls itself claude, as the agent whose screen it shows (a `cat` alone under an agent's screen
 * is what the agent left behind, not the agent).
 */
const recorder = (file: string, screen?: string) =>
  screen
    ? `bash -c 'cat ${screen}; stty -icanon -echo min 1 time 0; exec -a claude cat > ${file}'`
    : `sh -c 'stty -icanon -echo min 1 time 0; exec cat > ${file}'`;

beforeAll(async () => {
  t = privateTmux('tmo-send-cli');
  dir = mkdtempSync(join(tmpdir(), 'tmo-send-cli-'));
  // A program called claude that shows Claude's idle screen and never reads: the terminal echoes the paste
  // and Enter (which scrolls the screen by a row), nothing else happens.
  writeFileSync(join(dir, 'claude'), `#!/bin/sh\ncat '${screen('claude-idle')}'\nsleep 1000\n`, {
    mode: 0o755,
  });
  newSession(t, 'deaf', join(dir, 'claude'));
  newSession(t, 'plain', recorder(join(dir, 'plain')));
  newSession(t, 'canon', `sh -c 'exec cat > ${join(dir, 'canon')}'`); // the terminal in line mode
  newSession(t, 'dialog', recorder(join(dir, 'dialog'), fixture));
  newSession(t, 'mute', `sh -c 'stty -echo; exec sleep 1000'`);
  // Claude exited: its last screen and title are left, an interactive shell is back in front.
  newSession(
    t,
    'gone',
    `sh -c 'printf "\\033]2;✳ Claude Code\\033\\\\"; cat ${screen('claude-idle')}; exec sh'`,
  );
  t.tmux('new-window', '-d', '-t', 'plain:', '-n', 'twin', 'sleep 1000');
  t.tmux('new-window', '-d', '-t', 'plain:', '-n', 'twin', 'sleep 1000');
  await waitFor(() => existsSync(join(dir, 'plain')) && existsSync(join(dir, 'dialog')), 10_000);
});
afterAll(() => {
  t?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('tmo send', () => {
  it('sends argv words joined by spaces, text after -- verbatim', async () => {
    const r = await tmo('send', '--timeout', '200', 'plain:0', '--', '-R', 'Enter', 'x;');
    expect([0, 4]).toContain(r.code);
    await waitFor(() => read(join(dir, 'plain')).length >= 11);
    expect(read(join(dir, 'plain'))).toBe('-R Enter x;\n');
  });

  it('reads stdin with -, dropping trailing newlines', async () => {
    const r = await tmoIn('one\ntwo\n\n', 'send', '--timeout', '200', '--json', 'plain:0', '-');
    expect(JSON.parse(r.stdout)).toMatchObject({ target: 'plain:0', bytes: 7 });
    await waitFor(() => read(join(dir, 'plain')).length >= 20);
    expect(read(join(dir, 'plain'))).toBe('-R Enter x;\none\ntwo\n');
  });

  it('refuses free text while a permission dialog is open (exit 5), --force sends', async () => {
    const refused = await tmo('send', 'dialog', 'hello');
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/waiting on a permission dialog.*tmo answer dialog <choice>.*--force/);
    const json = await tmo('send', '--json', 'dialog', 'hello');
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'refused',
      code: 'DIALOG_OPEN',
      paneId: expect.any(String),
    });
    expect(read(join(dir, 'dialog'))).toBe('');
    const forced = await tmo('send', '--force', '--timeout', '200', 'dialog', 'hello');
    expect([0, 4]).toContain(forced.code);
    await waitFor(() => read(join(dir, 'dialog')) === 'hello\n');
  });

  it('refuses text for the shell an exited agent left behind (exit 5), --force sends', async () => {
    await waitFor(() => t.tmux('display-message', '-p', '-t', 'gone', '#{pane_title}').includes('Claude'));
    const ran = join(dir, 'ran');
    const refused = await tmo('send', '--json', 'gone', `echo ran > ${ran}`);
    expect(refused.code).toBe(5);
    expect(JSON.parse(refused.stdout)).toMatchObject({ status: 'refused', code: 'AGENT_EXITED' });
    const explain = await tmo('explain', '--json', 'gone');
    expect(JSON.parse(explain.stdout)).toMatchObject({
      agent: true,
      kind: 'claude',
      state: 'exited',
      rule: 'exited.shell-in-front',
    });
    expect(existsSync(ran)).toBe(false);
    const forced = await tmo('send', '--force', '--timeout', '300', 'gone', `echo ran > ${ran}`);
    expect([0, 4]).toContain(forced.code);
    await waitFor(() => read(ran) === 'ran\n');
  });

  it('an echo that scrolls the screen is no proof: a program that never reads is not confirmed (exit 4)', async () => {
    await waitFor(() => t.tmux('capture-pane', '-p', '-t', 'deaf').includes('for shortcuts'));
    const r = await tmo('send', '--json', '--timeout', '600', 'deaf', 'are you there?');
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'unconfirmed' });
    expect(r.code).toBe(4);
  });

  it('a line longer than line mode keeps is delivered cut, and never reported as confirmed', async () => {
    const r = await tmoIn('y'.repeat(5000), 'send', '--json', '--timeout', '600', 'canon', '-');
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).detail).toMatch(/over 4095 bytes/);
    await waitFor(() => read(join(dir, 'canon')).endsWith('\n'));
    expect(read(join(dir, 'canon'))).toBe(`${'y'.repeat(4095)}\n`); // what the kernel kept
  });

  it('answers the dialog with the keys claude expects', async () => {
    const r = await tmo('answer', '--timeout', '200', 'dialog', 'yes');
    expect([0, 4]).toContain(r.code);
    await waitFor(() => read(join(dir, 'dialog')) === 'hello\n1');
  });

  it('answer refuses when no dialog is open', async () => {
    const r = await tmo('answer', 'mute', '2');
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/no dialog is open/);
  });

  it('reports unconfirmed (exit 4) for a pane that never reacts', async () => {
    const r = await tmo('send', '--timeout', '300', 'mute', 'anyone there?');
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/NOT confirmed/);
  });

  it('refuses control characters and oversize text (exit 5), sending nothing', async () => {
    const before = read(join(dir, 'plain'));
    const ctl = await tmo('send', 'plain:0', 'a\u001bb');
    expect(ctl.code).toBe(5);
    expect(ctl.stderr).toMatch(/U\+001B \(ESC\) at position 2/);
    const big = await tmoIn('z'.repeat(70_000), 'send', 'plain:0', '-');
    expect(big.code).toBe(5);
    expect(big.stderr).toMatch(/too large: 70000 bytes/);
    expect(read(join(dir, 'plain'))).toBe(before);
  });

  it('target errors: not found 1, ambiguous 2, no server 3', async () => {
    const missing = await tmo('send', 'nosuch', 'hi');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/target "nosuch" not found/);
    const prefix = await tmo('send', 'plai', 'hi');
    expect(prefix.code).toBe(1);
    const twin = await tmo('send', 'plain:twin', 'hi');
    expect(twin.code).toBe(2);
    expect(twin.stderr).toMatch(/ambiguous: @\d+ .*, @\d+ /);
    const down = await runCli(['-L', `${t.socketName}-none`, 'send', 'x', 'hi']);
    expect(down.code).toBe(3);
  });

  it('usage errors exit 2', async () => {
    for (const args of [
      ['send'],
      ['send', 'plain'],
      ['send', 'plain', '--bogus'],
      ['send', '--timeout', 'soon', 'plain', 'hi'],
      ['answer', 'dialog'],
      ['answer', 'dialog', 'maybe'],
    ]) {
      const r = await tmo(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).not.toBe('');
    }
  });
});
