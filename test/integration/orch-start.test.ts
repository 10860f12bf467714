import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type PrivateTmux, privateTmux, shq as q, waitFor } from '../helpers/tmux.js';

/** The fake Claude (built by the global setup) as the agent command: argv, never a shell. */
const fake = fileURLToPath(new URL('../../dist/src/demo/fake-agent.js', import.meta.url));
const fakeAgent = (echo: string) =>
  `${q(process.execPath)} ${q(fake)} --kind claude --work-ms 200 --echo-file ${q(echo)}`;

let t: PrivateTmux;
let root: string;
let env: NodeJS.ProcessEnv;
const tmo = (...args: string[]) => runCli(['-L', t.socketName, ...args], { env, timeoutMs: 30_000 });
const windows = (session: string) =>
  t
    .tmux('list-windows', '-t', `=${session}`, '-F', '#{window_index}|#{window_name}|#{pane_current_path}')
    .trim()
    .split('\n');

beforeAll(() => {
  t = privateTmux('orch-start');
  root = mkdtempSync(join(tmpdir(), 'orch-start-'));
  env = { XDG_STATE_HOME: join(root, 'state'), XDG_CONFIG_HOME: join(root, 'config') };
});
afterAll(() => {
  t.kill();
  rmSync(root, { recursive: true, force: true });
});

