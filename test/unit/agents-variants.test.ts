/**
 * Variants of the recorded screens that issue 11's last misses came from (test/fixtures/real, peers):
 * the same families drawn with other verbs, keys, wordings, widths and shells, so that each rule is shown
 * to describe how the CLI draws, not one recording's text. Negative cases sit beside each family.
 */
import { describe, expect, it } from 'vitest';
import { classifyScreen } from '../../src/agents/classify.js';
import { detectKind } from '../../src/agents/detect.js';
import { judgePane } from '../../src/agents/inspect.js';
import { BUILTIN_TABLES } from '../../src/agents/rules/index.js';
import type { PaneInfo } from '../../src/model/types.js';
import { paneInfo } from '../helpers/pane.js';

const table = (kind: string) => BUILTIN_TABLES.find((t) => t.kind === kind)!;
const cls = (kind: string, lines: string[], title = '') =>
  classifyScreen(table(kind), lines.join('\n'), title);
const rule = (width: number) => '─'.repeat(width);
const CLAUDE_BOX = [rule(60), '❯ ', rule(60), '  ? for shortcuts'];

const pane = (over: Partial<PaneInfo> = {}): PaneInfo => paneInfo({ title: '', ...over });
const listing = (screen: string, over: Partial<PaneInfo> = {}) =>
  judgePane({ pane: pane(over), screen, procs: undefined, tables: BUILTIN_TABLES, now: 0 })?.status;

describe('Claude: an interrupt hint is live only in the footer or the status line above the box', () => {
  it.each([
    ['status line right above the box', ['Reading files...', 'Press esc to interrupt', ...CLAUDE_BOX]],
    ['ctrl+c, one line of output below', ['Compiling (ctrl+c to interrupt', 'src/a.ts', ...CLAUDE_BOX]],
    ['escape again, bare', ['escape again to interrupt', ...CLAUDE_BOX]],
    [
      'footer of two lines under the box',
      [
        'Some answer text',
        rule(60),
        '❯ ',
        rule(60),
        '  ⏵⏵ accept edits on (shift+tab to cycle) · esc to interrupt',
        '  ctx 42% · opus',
      ],
    ],
  ])('%s: working', (_name, lines) => {
    expect(cls('claude', lines)).toMatchObject({ state: 'working', rule: 'claude.working.interrupt' });
  });

  it.each([
    ['esc', ['Press esc to interrupt', 'Working...', 'Build finished', 'All 12 tests passed', ...CLAUDE_BOX]],
    [
      'ctrl+c',
      ['Searching (ctrl+c to interrupt', 'Found 3 files', 'Edited src/a.ts', 'Done.', ...CLAUDE_BOX],
    ],
  ])('%s hint with newer output below it and a fresh prompt: stale, idle', (_key, lines) => {
    expect(cls('claude', lines).state).toBe('idle');
  });
});

describe('Claude: its spinner glyphs on every platform (Linux draws `*` for `✳`)', () => {
  const glyphs = ['·', '✢', '✳', '*', '✶', '✻', '✽'];
  it.each(glyphs)('%s before a verb is working, with or without its counter', (g) => {
    for (const line of [`${g} Osmosing…`, `${g} Simplifying recompute_tangents… (2m 18s · ↓ 4.8k tokens)`])
      expect(cls('claude', ['⏺ Reading the parser.', line, ...CLAUDE_BOX]), line).toMatchObject({
        state: 'working',
        rule: 'claude.working.spinner',
      });
  });
  it.each(glyphs)('%s before a completion is idle; a markdown bullet is prose', (g) => {
    expect(cls('claude', [`${g} Sautéed for 1m 44s`, ...CLAUDE_BOX]).state).toBe('idle');
    expect(
      cls('claude', ['⏺ Next steps:', `${g} Install the deps`, `${g} Run the tests`, ...CLAUDE_BOX]).state,
    ).toBe('idle');
  });
});

describe('Gemini: its prompt placeholder, also wrapped in a narrow box', () => {
  it.each([
    [' >   Type your message or @path/to/file'],
    ['│ > Type your message or │', '│ @path/to/file          │'],
  ])('%j: idle', (...prompt) => {
    const box = ['╭────────────────────────╮', ...prompt, '╰────────────────────────╯'];
    expect(cls('gemini', ['✦ Done.', ...box, '~/p  no sandbox  (99% context left)'])).toMatchObject({
      state: 'idle',
      rule: 'gemini.idle.prompt',
    });
  });
  it('a message quoting the placeholder mid-line is no prompt', () => {
    const c = cls('gemini', ['✦ The box says "Type your message or @path/to/file" when empty.']);
    expect(c.rule).not.toBe('gemini.idle.prompt');
  });
});

/** Copilot 1.0.102's bottom: the cwd line, the prompt box, then its footer or its status line. */
const copilotBottom = (last: string, width = 120) => [
  ' ~/project [⎇ master]',
  rule(width),
  '❯ ',
  rule(width),
  last,
];
const COPILOT_FOOTER = ' ← open sidebar · Interactive · Manual Approval · / commands · ? help · tab next tab';

