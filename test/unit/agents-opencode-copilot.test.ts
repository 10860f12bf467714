/**
 * OpenCode and Copilot CLI as their real TUIs draw them (recorded in test/fixtures/real/{opencode,copilot}):
 * hand-written VARIANTS of those screens (other widths, models, labels, hints) so the rules follow how each
 * CLI draws, not one recording's text.
 */
import { describe, expect, it } from 'vitest';
import { findChoice } from '../../src/agents/choice.js';
import { classifyScreen, recentRegion } from '../../src/agents/classify.js';
import { judgePane } from '../../src/agents/inspect.js';
import { BUILTIN_TABLES } from '../../src/agents/rules/index.js';
import { paneInfo } from '../helpers/pane.js';

const table = (kind: string) => BUILTIN_TABLES.find((t) => t.kind === kind)!;
const cls = (kind: string, lines: string[], title = '') =>
  classifyScreen(table(kind), lines.join('\n'), title);

/** OpenCode's prompt box and status bar; `bar` is the status bar's left part. */
const ocBox = (bar: string, width = 100, model = 'Build · Claude Sonnet 4.6 Anthropic') => [
  '  ┃',
  `  ┃  ${model}`,
  `  ╹${'▀'.repeat(width - 4)}`,
  `   ${bar}${' '.repeat(Math.max(2, width - bar.length - 40))}tab agents  ctrl+p commands`,
];
const ocTurn = (done: string) => [
  '  ┃',
  '  ┃  Fix the flaky test',
  '  ┃',
  '     I looked at the test and fixed the race.',
  `     ▣  Build · Claude Sonnet 4.6${done}`,
];

