/**
 * The rule families and the choice dialog on the screens issue 11 names, per CLI (short hand-written
 * screens in each CLI's drawing; the recorded ones are in agents-real-fixtures.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { findChoice } from '../../src/agents/choice.js';
import { classifyScreen, recentRegion } from '../../src/agents/classify.js';
import { lastWordsOf } from '../../src/agents/exited.js';
import { judgePane } from '../../src/agents/inspect.js';
import { BUILTIN_TABLES } from '../../src/agents/rules/index.js';
import { parseConfig, tablesFromConfig } from '../../src/config/config.js';
import { paneInfo } from '../helpers/pane.js';

const table = (kind: string) => BUILTIN_TABLES.find((t) => t.kind === kind)!;
const cls = (kind: string, lines: string[], title = '') =>
  classifyScreen(table(kind), lines.join('\n'), title);
const RULE = '─'.repeat(60);
const CLAUDE_BOX = [RULE, '❯ ', RULE, '  ? for shortcuts'];

describe('working: any verb phrase after a spinner glyph, with its live counter', () => {
  it.each([
    ['claude', '✶ Fixing Scanner Buffer Overflow… (1m 16s · ↓ 938 tokens)'],
    ['claude', '· Sautéing…'],
    ['claude', '● Cooking… (12s · ↓ 1234 tokens)'],
    ['claude', '✻ Cogitating… (47s · ↓ 2.1k tokens · esc to interrupt)'],
    ['claude', '⠋ Reticulating… (12s · ↓ 431 tokens)'],
    ['cursor', '⬡ Grepping..'],
    ['copilot', '⠘⠆ Editing  39.76k tokens'],
    ['codex', '• Working (4s • esc to interrupt)'],
    ['gemini', '⠏ Thinking about the export bug... (esc to cancel, 12s)'],
  ])('%s: %s', (kind, line) => {
    const box = kind === 'claude' ? CLAUDE_BOX : [];
    expect(cls(kind, ['some transcript output', line, ...box]).state).toBe('working');
  });

  it('`esc to interrupt` quoted in prose is not a footer hint', () => {
    const c = cls('claude', [
      '⏺ You can press esc to interrupt me at any time, as the README says.',
      ...CLAUDE_BOX,
    ]);
    expect(c.state).toBe('idle');
  });

  it('a completion line or a welcome banner is not working', () => {
    expect(cls('claude', ['✻ Brewed for 23s', ...CLAUDE_BOX]).state).toBe('idle');
    expect(
      cls('claude', ['Opus 4.6 is here · $50 free extra usage · Try fast mode or use i…', ...CLAUDE_BOX])
        .state,
    ).toBe('idle');
  });

  it('a stale Working line above a newer `─ Worked for` divider is not working', () => {
    const c = cls('codex', [
      '• Working (4s • esc to interrupt)',
      '• Done.',
      '─ Worked for 1m 22s ─────',
      '› ',
    ]);
    expect(c).toMatchObject({ state: 'idle', rule: 'codex.idle.worked' });
  });

  it('Codex streaming with no status line, only a braille title, is working', () => {
    expect(cls('codex', ['• Here is the plan:', '  1. read the file', '› '], '⠹ ledger').state).toBe(
      'working',
    );
  });
});

describe('the choice dialog', () => {
  it('parses numbered menus into options with keys, cursor and meaning', () => {
    const d = findChoice([
      'Do you want to proceed?',
      '❯ 1. Yes',
      "  2. Yes, and don't ask again for npm test commands in ~/src/ledger",
      '  3. No, and tell Claude what to do differently (esc)',
    ]);
    expect(d?.question).toBe('Do you want to proceed?');
    expect(d?.options).toEqual([
      { choice: '1', label: 'Yes', keys: ['1'], selected: true, meaning: 'allow' },
      {
        choice: '2',
        label: "Yes, and don't ask again for npm test commands in ~/src/ledger",
        keys: ['2'],
        meaning: 'allow-always',
      },
      { choice: '3', label: 'No, and tell Claude what to do differently', keys: ['3'], meaning: 'deny' },
    ]);
  });

  it('parses y/n prompts in all their forms', () => {
    const labels = (line: string) =>
      findChoice(['output', line])?.options.map((o) => `${o.choice}:${o.label}`);
    expect(labels('run this command? (y/n)')).toEqual(['y:Yes', 'n:No']);
    expect(labels('Overwrite it? [y/N]')).toEqual(['y:Yes', 'n:No']);
    expect(labels('Apply changes? yes (y) / no (n)')).toEqual(['y:Yes', 'n:No']);
    expect(labels("Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]:")).toEqual([
      'y:Yes',
      'n:No',
      "d:Don't ask again",
    ]);
    expect(findChoice(['Run npm test?', 'Confirm with Y Enter'])?.options[0]).toMatchObject({
      label: 'Confirm',
      keys: ['y', 'Enter'],
    });
    expect(labels('1. Yes / 2. No / 3. Maybe')).toEqual(['1:Yes', '2:No', '3:Maybe']);
  });

  it('parses option lists with a cursor and key hints (Cursor agent)', () => {
    const d = findChoice([
      'Write to this file?',
      '  src/a.ts',
      ' → Proceed (y)',
      '   Reject & propose changes (esc or n or p)',
    ]);
    expect(d?.question).toBe('Write to this file?');
    expect(d?.options).toEqual([
      { choice: 'y', label: 'Proceed', keys: ['y'], selected: true, meaning: 'allow' },
      { choice: 'n', label: 'Reject & propose changes', keys: ['n'], meaning: 'deny' },
    ]);
  });

  it('a numbered list in prose, or a draft in the composer, is no dialog', () => {
    expect(findChoice(['The steps:', '  1. build', '  2. test'])).toBeNull();
    expect(findChoice([RULE, '❯ 1. do the thing', RULE])).toBeNull();
  });
});

describe('waiting reasons come from the question family', () => {
  it.each([
    [
      'claude',
      [
        'Quick safety check: Is this a project you created or one you trust?',
        '❯ 1. Yes, I trust this folder',
        '  2. No, exit',
      ],
      'trust',
    ],
    [
      'claude',
      [
        'Detected a custom API key in your environment',
        'Do you want to use this API key?',
        '  1. Yes',
        '❯ 2. No (recommended)',
        'Enter to confirm · Esc to cancel',
      ],
      'confirm',
    ],
    [
      'claude',
      ['Claude wants to fetch content from example.com', '❯ 1. Allow', '  2. Deny (esc)'],
      'permission',
    ],
    ['claude', ['Read(src/a.ts)', 'Esc to cancel · Tab to amend · ctrl+e to explain'], 'permission'],
    ['claude', ['  Not logged in · Run /login'], 'login'],
    [
      'codex',
      ['Trust this folder? Codex can read and edit files here.', '› 1. Trust and continue', '  2. Quit'],
      'trust',
    ],
    [
      'codex',
      [
        'Allow the github MCP server to run tool "create_issue"?',
        '› 1. Allow',
        '  2. Cancel',
        'enter to submit | esc to cancel',
      ],
      'permission',
    ],
    ['gemini', ['Waiting for user confirmation...'], 'permission'],
    [
      'gemini',
      [
        'Apply this change?',
        '● 1. Yes, allow once',
        '  2. Allow for this session',
        '  3. No, suggest changes (esc)',
      ],
      'permission',
    ],
    ['gemini', ['Answer Questions', 'Which database?', '● 1. Postgres', '  2. SQLite'], 'question'],
    [
      'copilot',
      ['Which file should I start with?', '❯ 1. a.ts', '  2. b.ts', '↑↓ select  enter submit  esc dismiss'],
      'question',
    ],
    [
      'claude',
      ['Would you like to proceed?', '❯ 1. Yes, and auto-accept edits', '  2. No, keep planning'],
      'plan',
    ],
  ])('%s %j → %s', (kind, lines, reason) => {
    expect(cls(kind, lines)).toMatchObject({ state: 'waiting', reason });
  });

  it('the title does not outrank a dialog drawn on the screen (Gemini keeps ◇ Ready in it)', () => {
    const c = cls(
      'gemini',
      [
        'Do you trust this folder?',
        '● 1. Trust folder (ledger)',
        '  2. Trust parent folder',
        "  3. Don't trust (esc)",
      ],
      '◇  Ready (ledger)',
    );
    expect(c).toMatchObject({ state: 'waiting', reason: 'trust' });
    expect(c.options?.map((o) => o.label)).toEqual([
      'Trust folder (ledger)',
      'Trust parent folder',
      "Don't trust",
    ]);
    expect(c.message).toBe('Do you trust this folder?');
  });
});

describe('errors hold until the next turn starts', () => {
  const failed = [
    '> fix the bug',
    '  ⎿  API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    '',
    '✻ Brewed for 23s',
  ];
  it('an API error, its completion line and an empty prompt: error with the message', () => {
    const c = cls('claude', [...failed, ...CLAUDE_BOX]);
    expect(c).toMatchObject({ state: 'error', rule: 'claude.error.api' });
    expect(c.message).toMatch(/^API Error: 529 .*Overloaded/);
  });
  it('a new turn below ends it; a dialog still outranks it', () => {
    expect(
      cls('claude', [...failed, '> try again', '⏺ Looking at the parser now.', ...CLAUDE_BOX]).state,
    ).toBe('idle');
    expect(cls('claude', [...failed, '✳ Thinking… (3s · esc to interrupt)', ...CLAUDE_BOX]).state).toBe(
      'working',
    );
    expect(cls('claude', [...failed, 'Do you want to proceed?', '❯ 1. Yes', '  2. No']).state).toBe(
      'waiting',
    );
  });
});

const pane = paneInfo;

describe('exited agents stay listed', () => {
  const afterExit = [
    '⏺ Done: the suite passes.',
    '> /exit',
    '  ⎿  Bye!',
    '',
    'Resume this session with:',
    'claude --resume 6f1c2d9e-3b7a-4c1e-9a55-0d2f1b8e7c44',
    'dana@build-01:~/src/ledger$ ',
  ].join('\n');
  it('a listing (no history) shows Claude after /exit as exited, with its last words', () => {
    const v = judgePane({
      pane: pane({}),
      screen: afterExit,
      procs: undefined,
      tables: BUILTIN_TABLES,
      now: 0,
    });
    expect(v?.status).toMatchObject({ kind: 'claude', state: 'exited' });
    expect(v?.status.lastWords).toContain('claude --resume');
    expect(v?.status.lastWords).not.toContain('dana@build-01');
  });
  it('a dead pane keeps its exit status', () => {
    const v = judgePane({
      pane: pane({ command: 'claude', dead: true, deadStatus: 3 }),
      screen: '',
      procs: undefined,
      tables: BUILTIN_TABLES,
      now: 0,
    });
    expect(v?.status).toMatchObject({ state: 'exited', exitStatus: 3 });
  });
  it('last words skip the shell prompt', () => {
    expect(lastWordsOf('a\nb\nGoodbye!\nuser@host:~$ \n')).toBe('a\nb\nGoodbye!');
    expect(recentRegion('x\n\n', 5)).toEqual(['x']);
  });
});

describe('config: families are user-extendable', () => {
  it('reasons, turn and exit patterns from config.json come first', () => {
    const tables = tablesFromConfig(
      parseConfig(
        JSON.stringify({
          agents: {
            kinds: {
              codex: {
                reasons: [{ reason: 'plan', pattern: 'Implement this plan', flags: 'i' }],
                exitPatterns: ['^bye codex$'],
              },
            },
          },
        }),
      ),
    );
    const codex = tables.find((t) => t.kind === 'codex')!;
    const c = classifyScreen(codex, ['implement this plan?', '› 1. Yes', '  2. No'].join('\n'), '');
    expect(c).toMatchObject({ state: 'waiting', reason: 'plan' });
    expect(codex.exitPatterns?.[0]?.test('bye codex')).toBe(true);
    expect(() =>
      parseConfig(
        JSON.stringify({ agents: { kinds: { codex: { reasons: [{ reason: 'x', pattern: '(' }] } } } }),
      ),
    ).toThrow(/reasons\[0\]\.reason: must be one of.*\n.*reasons\[0\]\.pattern: invalid regular expression/);
  });
});
