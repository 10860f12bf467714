import { describe, expect, it } from 'vitest';
import { detectKind, leftoverRule, screenMatters } from '../../src/agents/detect.js';
import { judgePane } from '../../src/agents/inspect.js';
import type { ProcInfo } from '../../src/agents/proc.js';
import { BUILTIN_TABLES } from '../../src/agents/rules/index.js';
import { AgentTracker } from '../../src/agents/tracker.js';
import type { TmoEvent } from '../../src/model/events.js';
import type { PaneInfo } from '../../src/model/types.js';
import { AgentWatcher } from '../../src/source/embedded-agents.js';
import { paneInfo } from '../helpers/pane.js';
import { captureRunner, oneSessionView } from '../helpers/watcher.js';

/**
 * A title or a screen names an agent only while something in the pane can be that agent: the same rule
 * for `status` (judgePane) and the live source (AgentWatcher), so the two never disagree.
 */
const tables = BUILTIN_TABLES;
const proc = (pid: number, ppid: number, ...args: string[]): ProcInfo => ({
  pid,
  ppid,
  comm: (args[0] ?? '').split('/').pop()!.slice(0, 15),
  args,
});
/** A process table: the pane's shell (pid 100) and what runs under it. */
const table = (...under: ProcInfo[]) =>
  new Map([proc(100, 1, '-bash'), ...under].map((p) => [p.pid, p] as [number, ProcInfo]));
const claudeTitle = (over: Partial<PaneInfo> = {}) =>
  paneInfo({ pid: 100, title: '✳ Claude Code', command: 'sleep', ...over });
const loopScreen = Array.from({ length: 20 }, (_, i) => `working line ${i + 1}`).join('\n');

describe('leftoverRule: the title or screen of an agent nothing in the pane can be', () => {
  const title = (p: PaneInfo, procs?: Map<number, ProcInfo>) => {
    const d = detectKind(p, procs, tables);
    expect(d?.via).toBe('title');
    return leftoverRule(p, d!, procs);
  };

  it('a shell in front, whatever the tree', () => {
    expect(title(claudeTitle({ command: 'bash' }))).toBe('exited.shell-in-front');
    expect(title(claudeTitle({ command: 'zsh' }), table(proc(101, 100, 'sleep', '1')))).toBe(
      'exited.shell-in-front',
    );
  });

  it('a tree read whole that holds only programs that cannot be an agent', () => {
    // a shell loop forking `sleep`, a build, a pager on a transcript, a tool run by hand
    for (const under of [
      [proc(101, 100, 'sleep', '0.1')],
      [proc(101, 100, 'make', '-j4'), proc(102, 101, 'cc', '-c', 'x.c')],
      [proc(101, 100, 'less', 'transcript.txt')],
      [proc(101, 100, 'htop')],
    ])
      expect(title(claudeTitle({ command: under[0]!.comm }), table(...under))).toBe(
        'exited.no-agent-process',
      );
  });

  it('a program that can run or reach an agent keeps the title as evidence', () => {
    for (const under of [
      [proc(101, 100, 'node', '/opt/tools/my-wrapper.js')], // an agent's own wrapper, unknown by name
      [proc(101, 100, '/usr/bin/python3', '-m', 'some_agent')],
      [proc(101, 100, 'bun', 'run', 'agent.ts')],
      [proc(101, 100, 'ssh', 'build-box')], // the agent runs on another machine
      [proc(101, 100, 'mosh-client', '-#', 'x')],
      [proc(101, 100, 'docker', 'exec', '-it', 'dev', 'codex')], // in a container
      [proc(101, 100, 'kubectl', 'exec', '-it', 'pod')],
      [proc(101, 100, 'tmux', 'attach')], // a nested tmux draws an inner pane's title
      [proc(101, 100, '2.1.34')], // a native Claude Code install names its version
    ])
      expect(title(claudeTitle({ command: under[0]!.comm }), table(...under))).toBeUndefined();
  });

  it('without the pane in the process table nothing more can be told', () => {
    expect(title(claudeTitle())).toBeUndefined();
    expect(title(claudeTitle(), new Map())).toBeUndefined();
  });

  it('detection by command or process is the agent itself', () => {
    const byCommand = paneInfo({ pid: 100, command: 'claude', title: '✳ Claude Code' });
    expect(leftoverRule(byCommand, detectKind(byCommand, table(), tables)!, table())).toBeUndefined();
    const procs = table(proc(101, 100, 'node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js'));
    const byProcess = paneInfo({ pid: 100, command: 'node' });
    const d = detectKind(byProcess, procs, tables)!;
    expect(d.via).toBe('process');
    expect(leftoverRule(byProcess, d, procs)).toBeUndefined();
  });
});