describe('OpenCode', () => {
  it.each([
    ['the progress bar and its hint', '⬝⬝⬝■■■⬝⬝  esc interrupt'],
    ['after one Esc it asks for another', '■■⬝⬝⬝⬝⬝⬝  esc again to interrupt'],
  ])('working: %s', (_, bar) => {
    expect(cls('opencode', [...ocTurn(''), ...ocBox(bar)])).toMatchObject({ state: 'working' });
  });

  it.each([
    ['the folder in the status bar', '~/src/ledger', 100, ' · 12.4s'],
    ['a narrow pane', '~/src', 70, ' · 1m 3s'],
    ['an interrupted turn', '~/src/ledger', 120, ' · interrupted'],
  ])('idle: %s', (_, bar, width, done) => {
    const c = cls('opencode', [...ocTurn(done), ...ocBox(bar, width)]);
    expect(c.state).toBe('idle');
  });

  it('idle from the closed turn alone (status bar scrolled off or cut)', () => {
    expect(cls('opencode', ocTurn(' · 4.2s')).state).toBe('idle');
    expect(cls('opencode', ocTurn('')).state).toBe('unknown');
  });

  it('an error in the message box beats the idle status bar', () => {
    const c = cls('opencode', [
      '  ┃  Say hello',
      '  ┃',
      '  ┃  Invalid API key. Check your credentials.',
      '  ┃',
      '     ▣  Build · GPT-5',
      ...ocBox('~/src'),
    ]);
    expect(c.state).toBe('error');
  });

  it.each([
    ['  ┃  Rate limit reached for claude-sonnet-4-6 in organization org-abc. Please try again in 8s.'],
    ['  ┃  The server had an error while processing your request. Sorry about that!'],
    ['  ┃  Overloaded: the model is currently overloaded, please retry'],
    ['  ┃  Incorrect API key provided: sk-abc…'],
  ])("error: the API's message in its box after the retries (%s)", (line) => {
    const c = cls('opencode', [
      '  ┃  Say hello',
      '  ┃',
      line,
      '  ┃',
      '     ▣  Build · GPT-5',
      ...ocBox('~/src'),
    ]);
    expect(c.state).toBe('error');
  });

  it('a rate limit named in a long-gone prompt is no error', () => {
    const c = cls('opencode', [
      '  ┃  why is our rate limit reached for every request?',
      ...Array.from({ length: 8 }, (_, i) => `     The limiter counts requests per key (line ${i}).`),
      ...ocTurn(' · 9.1s'),
      ...ocBox('~/src'),
    ]);
    expect(c.state).toBe('idle');
  });

  const permission = (buttons: string, hint: string) => [
    '     $ rm -rf build',
    '     ▣  Build · Claude Sonnet 4.6',
    '  ┃',
    '  ┃  △ Permission required',
    '  ┃    # Shell command',
    '  ┃  $ rm -rf build',
    '  ┃',
    `  ┃   ${buttons}                        ${hint}`,
    '  ┃',
  ];

  it.each([
    ['Allow once   Allow always   Reject', 'ctrl+f fullscreen  ⇆ select  enter confirm'],
    ['Allow once   Allow always   Reject', '← → select  enter confirm'],
    ['Allow   Reject', '⇆ select  enter confirm'],
  ])('permission: a row of buttons picked with arrows (%s / %s)', (buttons, hint) => {
    const c = cls('opencode', permission(buttons, hint));
    const labels = buttons.split(/\s{2,}/);
    expect(c).toMatchObject({ state: 'waiting', reason: 'permission' });
    expect(c.options?.map((o) => o.label)).toEqual(labels);
    expect(c.options?.map((o) => o.keys)).toEqual(
      labels.map((_, i) => [...Array<string>(i).fill('Right'), 'Enter']),
    );
    expect(c.options?.[c.options.length - 1]?.meaning).toBe('deny');
  });

  it('buttons need their select hint: words in a row of prose are no dialog', () => {
    expect(
      findChoice(recentRegion(['Allow once   Allow always   Reject   (the three answers)'].join('\n'))),
    ).toBeNull();
  });

  const pane = paneInfo;
  it.each([
    ['  Continue  opencode -s ses_3f1a9c2e7d0bffe1Qx9ZkPq2Wm'],
    ['  Continue  opencode --session ses_00aa11bb22cc33dd44ee'],
  ])('exited: its goodbye on the shell (%s)', (hint) => {
    const screen = ['$ opencode', '  Session   Fix the flaky test', hint, '', 'dana@build-01:~/src$ '].join(
      '\n',
    );
    const v = judgePane({ pane: pane({}), screen, procs: undefined, tables: BUILTIN_TABLES, now: 0 });
    expect(v?.status).toMatchObject({ kind: 'opencode', state: 'exited' });
  });
});

/** Copilot CLI's input box and mode line. */
const cpBox = (
  status: string[],
  footer = ' ← open sidebar · Interactive · Manual Approval · / commands · ? help',
) => [
  ' ~/src/ledger [⎇ main]',
  '─'.repeat(90),
  '❯ ',
  '─'.repeat(90),
  ...status,
  `${footer}                    claude-sonnet-4.6`,
];
const cpTurn = [
  ' ❯ Fix the flaky test                                     09:12',
  '',
  ' ● I fixed the race.',
];

