import { describe, expect, it } from 'vitest';
import { classifyScreen, recentRegion } from '../../src/agents/classify.js';
import { detectKind, isVersionCommand } from '../../src/agents/detect.js';
import { judgePane } from '../../src/agents/inspect.js';
import { type ProcInfo, parsePs, processTree } from '../../src/agents/proc.js';
import { BUILTIN_TABLES } from '../../src/agents/rules/index.js';
import { AgentTracker } from '../../src/agents/tracker.js';
import type { PaneInfo } from '../../src/model/types.js';
import { splitCaptured } from '../../src/tmux/capture.js';
import { paneInfo } from '../helpers/pane.js';

const table = (kind: string) => BUILTIN_TABLES.find((t) => t.kind === kind)!;
const pad = (lines: string[], height = 40) => [...lines, ...Array(height - lines.length).fill('')].join('\n');
const pane = (over: Partial<PaneInfo> = {}): PaneInfo => paneInfo({ pid: 100, ...over });
const proc = (pid: number, ppid: number, args: string[], comm?: string): ProcInfo => ({
  pid,
  ppid,
  comm: comm ?? args[0]!.slice(args[0]!.lastIndexOf('/') + 1),
  args,
});

describe('classifyScreen', () => {
  it('waiting outranks working: a dialog under a still-drawn spinner line', () => {
    const screen = pad([
      '✻ Working… (12s · esc to interrupt)',
      '',
      'Do you want to proceed?',
      '❯ 1. Yes',
      '  2. No, and tell Claude what to do differently (esc)',
    ]);
    const c = classifyScreen(table('claude'), screen, '⠂ task');
    expect(c).toMatchObject({ state: 'waiting', reason: 'permission', rule: 'claude.waiting.permission' });
    expect(c.line).toBe('Do you want to proceed?');
  });

  it('only the recent region counts: a dialog scrolled far above is ignored', () => {
    const old = ["Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]:"];
    const filler = Array.from({ length: 40 }, (_, i) => `output line ${i}`);
    const c = classifyScreen(table('aider'), [...old, ...filler, '> '].join('\n'), '');
    expect(c.state).toBe('idle');
    expect(recentRegion([...old, ...filler].join('\n'), 30)).not.toContain(old[0]);
  });

  it('a waiting match above a fresh prompt (barrier) is stale', () => {
    const screen = [
      'Allow command? [y/n]',
      '• ran it',
      '─ Worked for 12s ────',
      '› ',
      '  100% context left',
    ].join('\n');
    expect(classifyScreen(table('codex'), screen, '').state).toBe('idle');
    // and without the prompt below it, the same dialog is live
    expect(classifyScreen(table('codex'), 'Allow command? [y/n]\n', '').state).toBe('waiting');
  });

  it('an error is stale once the agent works again below it', () => {
    const screen = pad(['  ⎿  API Error: 500 internal', '', '✻ Thinking… (3s · esc to interrupt)', '', '> ']);
    expect(classifyScreen(table('claude'), screen, '').state).toBe('working');
  });

  it('the bypass-permissions footer alone means nothing', () => {
    const c = classifyScreen(table('claude'), pad(['⏵⏵ bypass permissions on (shift+tab to cycle)']), '✳ x');
    expect(c.state).toBe('unknown');
    expect(c.rule).toBe('claude.unknown');
  });

  it('title rules: gemini ✋ means waiting even when the screen is ambiguous', () => {
    expect(classifyScreen(table('gemini'), 'nothing here', '✋  Action Required')).toMatchObject({
      state: 'waiting',
      rule: 'gemini.waiting.title',
      line: '✋  Action Required',
    });
    expect(classifyScreen(table('claude'), 'nothing', '⠐ task').state).toBe('working');
  });

  it('classifies a 200×50 screen quickly', () => {
    const screen = pad(
      Array.from({ length: 50 }, (_, i) => `${'x'.repeat(150)} line ${i}`),
      50,
    );
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) classifyScreen(table('claude'), screen, 'title');
    expect((performance.now() - t0) / 200).toBeLessThan(2); // generous: the bench measures the real figure
  });
});