describe('Copilot: its status line carries the stop key after the verb', () => {
  it.each([
    ' ● Working esc esc interrupt                                                     gpt-lab',
    ' ● Thinking esc esc interrupt',
    ' ◐ Running tests… (12s) esc to cancel',
    ' ⠋ Editing · ctrl+c to stop',
    ' ● Reading (3s) Esc to cancel                 claude-sonnet',
  ])('%s: working', (status) => {
    expect(cls('copilot', [' ● Hello! The answer is 42.', ...copilotBottom(status, 80)])).toMatchObject({
      state: 'working',
    });
  });

  it('the key quoted in the answer is prose; the plain footer is idle', () => {
    const c = cls('copilot', [
      ' ● You can press esc to interrupt a running turn.',
      ' ● Working on it is not needed: esc esc interrupt stops it.',
      ...copilotBottom(COPILOT_FOOTER),
    ]);
    expect(c).toMatchObject({
      state: 'idle',
      rule: expect.stringMatching(/^copilot\.idle\.(?:prompt|footer)$/),
    });
  });
});

describe('Copilot: signed out, it asks for /login', () => {
  it.each([
    ['the recorded wording', 'Please use /login to sign in to use Copilot'],
    ['another wording', 'You are not signed in. Run /login to continue.'],
    ['the device flow', '  To sign in, visit https://github.com/login/device and enter code 4F2A-91C0'],
  ])('%s: waiting for login', (_name, line) => {
    expect(cls('copilot', [' ● Tip: /app', line, ...copilotBottom(COPILOT_FOOTER, 80)])).toMatchObject({
      state: 'waiting',
      reason: 'login',
    });
  });

  it('signed in since: the hint above is old', () => {
    const c = cls('copilot', [
      'Please use /login to sign in to use Copilot',
      ' ❯ /login',
      ' ● Signed in successfully as octocat.',
      ...copilotBottom(COPILOT_FOOTER),
    ]);
    expect(c.state).toBe('idle');
  });
});

describe('exit screens: a shell back in front of what the agent printed as it exited', () => {
  const wide = (text: string) => `│  ${text.padEnd(116)}│`;
  const geminiGoodbye = (width: number, resume: string[]) => [
    ' > /quit',
    `╭${rule(width - 2)}╮`,
    '│  Agent powering down. Goodbye!  │',
    '│  Interaction Summary  │',
    ...Array.from({ length: 14 }, (_, i) => `│  Model row ${i}  1  1,200  0  40  │`),
    ...resume,
    `╰${rule(width - 2)}╯`,
  ];
  const ID = 'af490515-7a8c-4197-9e5f-94147888c3c7';

  it.each([
    [
      '120 columns, bash',
      geminiGoodbye(120, [wide(`To resume this session: gemini --resume ${ID}`)]),
      '$ ',
      'bash',
    ],
    [
      '80 columns (the id wraps), zsh',
      geminiGoodbye(80, ['│  To resume this session: gemini --resume          │', `│  ${ID}  │`]),
      'dana@build-01 ~/src/ledger % ',
      'zsh',
    ],
  ])('Gemini, %s: exited', (_name, lines, prompt, command) => {
    const s = listing([...lines, prompt].join('\n'), { command });
    expect(s).toMatchObject({ kind: 'gemini', state: 'exited', rule: 'exited.shell-in-front' });
  });

  it.each([
    ['-s', ['  Session   Fix the parser', '  Continue  opencode -s ses_4f1e2d3c4b5aXyZ'], 'bash'],
    ['--session', ['  Session   Lab task', '  Continue  opencode --session ses_91ab77c0ffee'], 'zsh'],
    [
      'narrow: the command wraps',
      ['  Session   Lab task', '  Continue  opencode -s', '  ses_91ab77c0ffee'],
      'fish',
    ],
  ])('OpenCode, %s: exited', (_name, lines, command) => {
    const s = listing(['$ opencode', '  █▀▀█ █▀▀█', ...lines, 'user@host:~/p$ '].join('\n'), { command });
    expect(s).toMatchObject({ kind: 'opencode', state: 'exited' });
  });

  it('two agents run one after the other in the same shell: the last one is the exited agent', () => {
    const screen = [
      'Resume this session with:',
      'claude --resume 6f1c2d9e-3b7a-4c1e-9a55-0d2f1b8e7c44',
      '$ opencode',
      '  Continue  opencode -s ses_91ab77c0ffee',
      '$ ',
    ].join('\n');
    expect(listing(screen)).toMatchObject({ kind: 'opencode', state: 'exited' });
  });

  it('exit hints name the agent only with a shell in front', () => {
    const screen = ['  Continue  opencode -s ses_91ab77c0ffee', ''].join('\n');
    expect(detectKind(pane({ command: 'bash' }), undefined, BUILTIN_TABLES, screen)).toMatchObject({
      kind: 'opencode',
      via: 'screen',
    });
    // Long gone: an exit hint above 15 lines of later shell output names nothing.
    const later = Array.from({ length: 15 }, (_, i) => `-rw-r--r-- 1 dana staff ${i} file-${i}.ts`);
    expect(
      detectKind(pane({ command: 'bash' }), undefined, BUILTIN_TABLES, [screen, ...later, '$ '].join('\n')),
    ).toBeNull();
    // A pager showing an old log is no exited agent.
    expect(detectKind(pane({ command: 'less' }), undefined, BUILTIN_TABLES, screen)).toBeNull();
    // The word alone, or the command run without a session, says nothing.
    expect(listing('$ opencode --version\n1.18.33\n$ ')).toBeUndefined();
    expect(listing('$ which gemini\n/usr/bin/gemini\n$ ')).toBeUndefined();
  });
});