describe('judgePane with leftovers', () => {
  const procs = table(proc(101, 100, 'sleep', '0.1'));
  it('a listing leaves such a pane out, a look before sending calls it exited, a known agent exited', () => {
    const pane = claudeTitle();
    expect(judgePane({ pane, screen: loopScreen, procs, tables })).toBeNull();
    expect(judgePane({ pane, screen: loopScreen, procs, tables, leftovers: 'exited' })?.status).toMatchObject(
      {
        kind: 'claude',
        state: 'exited',
        rule: 'exited.no-agent-process',
      },
    );
    const tracker = new AgentTracker({ idleDebounceMs: 0 });
    const running = table(proc(101, 100, 'claude'));
    expect(
      judgePane({ pane: claudeTitle({ command: 'claude' }), screen: '> \n', procs: running, tables, tracker })
        ?.status.state,
    ).toBeDefined();
    expect(judgePane({ pane, screen: loopScreen, procs, tables, tracker })?.status).toMatchObject({
      state: 'exited',
      rule: 'exited.process-gone',
    });
  });

  it("strong leftovers (the agent's exit hint) list it as exited with a shell in front, not under a program", () => {
    const screen = `${loopScreen}\nResume this session with:\nclaude --resume 0b9e5a4c-1111-2222-3333-444455556666\n$ `;
    const shell = claudeTitle({ command: 'bash' });
    expect(judgePane({ pane: shell, screen, procs: table(), tables })?.status).toMatchObject({
      state: 'exited',
      rule: 'exited.shell-in-front',
    });
    // `sleep` (or `make`, `vim`) in front cannot be Claude, whatever its screen still shows
    expect(judgePane({ pane: claudeTitle(), screen, procs, tables })).toBeNull();
  });
});

/** The live source with an injected process table and a runner that captures `screens`. */
function watcher(procs: Map<number, ProcInfo>, screens: Record<string, string>) {
  const events: TmoEvent[] = [];
  const w = new AgentWatcher({
    runner: captureRunner((id) => screens[id] ?? ''),
    emit: (e) => events.push(e),
    where: () => undefined,
    readProcs: async () => procs,
    hookFile: false,
    stateDir: false,
    idleDebounceMs: 0,
  });
  return { w, events, procs };
}

const view = oneSessionView;

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('the live source judges leftovers as status does', () => {
  it('a shell loop printing under a Claude title is no agent; a real one beside it is', async () => {
    const procs = table(proc(101, 100, 'sleep', '0.1'), proc(200, 1, '-bash'), proc(201, 200, 'claude'));
    const loop = claudeTitle({ id: '%1' });
    const agent = paneInfo({ id: '%2', pid: 200, command: 'claude', title: '✳ Claude Code' });
    const { w, events } = watcher(procs, {
      '%1': loopScreen,
      '%2': '╭────╮\n│ > │\n╰────╯\n? for shortcuts\n',
    });
    await w.onSnapshot(view(loop, agent));
    await until(() => events.some((e) => e.type === 'agent.status' && e.paneId === '%2'));
    expect(w.isAgent('%1')).toBe(false);
    expect(w.agentPanes()).toEqual(new Set(['%2']));
    expect(events.filter((e) => e.type === 'agent.status' && e.paneId === '%1')).toEqual([]);
    expect(Object.keys(w.statuses())).toEqual(['%2']);
    // status, on the same panes, agrees
    expect(judgePane({ pane: loop, screen: loopScreen, procs, tables })).toBeNull();
  });

  it('an agent that left, with a program that cannot be one in front, is exited', async () => {
    const running = table(proc(101, 100, 'claude'));
    const { w, events } = watcher(running, { '%1': '> \n? for shortcuts\n' });
    await w.onSnapshot(view(claudeTitle({ command: 'claude' })));
    await until(() => events.some((e) => e.type === 'agent.status'));
    // Claude exited; the user runs a build in the same shell, under the title Claude left
    running.delete(101);
    running.set(102, proc(102, 100, 'make'));
    await w.onSnapshot(view(claudeTitle({ command: 'make' })));
    await until(() => w.status('%1')?.state === 'exited');
    expect(w.status('%1')?.rule).toBe('exited.process-gone');
  });
});

describe('screenMatters: which panes a listing captures', () => {
  it('a shell, an agent by command, anything that can be or hide one; not a tree that holds none', () => {
    expect(screenMatters(claudeTitle({ command: 'bash' }), table(), tables)).toBe(true);
    expect(screenMatters(paneInfo({ pid: 100, command: 'codex' }), table(), tables)).toBe(true);
    expect(screenMatters(paneInfo({ pid: 100, command: '2.1.34' }), table(), tables)).toBe(true);
    expect(
      screenMatters(paneInfo({ pid: 100, command: 'ssh' }), table(proc(101, 100, 'ssh', 'box')), tables),
    ).toBe(true);
    const agentChild = table(proc(101, 100, 'node', '/x/node_modules/@openai/codex/bin/codex.js'));
    expect(screenMatters(paneInfo({ pid: 100, command: 'make' }), agentChild, tables)).toBe(true);
    expect(screenMatters(paneInfo({ pid: 100, command: 'sleep' }), undefined, tables)).toBe(true); // no tree: can't tell
    expect(screenMatters(claudeTitle(), table(proc(101, 100, 'sleep', '0.1')), tables)).toBe(false);
    expect(
      screenMatters(paneInfo({ pid: 100, command: 'vim' }), table(proc(101, 100, 'vim', 'x')), tables),
    ).toBe(false);
  });
});
