import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectSnapshot } from '../../src/agents/inspect.js';
import { readProcessTable } from '../../src/agents/proc.js';
import { BUILTIN_TABLES } from '../../src/agents/rules/index.js';
import { AgentTracker } from '../../src/agents/tracker.js';
import type { Snapshot } from '../../src/model/types.js';
import { capturePanes } from '../../src/tmux/capture.js';
import { takeSnapshot } from '../../src/tmux/snapshot.js';
import { runCli } from '../helpers/cli.js';
import { newSession, type PrivateTmux, privateTmux, shq as q, waitFor } from '../helpers/tmux.js';

const fixtures = fileURLToPath(new URL('../fixtures/screens/', import.meta.url));
const fakeAgent = fileURLToPath(new URL('../../dist/src/demo/fake-agent.js', import.meta.url));
const catThenSleep = (file: string) => `sh -c ${q(`cat ${q(join(fixtures, file))}; exec sleep 600`)}`;
/**
 * A recorded screen drawn by a process that calls itself `name` (`exec -a`, as agents name themselves): an
 * agent's screen needs something in the pane that can be that agent (detect.ts leftoverRule). `node` is an
 * interpreter running a script no table names: the screen tells which agent it is.
 */
const drawnBy = (name: string, file: string) =>
  `bash -c ${q(`cat ${q(join(fixtures, file))}; exec -a ${name} sleep 600`)}`;

let t: PrivateTmux;
let tmp: string;
const ids: Record<string, string> = {};
const emptyConfig = () => ({ XDG_CONFIG_HOME: join(tmp, 'config') });

function paneIdOf(target: string): string {
  return t.tmux('display-message', '-p', '-t', target, '#{pane_id}').trim();
}

function addWindow(name: string, command: string): string {
  const id = t
    .tmux('new-window', '-d', '-P', '-F', '#{pane_id}', '-t', 'agents:', '-n', name, command)
    .trim();
  ids[name] = id;
  return id;
}

beforeAll(() => {
  t = privateTmux('tmo-agents');
  tmp = mkdtempSync(join(tmpdir(), 'tmo-agents-'));
  newSession(t, 'agents', drawnBy('node', 'claude-waiting-permission.txt'));
  ids['perm'] = paneIdOf('agents:0');
  addWindow('codex', drawnBy('codex', 'codex-working.txt'));
  addWindow('aider', drawnBy('aider', 'aider-idle.txt'));
  addWindow('gemini', drawnBy('node', 'gemini-error.txt'));
  // The same screen under a program that cannot be an agent: what an agent left behind, not one.
  addWindow('leftover', catThenSleep('claude-waiting-permission.txt'));
  addWindow('devserver', catThenSleep('trap-node-devserver.txt'));
  addWindow('shell', catThenSleep('trap-shell-error.txt'));
  // Process-tree detection: `sleep` copied as `claude`, run in the background of a shell.
  copyFileSync('/bin/sleep', join(tmp, 'claude'));
  chmodSync(join(tmp, 'claude'), 0o755);
  addWindow('tree', `sh -c ${q(`${q(join(tmp, 'claude'))} 600 & wait`)}`);
  // Native install style: the pane command is a version string.
  mkdirSync(join(tmp, 'claude', '..', 'share', 'claude', 'versions'), { recursive: true });
  const native = join(tmp, 'share', 'claude', 'versions', '2.1.34');
  copyFileSync('/bin/sleep', native);
  chmodSync(native, 0o755);
  addWindow('native', `${q(native)} 600`);
});