describe('detectKind', () => {
  it('a plain node dev server is not an agent', () => {
    const procs = new Map([
      [100, proc(100, 1, ['-bash'], 'bash')],
      [101, proc(101, 100, ['node', '/home/u/app/node_modules/.bin/vite'])],
    ]);
    expect(detectKind(pane({ command: 'node' }), procs, BUILTIN_TABLES, 'VITE v5 ready\n')).toBeNull();
  });

  it('finds an agent in the process tree under pane_pid (native install: version as command)', () => {
    const procs = new Map([
      [100, proc(100, 1, ['-bash'], 'bash')],
      [101, proc(101, 100, ['/home/u/.local/share/claude/versions/2.1.34'], '2.1.34')],
      [102, proc(102, 101, ['rg', 'foo'])],
    ]);
    expect(isVersionCommand('2.1.34')).toBe(true);
    expect(detectKind(pane({ command: '2.1.34' }), procs, BUILTIN_TABLES)).toMatchObject({
      kind: 'claude',
      via: 'process',
    });
  });

  it('finds node-launched agents by their script and package path', () => {
    const procs = new Map([
      [100, proc(100, 1, ['zsh'])],
      [101, proc(101, 100, ['node', '/usr/lib/node_modules/@openai/codex/bin/codex.js'])],
    ]);
    expect(detectKind(pane({ command: 'node' }), procs, BUILTIN_TABLES)?.kind).toBe('codex');
    const gem = new Map([
      [100, proc(100, 1, ['node', '/opt/x/node_modules/@google/gemini-cli/dist/index.js'])],
    ]);
    expect(detectKind(pane({ command: 'node' }), gem, BUILTIN_TABLES)?.kind).toBe('gemini');
  });

  it('command beats title beats screen; processTree walks only the pane subtree', () => {
    expect(
      detectKind(pane({ command: 'aider', title: '✳ Claude Code' }), undefined, BUILTIN_TABLES)?.via,
    ).toBe('command');
    const procs = new Map([
      [5, proc(5, 1, ['claude'])],
      [100, proc(100, 1, ['bash'])],
    ]);
    expect(processTree(procs, 100).map((p) => p.pid)).toEqual([100]);
    expect(detectKind(pane(), procs, BUILTIN_TABLES)).toBeNull();
  });

  it('parses ps output', () => {
    const m = parsePs('  1     0 /sbin/init splash\n 42     1 /usr/bin/node /x/claude --resume\n');
    expect(m.get(42)).toEqual({
      pid: 42,
      ppid: 1,
      comm: 'node',
      args: ['/usr/bin/node', '/x/claude', '--resume'],
    });
  });
});

describe('judgePane: exited', () => {
  it('a dead pane is exited; a shell back in front after an agent is exited, not idle', () => {
    const tracker = new AgentTracker({ idleDebounceMs: 0 });
    const screen = '✻ Worked for 3s\n────\n> \n────\n';
    const tables = BUILTIN_TABLES;
    const procs = undefined;
    const first = judgePane({ pane: pane({ command: 'claude' }), screen, procs, tables, tracker });
    expect(first?.status.state).toBe('idle');
    const after = judgePane({
      pane: pane({ command: 'bash', title: '✳ Claude Code' }),
      screen,
      procs,
      tables,
      tracker,
    });
    expect(after?.status).toMatchObject({ kind: 'claude', state: 'exited', rule: 'exited.process-gone' });
    const dead = judgePane({
      pane: pane({ command: 'claude', dead: true, id: '%2' }),
      screen: '',
      procs,
      tables,
    });
    expect(dead?.status).toMatchObject({ state: 'exited', rule: 'exited.pane-dead' });
    // never seen as an agent: a shell with a leftover Claude title is just a shell
    expect(judgePane({ pane: pane({ id: '%3', title: '✳ Claude Code' }), screen, procs, tables })).toBeNull();
    // ...but a look at that one pane before sending to it reads the leftovers as an exited agent
    const left = judgePane({
      pane: pane({ id: '%3', title: '✳ Claude Code' }),
      screen,
      procs,
      tables,
      now: 0,
      leftovers: 'exited',
    });
    expect(left?.status).toMatchObject({ kind: 'claude', state: 'exited', rule: 'exited.shell-in-front' });
    expect(
      judgePane({
        pane: pane({ id: '%4' }),
        screen: 'user@host:~$ ',
        procs,
        tables,
        now: 0,
        leftovers: 'exited',
      }),
    ).toBeNull();
  });
});

describe('splitCaptured', () => {
  it("reads each pane's window activity from its marker line when asked, and refuses a damaged one", () => {
    const m = 'tmo-capture-0123456789abcdef';
    const activity = new Map<string, number>();
    const out = `${m} %1 1796664905\nscreen one\n${m} %12 1796664000\n${m} %1 99\n`;
    const r = splitCaptured(out, m, ['%1', '%12'], activity);
    expect(r.get('%1')).toBe('screen one\n');
    expect(r.get('%12')).toBe(`${m} %1 99\n`);
    expect(activity).toEqual(
      new Map([
        ['%1', 1796664905000],
        ['%12', 1796664000000],
      ]),
    );
    expect(splitCaptured(`${m} %1 #{window_activity}\nx\n`, m, ['%1'], new Map()).size).toBe(0);
  });

  it('splits chained output back exactly, whatever the panes show', () => {
    const m = 'tmo-capture-0123456789abcdef';
    const a = `line\n${m} %9\nfake marker for another pane\n\n`;
    const b = 'x\r\n\u0000\u001b[31m\n';
    const out = `${m} %1\n${a}${m} %2\n${b}${m} %3\n`;
    const r = splitCaptured(out, m, ['%1', '%2', '%3']);
    expect(r.get('%1')).toBe(a);
    expect(r.get('%2')).toBe(b);
    expect(r.get('%3')).toBe('');
  });
});