describe('Copilot CLI', () => {
  it.each([
    ['streaming', ' ● Working esc esc interrupt'],
    ['with the bytes so far', ' ○ Working · 46 B esc esc interrupt'],
    ['before the first token', ' ◉ Working esc esc edit prompt'],
    ['another verb', ' ◎ Thinking esc esc interrupt'],
  ])('working: its status line, %s', (_, line) => {
    expect(cls('copilot', [...cpTurn, ...cpBox([line])])).toMatchObject({ state: 'working' });
  });

  it.each([
    ['wide', undefined],
    ['narrow (the later hints cut)', ' ← open sidebar · Plan · / commands'],
  ])('idle: the mode line, %s', (_, footer) => {
    expect(cls('copilot', [...cpTurn, ...cpBox([], footer)]).state).toBe('idle');
  });

  it('a transcript bullet is not a status line', () => {
    const c = cls('copilot', [' ● Press esc esc to interrupt a turn.', ...cpBox([])]);
    expect(c.state).toBe('idle');
  });

  it('login: the sign-in request above the box', () => {
    const c = cls('copilot', [
      ' ● No copilot-instructions.md found.',
      'Please use /login to sign in to use Copilot',
      ...cpBox([]),
    ]);
    expect(c).toMatchObject({ state: 'waiting', reason: 'login' });
  });

  it.each([
    [['Red', 'Green', 'Other (type your answer)'], 'Colour'],
    [['staging', 'production'], 'Target'],
  ])('question: the ask_user picker %j', (labels, field) => {
    const c = cls('copilot', [
      ...cpTurn,
      ' ○ Asking user Waiting for response',
      '─'.repeat(90),
      ' Copilot needs information.',
      ' Which one should I use?',
      ` ${field}:`,
      ...labels.map((l, i) => (i === 0 ? ` ❯ ${l}` : `   ${l}`)),
      ' ↑/↓ select · enter accept · ctrl+d decline · esc cancel',
      '─'.repeat(90),
    ]);
    expect(c).toMatchObject({ state: 'waiting', reason: 'question' });
    expect(c.options?.map((o) => o.label)).toEqual(labels);
    expect(c.options?.[0]?.selected).toBe(true);
    expect(c.options?.[1]?.keys).toEqual(['Down', 'Enter']);
  });

  it('permission: its approval menu is not taken for a question', () => {
    const box = (t: string) => `│ ${t.padEnd(80)} │`;
    const c = cls('copilot', [
      ...cpTurn,
      `╭${'─'.repeat(82)}╮`,
      box('Run tests'),
      box('Do you want to run this command?'),
      box('❯ 1. Yes'),
      box("  2. Yes, and don't ask again for `npm` in this repo (~/src/ledger)"),
      box('  3. No, and tell Copilot what to do differently (Esc to stop)'),
      box('↑/↓ to navigate · enter to select · esc to cancel'),
      `╰${'─'.repeat(82)}╯`,
    ]);
    expect(c).toMatchObject({ state: 'waiting', reason: 'permission' });
    expect(c.options?.map((o) => o.meaning)).toEqual(['allow', 'allow-always', 'deny']);
  });

  it.each([
    [' ✗ Authentication failed with provider at https://llm.internal/v1 (HTTP 401).'],
    [
      ' ✗ Failed to get response from the AI model; retried 5 times (total retry wait time: 9.2 seconds) Last error: 429',
    ],
    [' ✗ Failed to get response from the AI model; retried 3 times Last error: 503 Service Unavailable'],
  ])('error: the turn it gave up on (%s)', (line) => {
    const c = cls('copilot', [
      ...cpTurn,
      ' ● Request failed due to a transient API error. Retrying...',
      line,
      ...cpBox([]),
    ]);
    expect(c.state).toBe('error');
  });

  it('retrying is working, a failed tool is no error', () => {
    const retrying = cls('copilot', [
      ...cpTurn,
      ' ● Request failed due to a transient API error. Retrying...',
      ...cpBox([' ◉ Working esc esc edit prompt']),
    ]);
    expect(retrying.state).toBe('working');
    const tool = cls('copilot', [
      ...cpTurn,
      ' ✗ Shell command failed with exit code 1',
      ' ● The tests fail; see above.',
      ...cpBox([]),
    ]);
    expect(tool.state).toBe('idle');
  });

  it('exited: its goodbye summary on the shell', () => {
    const screen = [
      '$ copilot',
      '  ╭─╮╭─╮   Changes    +12 -3',
      '  █ ▘▝ █   Tokens     ↑ 41.2k • ↓ 3.1k',
      '   ▔▔▔▔    Resume     copilot --resume=9b2e41c0-7a1d-4f3e-8c55-0d2f1b8e7c44',
      'dana@build-01:~/src$ ',
    ].join('\n');
    const v = judgePane({
      pane: paneInfo({ title: 'build-01' }),
      screen,
      procs: undefined,
      tables: BUILTIN_TABLES,
      now: 0,
    });
    expect(v?.status).toMatchObject({ kind: 'copilot', state: 'exited' });
  });
});