afterAll(() => {
  t?.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const BASE = ['perm', 'codex', 'aider', 'gemini', 'devserver', 'shell', 'tree', 'native', 'leftover'];

async function snapshotWhenDrawn(): Promise<Snapshot> {
  const snapshot = await waitFor(
    async () => {
      const s = await takeSnapshot(t.runner);
      const base = BASE.map((name) => ids[name]);
      const panes = s.sessions.flatMap((x) => x.windows.flatMap((w) => w.panes));
      const ready = panes
        .filter((p) => base.includes(p.id))
        .every((p) => ['sleep', 'sh', '2.1.34', 'node', 'codex', 'aider'].includes(p.command));
      const screens = await capturePanes(
        t.runner,
        BASE.slice(0, 6).map((name) => ids[name]!),
      );
      return ready && [...screens.values()].every((v) => v.trim() !== '') ? s : undefined;
    },
    10_000,
    'panes drawn',
  );
  return snapshot!;
}

describe('inspectSnapshot on a private tmux server', () => {
  it('classifies panes that show recorded screens, and ignores non-agents', async () => {
    const snapshot = await snapshotWhenDrawn();
    const tracker = new AgentTracker();
    const agents = await inspectSnapshot(t.runner, snapshot, { tables: BUILTIN_TABLES, tracker });
    expect(agents[ids['perm']!]).toMatchObject({ kind: 'claude', state: 'waiting', reason: 'permission' });
    expect(agents[ids['codex']!]).toMatchObject({
      kind: 'codex',
      state: 'working',
      rule: 'codex.working.status',
    });
    expect(agents[ids['aider']!]).toMatchObject({ kind: 'aider', state: 'idle' });
    expect(agents[ids['gemini']!]).toMatchObject({ kind: 'gemini', state: 'error' });
    expect(agents[ids['devserver']!]).toBeUndefined();
    expect(agents[ids['leftover']!]).toBeUndefined();
    expect(agents[ids['shell']!]).toBeUndefined();
    expect(typeof agents[ids['perm']!]?.since).toBe('number');
    expect(tracker.get(ids['perm']!)?.state).toBe('waiting');
  });

  it('detects agents through the process tree (a child named claude; a native version-named binary)', async () => {
    const snapshot = await snapshotWhenDrawn();
    const procs = await readProcessTable();
    const agents = await inspectSnapshot(t.runner, snapshot, { tables: BUILTIN_TABLES, procs });
    const panes = snapshot.sessions.flatMap((s) => s.windows.flatMap((w) => w.panes));
    expect(panes.find((p) => p.id === ids['tree'])?.command).toBe('sh');
    expect(panes.find((p) => p.id === ids['native'])?.command).toBe('2.1.34');
    expect(agents[ids['tree']!]?.kind).toBe('claude');
    expect(agents[ids['native']!]?.kind).toBe('claude');
  });

  it('reports exited once the agent process is gone', async () => {
    const tracker = new AgentTracker();
    const id = addWindow('gone', `sh -c ${q(`${q(join(tmp, 'claude'))} 600 & wait; exec sleep 600`)}`);
    await waitFor(
      async () =>
        (await inspectSnapshot(t.runner, await takeSnapshot(t.runner), { tables: BUILTIN_TABLES, tracker }))[
          id
        ],
      10_000,
    );
    const pid = Number(t.tmux('display-message', '-p', '-t', id, '#{pane_pid}').trim());
    const procs = await readProcessTable();
    const child = [...procs.values()].find((p) => p.ppid === pid);
    process.kill(child!.pid);
    const status = await waitFor(
      async () => {
        const s = (
          await inspectSnapshot(t.runner, await takeSnapshot(t.runner), { tables: BUILTIN_TABLES, tracker })
        )[id];
        return s?.state === 'exited' ? s : undefined;
      },
      10_000,
      'exited',
    );
    expect(status).toMatchObject({ kind: 'claude', state: 'exited' });
  });
});

describe('capturePanes', () => {
  it('returns each pane exactly, whatever it shows (markers, separators, escapes)', async () => {
    const hostile = [
      'tmo-capture-0000000000000000 %0',
      '; display-message -p boom ;',
      '%1 %2 #{pane_id} \\; -t',
      'ünïcödé ✻ ⎿ ❯ 日本語',
      '\x1b[31mred\x1b[0m tab\there',
    ].join('\n');
    const a = addWindow('hostile-a', `sh -c ${q(`printf '%s\\n' ${q(hostile)}; exec sleep 600`)}`);
    const b = addWindow('hostile-b', `sh -c ${q('printf "\\n\\n\\n"; exec sleep 600')}`);
    await waitFor(() => t.tmux('capture-pane', '-p', '-t', a).includes('tab'), 10_000, 'hostile pane drawn');
    for (const options of [{}, { lines: 50 }, { ansi: true }]) {
      const args = (id: string) => [
        'capture-pane',
        '-p',
        '-J',
        '-t',
        id,
        ...('ansi' in options ? ['-e'] : []),
        ...('lines' in options ? ['-S', '-50'] : []),
      ];
      const got = await capturePanes(t.runner, [a, b, ids['perm']!], options);
      expect(got.get(a)).toBe(t.tmux(...args(a)));
      expect(got.get(b)).toBe(t.tmux(...args(b)));
      expect(got.get(ids['perm']!)).toBe(t.tmux(...args(ids['perm']!)));
    }
    expect((await capturePanes(t.runner, [a]))?.get(a)).toContain('; display-message -p boom ;');
  });

  it('skips a pane that does not exist instead of failing the batch', async () => {
    const got = await capturePanes(t.runner, [ids['perm']!, '%9999']);
    expect(got.has(ids['perm']!)).toBe(true);
    expect(got.has('%9999')).toBe(false);
    await expect(capturePanes(t.runner, ['agents:0'])).rejects.toThrow(/not a pane id/);
  });
});

describe('tmo explain', () => {
  it('prints kind, state and the deciding rule and line; --json too', async () => {
    await snapshotWhenDrawn();
    const text = await runCli(['-L', t.socketName, 'explain', ids['perm']!], { env: emptyConfig() });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/kind +claude \(Claude Code\), via screen/);
    expect(text.stdout).toMatch(/state +waiting \(permission\)/);
    expect(text.stdout).toMatch(/rule +claude\.waiting\.permission/);
    expect(text.stdout).toContain('Do you want to proceed?');
    const json = await runCli(['-L', t.socketName, 'explain', 'agents:codex', '--json'], {
      env: emptyConfig(),
    });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      paneId: ids['codex'],
      agent: true,
      kind: 'codex',
      via: 'command',
      state: 'working',
      rule: 'codex.working.status',
    });
    expect(JSON.parse(json.stdout).since).toBeNull(); // as status --json: no start is known for work seen once
    const perm = await runCli(['-L', t.socketName, 'explain', ids['perm']!, '--json'], {
      env: emptyConfig(),
    });
    expect(JSON.parse(perm.stdout).since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const shell = await runCli(['-L', t.socketName, 'explain', 'agents:shell.0', '--json'], {
      env: emptyConfig(),
    });
    expect(shell.code, shell.stderr).toBe(0);
    expect(JSON.parse(shell.stdout)).toMatchObject({ agent: false, kind: null, state: null });
    // a look before sending names an agent's screen left under `sleep` for what it is
    const left = await runCli(['-L', t.socketName, 'explain', ids['leftover']!, '--json'], {
      env: emptyConfig(),
    });
    expect(JSON.parse(left.stdout)).toMatchObject({
      kind: 'claude',
      state: 'exited',
      rule: 'exited.no-agent-process',
    });
  });

  it('usage errors exit 2, unknown targets 1, a bad config file 1 with its key path', async () => {
    const usage = await runCli(['-L', t.socketName, 'explain'], { env: emptyConfig() });
    expect(usage.code, usage.stderr).toBe(2);
    const missing = await runCli(['-L', t.socketName, 'explain', 'agents:nope'], { env: emptyConfig() });
    expect(missing.code, missing.stderr).toBe(1);
    expect(missing.stderr).toMatch(/not found/);
    const dir = join(tmp, 'badconfig', 'tmux-orchestrator');
    mkdirSync(dir, { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        agents: { kinds: { claude: { rules: [{ id: 'x', state: 'idle', pattern: '(' }] } } },
      }),
    );
    const bad = await runCli(['-L', t.socketName, 'explain', ids['perm']!], {
      env: { XDG_CONFIG_HOME: join(tmp, 'badconfig') },
    });
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toContain(
      'config.json: agents.kinds.claude.rules[0].pattern: invalid regular expression',
    );
  });
});

