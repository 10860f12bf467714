/**
 * The screens the fake agent draws, one renderer per kind. They reuse the real agents' wording so the
 * built-in rules classify them (see test/fixtures/screens for recorded originals).
 */
export type FakeKind = 'claude' | 'codex' | 'gemini' | 'aider';
export type FakePhase = 'idle' | 'working' | 'permission';

export interface FakeView {
  phase: FakePhase;
  input: string;
  /** transcript lines, oldest first */
  history: string[];
  /** seconds spent working so far (working) or on the last task (idle) */
  seconds: number;
  /** true once a task has finished: draw the completion line */
  finished: boolean;
  spinner: string;
  columns: number;
  /** messages sent while working, run after the current turn (Claude Code draws them above its prompt) */
  queued?: string[];
}

const rule = (w: number) => '─'.repeat(w);
const boxed = (lines: string[], w: number): string[] => [
  `╭${'─'.repeat(w - 2)}╮`,
  ...lines.map((l) => `│ ${l.padEnd(w - 4).slice(0, w - 4)} │`),
  `╰${'─'.repeat(w - 2)}╯`,
];
const firstLine = (s: string) => s.split('\n')[0] ?? '';

export const TITLES: Record<FakeKind, Record<FakePhase, (spinner: string) => string>> = {
  claude: {
    idle: () => '✳ Claude Code',
    working: (s) => `${s} Claude Code`,
    permission: () => '✳ Claude Code',
  },
  codex: { idle: () => 'codex', working: () => 'codex', permission: () => 'codex' },
  gemini: {
    idle: () => '◇  Ready (demo)',
    working: () => '✦  Working… (demo)',
    permission: () => '✋  Action Required (demo)',
  },
  aider: { idle: () => 'aider', working: () => 'aider', permission: () => 'aider' },
};

function claude(v: FakeView): string[] {
  const w = Math.max(40, v.columns);
  const top = [`╭─── Claude Code v2.1.34 (tmo fake agent) ${'─'.repeat(Math.max(0, w - 43))}╮`, ''];
  const body = [...top, ...v.history];
  if (v.phase === 'permission')
    return [
      ...body,
      '',
      ...boxed(
        [
          'Bash command',
          '',
          '  npm test',
          '  Run the test suite',
          '',
          'Do you want to proceed?',
          '❯ 1. Yes',
          "  2. Yes, and don't ask again for npm test commands in this folder",
          '  3. No, and tell Claude what to do differently (esc)',
        ],
        w,
      ),
    ];
  const status =
    v.phase === 'working'
      ? [`✻ Cogitating… (${v.seconds}s · ↓ ${v.seconds * 120} tokens · esc to interrupt)`, '']
      : v.finished
        ? [`✻ Worked for ${v.seconds}s`, '']
        : [];
  const queue = v.queued?.length
    ? [...v.queued.map((q) => `> ${firstLine(q)}`), '  ⎿  Press up to edit queued messages', '']
    : [];
  return [...body, '', ...status, ...queue, rule(w), `> ${v.input}`, rule(w), '  ? for shortcuts'];
}

function codex(v: FakeView): string[] {
  const w = Math.max(40, v.columns);
  const body = [
    ...boxed(['>_ OpenAI Codex (v0.58.0, tmo fake agent)', '', 'model:     gpt-5-codex high'], 56),
    '',
    ...v.history,
  ];
  const composer = [`› ${v.input}`, '', '  100% context left · ? for shortcuts'];
  if (v.phase === 'permission')
    return [
      ...body,
      '',
      '  Would you like to run the following command?',
      '',
      '  $ npm test',
      '',
      '› 1. Yes, proceed (y)',
      "  2. Yes, and don't ask again for this command (a)",
      '  3. No, and tell Codex what to do differently (esc)',
      '',
      '  Press enter to confirm or esc to cancel',
    ];
  if (v.phase === 'working')
    return [...body, '', `• Working (${v.seconds}s • esc to interrupt)`, '', ...composer];
  const done = v.finished ? [`─ Worked for ${v.seconds}s ${'─'.repeat(Math.max(0, w - 20))}`] : [];
  return [...body, ...done, '', ...composer];
}

function gemini(v: FakeView): string[] {
  const w = Math.max(40, v.columns);
  const body = [
    'Gemini CLI (tmo fake agent)',
    '',
    'Tips for getting started:',
    '1. Ask questions, edit files, or run commands.',
    '',
    ...v.history,
  ];
  const footer = [
    '~/demo                 no sandbox (see /docs)                 gemini-2.5-pro (100% context left)',
  ];
  if (v.phase === 'permission')
    return [
      ...body,
      ...boxed(
        [
          '?  Shell npm test (Run the tests)',
          '',
          "   Allow execution of: 'npm'?",
          '',
          '   ● 1. Yes, allow once',
          '     2. Yes, allow always ...',
          '     3. No, suggest changes (esc)',
        ],
        w,
      ),
      ...footer,
    ];
  const input = boxed([v.input ? `> ${v.input}` : '>   Type your message or @path/to/file'], w);
  const working =
    v.phase === 'working' ? [`${v.spinner} Working on it (esc to cancel, ${v.seconds}s)`, ''] : [];
  return [...body, '', ...working, 'Using: 1 GEMINI.md file', ...input, ...footer];
}

function aider(v: FakeView): string[] {
  const body = [
    'Aider v0.86.1 (tmo fake agent)',
    'Main model: anthropic/claude-sonnet-4-20250514 with diff edit format',
    'Git repo: none',
    rule(60),
    ...v.history,
  ];
  if (v.phase === 'permission')
    return [...body, 'npm test', '', "Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: "];
  if (v.phase === 'working') return [...body, '', '░█        Waiting for anthropic/claude-sonnet-4-20250514'];
  return [...body, rule(60), `> ${v.input}`];
}

export const RENDER: Record<FakeKind, (v: FakeView) => string[]> = { claude, codex, gemini, aider };

/** The transcript lines for one message and its answer, per kind. */
export function exchange(kind: FakeKind, message: string, answer: string): string[] {
  const m = firstLine(message);
  const more = message.includes('\n') ? ` [+${message.split('\n').length - 1} lines]` : '';
  switch (kind) {
    case 'claude':
      return [`> ${m}${more}`, '', `● ${answer}`, ''];
    case 'codex':
      return [`› ${m}${more}`, '', `• ${answer}`, ''];
    case 'gemini':
      return [`> ${m}${more}`, '', `✦ ${answer}`, ''];
    case 'aider':
      return [
        `> ${m}${more}`,
        '',
        answer,
        '',
        'Tokens: 1.2k sent, 80 received. Cost: $0.00 message, $0.00 session.',
      ];
  }
}