describe('tmo start / deploy / stop', () => {
  it('starts agent, Shell and Dev-Server windows in the folder, waits for the agent, briefs it', async () => {
    const dir = join(root, 'My Project');
    mkdirSync(dir);
    const echo = join(root, 'brief.txt');
    const r = await tmo('start', dir, '--agent', fakeAgent(echo), '--timeout', '20');
    expect(r.stderr).not.toMatch(/tmo:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/started session My-Project/);
    expect(r.stdout).toMatch(/ready after/);
    expect(r.stdout).toContain(`attach with: tmux -L ${t.socketName} attach -t '=My-Project'\n`);
    expect(windows('My-Project')).toEqual([`0|Agent|${dir}`, `1|Shell|${dir}`, `2|Dev-Server|${dir}`]);
    const brief = await waitFor(() => existsSync(echo) && readFileSync(echo, 'utf8'), 10_000, 'the briefing');
    expect(brief).toContain(
      `You are the engineer for the project "My Project" in ${dir} (tmux session My-Project).`,
    );
    expect(brief).not.toMatch(/\{\{/);

    // deploy: a PM window at the index tmux picks, briefed from configDir()/briefs/pm.md
    const briefs = join(root, 'config', 'tmux-orchestrator', 'briefs');
    mkdirSync(briefs, { recursive: true });
    writeFileSync(briefs.concat('/pm.md'), 'PM of {{project}} in {{session}} at {{path}}\n\n');
    t.tmux('kill-window', '-t', '=My-Project:1'); // a gap: tmux, not we, chooses the index
    const echo2 = join(root, 'pm.txt');
    const d = await tmo('deploy', 'My-Project', '--agent', fakeAgent(echo2), '--json');
    expect(d.code).toBe(0);
    const result = JSON.parse(d.stdout) as {
      window: { index: number; name: string };
      brief: { status: string };
    };
    expect(result.window).toMatchObject({ index: 1, name: 'Project-Manager' }); // the first free index
    expect(result.brief.status).toBe('confirmed');
    expect(windows('My-Project')).toContain(`1|Project-Manager|${dir}`);
    expect(await waitFor(() => existsSync(echo2) && readFileSync(echo2, 'utf8'), 10_000, 'pm brief')).toBe(
      `PM of My Project in My-Project at ${dir}\n`,
    );

    const again = await tmo('start', dir, '--agent', fakeAgent(echo));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/session "My-Project" already exists/);
    expect(windows('My-Project')).toHaveLength(3);

    const stop = await tmo('stop', 'My-Project');
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(/stopped session My-Project/);
    expect(() => t.tmux('has-session', '-t', '=My-Project')).toThrow();
    const twice = await tmo('stop', 'My-Project');
    expect(twice.code).not.toBe(0);
  });

  it('deploy lands at the index tmux picks with base-index set and a gap, and names a second PM -2', async () => {
    const dir = join(root, 'based');
    mkdirSync(dir);
    const quick = ['--agent', 'sleep 600', '--timeout', '0', '--no-brief'];
    expect((await tmo('start', dir, ...quick)).code).toBe(0);
    t.tmux('set-option', '-t', '=based:', 'base-index', '1');
    t.tmux('kill-window', '-t', '=based:0');
    t.tmux('kill-window', '-t', '=based:2'); // left: window 1 only; free below base-index: 0
    const first = await tmo('deploy', 'based', ...quick);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^deployed Project-Manager in based: window 2 \(@\d+, pane %\d+\)/);
    const second = await tmo('deploy', 'based', ...quick, '--json');
    expect(second.code).toBe(0);
    expect((JSON.parse(second.stdout) as { window: unknown }).window).toMatchObject({
      index: 3,
      name: 'Project-Manager-2',
    });
    expect(windows('based').map((w) => w.split('|').slice(0, 2).join('|'))).toEqual([
      '1|Shell',
      '2|Project-Manager',
      '3|Project-Manager-2',
    ]);
    expect((await tmo('stop', 'based')).code).toBe(0);
  });

  it('a briefing the safe send would refuse fails before anything is made (--brief file, a FIFO too)', async () => {
    const dir = join(root, 'briefed');
    mkdirSync(dir);
    const bad = join(root, 'bad-brief.md');
    writeFileSync(bad, 'hello \x1b[31mred\n');
    const r = await tmo('start', dir, '--agent', 'sleep 600', '--timeout', '0', '--brief', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--brief: .*bad-brief\.md: control character U\+001B \(ESC\)/);
    const fifo = join(root, 'fifo-brief.md');
    execFileSync('mkfifo', [fifo]);
    const f = await tmo('start', dir, '--agent', 'sleep 600', '--timeout', '0', '--brief', fifo);
    expect(f.code).toBe(1);
    expect(f.stderr).toMatch(/is a FIFO, not a file/);
    let sessions: string[] = [];
    try {
      sessions = t.tmux('list-sessions', '-F', '#{session_name}').split('\n');
    } catch {
      // no server at all: nothing was made
    }
    expect(sessions).not.toContain('briefed');
  });

  it('deploy into a session whose folder is gone is refused: no window starts elsewhere', async () => {
    const dir = join(root, 'gone');
    mkdirSync(dir);
    const quick = ['--agent', 'sleep 600', '--timeout', '0', '--no-brief'];
    expect((await tmo('start', dir, ...quick)).code).toBe(0);
    const names = () => windows('gone').map((w) => w.split('|').slice(0, 2).join('|'));
    const before = names();
    rmSync(dir, { recursive: true });
    const r = await tmo('deploy', 'gone', ...quick);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the folder of gone is gone: not a directory: .*gone/);
    expect(names()).toEqual(before);
    expect((await tmo('stop', 'gone')).code).toBe(0);
  });

  it('takes hostile folder names, echo paths and session names literally or refuses them', async () => {
    // `#(…)` would run a shell command in tmux's format expansion: it must stay a literal name.
    const marker = 'orch-start-pwned';
    const places = [root, process.cwd(), tmpdir(), process.env['HOME'] ?? '/'].map((p) => join(p, marker));
    const dir = join(root, `x#(touch ${marker});`);
    mkdirSync(dir);
    const echo = join(root, 'odd name;');
    const r = await tmo('start', dir, '--agent', fakeAgent(echo), '--name', 'odd.name');
    expect(r.stderr).not.toMatch(/tmo:/);
    expect(r.code).toBe(0);
    expect(windows('odd_name')[0]).toBe(`0|Agent|${dir}`);
    expect(r.stdout).toMatch(
      /^started session odd_name .*\n {2}\(tmux turns "\." into "_": the session is odd_name;/,
    );
    await waitFor(
      () => existsSync(echo) && readFileSync(echo, 'utf8').includes(dir),
      10_000,
      'brief in "odd name;"',
    );
    for (const name of ['#(touch /tmp/x)', 'a;', 'a b', "it's", 'new\nline']) {
      const bad = await tmo('start', dir, '--name', name);
      expect(bad.code, name).toBe(2);
    }
    expect((await tmo('start', dir, '--name=-x')).code).toBe(2);
    expect((await tmo('start', dir, '--agent', "'unterminated")).code).toBe(2);
    expect((await tmo('start', join(root, 'missing'))).code).toBe(1);
    for (const p of places) expect(existsSync(p), p).toBe(false);
    const stop = await tmo('stop', 'odd.name'); // the name as typed at start
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(/^stopped session odd_name/);
  });

  it('reports an agent that exits or never gets ready, and leaves the session to look at', async () => {
    const dir = join(root, 'fails');
    mkdirSync(dir);
    // It lingers after its last words: tmux drops what a program prints just before it exits (≈ 3 % of
    // runs here), so an instant exit could not be asserted on.
    const exits = await tmo('start', dir, '--agent', `sh -c 'echo boom; sleep 0.5; exit 7'`);
    expect(exits.code).toBe(1);
    expect(exits.stderr).toMatch(/exited with status 7 before it was ready; its last output:\nboom\n/);
    expect(exits.stderr).toMatch(/tmo stop fails/);
    expect((await tmo('stop', 'fails')).code).toBe(0);
    const silent = await tmo('start', dir, '--agent', `sh -c 'exit 7'`);
    expect(silent.code).toBe(1);
    expect(silent.stderr).toMatch(/exited with status 7 before it was ready; nothing is left on its screen/);
    expect((await tmo('stop', 'fails')).code).toBe(0);
    const slow = await tmo('start', dir, '--agent', 'sleep 60', '--timeout', '0.5');
    expect(slow.code).toBe(1);
    expect(slow.stderr).toMatch(/not ready after 0.5s/);
    const stop = await tmo('stop', 'fails');
    expect(stop.stderr).toBe('');
    expect(stop.code).toBe(0);
  });

  it('stop: a missing session is exit 1, no server is exit 3', async () => {
    t.tmux('new-session', '-d', '-s', 'keep');
    const none = await tmo('stop', 'kee'); // no prefix matching
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no session named "kee"/);
    expect(t.tmux('list-sessions', '-F', '#{session_name}')).toContain('keep');
    const dead = await runCli(['-L', `${t.socketName}-none`, 'stop', 'x'], { env });
    expect(dead.code).toBe(3);
  });
});