describe('fake agent', () => {
  it('goes idle → working → waiting (permission) → idle, echoing each message exactly', async () => {
    const echo = join(tmp, 'echo.txt');
    const id = addWindow(
      'fake',
      `${q(process.execPath)} ${q(fakeAgent)} --kind claude --work-ms 1000 --ask-permission --echo-file ${q(echo)}`,
    );
    const tracker = new AgentTracker({ idleDebounceMs: 0 });
    const state = async () =>
      (await inspectSnapshot(t.runner, await takeSnapshot(t.runner), { tables: BUILTIN_TABLES, tracker }))[
        id
      ];
    await waitFor(async () => (await state())?.state === 'idle', 10_000, 'fake idle');
    t.tmux('set-buffer', '-b', 'tmo-test', 'line one\nline two');
    t.tmux('paste-buffer', '-p', '-d', '-b', 'tmo-test', '-t', id);
    t.tmux('send-keys', '-t', id, 'Enter');
    await waitFor(async () => (await state())?.state === 'working', 10_000, 'fake working');
    const waiting = await waitFor(
      async () => {
        const s = await state();
        return s?.state === 'waiting' ? s : undefined;
      },
      10_000,
      'fake waiting',
    );
    expect(waiting).toMatchObject({ kind: 'claude', reason: 'permission' });
    t.tmux('send-keys', '-t', id, '1');
    await waitFor(async () => (await state())?.rule === 'claude.idle.completion', 10_000, 'fake done');
    expect(readFileSync(echo, 'utf8')).toBe('line one\nline two\n');
  });
});
