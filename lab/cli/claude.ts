/**
 * Claude Code (`@anthropic-ai/claude-code`) in the lab, against lab/servers/anthropic.ts.
 * Offline needs: ANTHROPIC_BASE_URL + ANTHROPIC_API_KEY, DISABLE_AUTOUPDATER=1,
 * CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1, CLAUDE_CODE_MAX_RETRIES=0 (else errors are retried for
 * minutes), and a seeded `~/.claude.json` (without `hasCompletedOnboarding` it tries the network and exits).
 * A `fresh` scenario stops there, so the trust and API-key dialogs follow; the others also pre-accept
 * both (`projects[<dir>].hasTrustDialogAccepted`, `customApiKeyResponses.approved`).
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPinned } from '../core/install.js';
import type { CliDriver, Scenario } from '../core/scenario.js';
import { AnthropicStandIn, type Turn } from '../servers/anthropic.js';

export const VERSION = '2.1.332';
const API_KEY = 'sk-ant-lab-0000000000000000000000000000-tmolab';

export interface ClaudeModel {
  turns: Turn[];
  /** Do not pre-accept the trust and API-key dialogs. */
  fresh?: boolean;
  /** Extra arguments after `claude`. */
  args?: string[];
  /** Written to ~/.claude/settings.json. */
  settings?: Record<string, unknown>;
  /** Env on top of the defaults (e.g. drop the key for the login screen). */
  env?: Record<string, string>;
  /** Configure lab/servers/mcp-stdio.ts as MCP server `lab` (tool `mcp__lab__deploy`). */
  mcp?: boolean;
  /** Files created in the project folder first. */
  files?: Record<string, string>;
}

let bin = '';

type Steps = Scenario<ClaudeModel>['steps'];
/** Type a prompt and send it. */
const ask = (text: string): Steps => [
  { type: text, settle: false },
  { pause: 300, keys: ['Enter'], settle: false },
];
/** The empty input box: the session is ready. */
const ready: Steps = [{ until: /^❯\s*$/m, settle: 1500 }];
/** The spinner line of a working turn (glyph, verb, ellipsis). */
const SPINNER = /^[^\s\w]\s+\S.*…/m;
const longText = (words: number) =>
  Array.from(
    { length: words },
    (_, i) => ['the', 'lab', 'streams', 'words', 'slowly', 'so', 'it', 'works'][i % 8],
  )
    .join(' ')
    .concat('.');
/** Everything up to a tool's permission dialog. */
const toDialog = (tool: string, until: RegExp): Steps => [
  ...ready,
  ...ask(`Please use the ${tool} tool.`),
  { until, record: true },
];
const DIALOG_FOOTER = /Esc to cancel/i;
/** What Claude Code prints for each status (checked on the screen when recording). */
const ERROR_MESSAGES = {
  401: 'Invalid API key',
  429: 'Request rejected (429)',
  500: 'API Error: 500',
  529: 'API Error: 529',
};
const EDIT_OPTIONS = ['Yes', 'Yes, and switch to accept edits', 'No'];

const scenarios: Scenario<ClaudeModel>[] = [
  {
    name: 'trust',
    description: 'First start in a new folder: the trust dialog.',
    expected: { state: 'waiting', reason: 'trust', options: ['No, exit', 'Yes, I trust this folder'] },
    model: { turns: [], fresh: true },
    steps: [{ until: /trust/i, record: true }],
  },
  {
    name: 'api-key-confirm',
    description: 'First start: after trusting the folder, the "Detected a custom API key" dialog.',
    expected: { state: 'waiting', reason: 'confirm', options: ['Yes', 'No (recommended)'] },
    model: { turns: [], fresh: true },
    steps: [
      { until: /trust/i },
      { keys: ['Down'], settle: 500 },
      { keys: ['Enter'], until: /API key/i, record: true },
    ],
  },
  {
    name: 'idle-after-answer',
    description: 'A short answer, then the empty prompt.',
    expected: { state: 'idle' },
    model: { turns: [{ text: 'Hello! The answer is 42.', chunkMs: 50 }] },
    steps: [...ready, ...ask('What is the answer?'), { until: /42/, record: true }],
  },
  {
    name: 'working-streaming',
    description: 'A slow streamed answer (a word each 300 ms); the spinner line recorded three times.',
    expected: { state: 'working' },
    model: { turns: [{ text: longText(150), chunkMs: 300 }] },
    steps: [
      ...ready,
      ...ask('Tell me a long story.'),
      { until: SPINNER, pause: 1500, settle: false, record: { name: 'working-streaming-1' } },
      { pause: 4000, settle: false, record: { name: 'working-streaming-2' } },
      { pause: 7000, settle: false, record: { name: 'working-streaming-3' } },
    ],
  },
  {
    name: 'working-thinking',
    description: 'A slow thinking block before the answer.',
    expected: { state: 'working' },
    model: { turns: [{ thinking: longText(60), text: 'Thought about it.', chunkMs: 250 }] },
    steps: [
      ...ready,
      ...ask('Think hard about this.'),
      { until: SPINNER, pause: 2500, settle: false, record: { name: 'working-thinking-1' } },
      { pause: 6000, settle: false, record: { name: 'working-thinking-2' } },
    ],
  },
  {
    name: 'permission-bash',
    description: 'The model runs a Bash command: the permission dialog.',
    expected: {
      state: 'waiting',
      reason: 'permission',
      options: ['Yes', 'Yes, and always allow access to', 'Yes, and switch to auto mode', 'No'],
    },
    model: {
      turns: [
        {
          tool: 'Bash',
          input: { command: 'touch lab-was-here && sleep 12', description: 'Mark the folder' },
        },
      ],
    },
    steps: [
      ...toDialog('Bash', DIALOG_FOOTER),
      {
        keys: ['Enter'],
        until: SPINNER,
        settle: false,
        pause: 2500,
        record: {
          name: 'working-bash-running',
          expected: { state: 'working' },
          notes: 'Approved; the command runs for 12 s.',
        },
      },
    ],
  },
  {
    name: 'permission-edit',
    description: 'The model reads a file, then edits it: the Edit permission dialog.',
    expected: { state: 'waiting', reason: 'permission', options: EDIT_OPTIONS },
    model: {
      files: { 'notes.txt': 'alpha\nbeta\ngamma\n' },
      turns: [
        { tool: 'Read', input: { file_path: '$PROJECT/notes.txt' } },
        { tool: 'Edit', input: { file_path: '$PROJECT/notes.txt', old_string: 'beta', new_string: 'BETA' } },
      ],
    },
    steps: toDialog('Edit', DIALOG_FOOTER),
  },
  {
    name: 'permission-write',
    description: 'The model writes a new file: the Write permission dialog.',
    expected: { state: 'waiting', reason: 'permission', options: EDIT_OPTIONS },
    model: {
      turns: [{ tool: 'Write', input: { file_path: '$PROJECT/hello.py', content: 'print("hello")\n' } }],
    },
    steps: [
      ...toDialog('Write', DIALOG_FOOTER),
      {
        keys: ['Escape'],
        until: /Interrupted|declined|rejected/i,
        record: { name: 'permission-rejected', expected: { state: 'idle' }, notes: 'Esc on the dialog.' },
      },
    ],
  },
  {
    name: 'question',
    description: 'The model asks a question with AskUserQuestion.',
    expected: {
      state: 'waiting',
      reason: 'question',
      options: ['PostgreSQL', 'SQLite', 'Redis', 'Type something.', 'Chat about this'],
    },
    model: {
      turns: [
        {
          tool: 'AskUserQuestion',
          input: {
            questions: [
              {
                question: 'Which database should the service use?',
                header: 'Database',
                multiSelect: false,
                options: [
                  { label: 'PostgreSQL', description: 'Relational, the team knows it' },
                  { label: 'SQLite', description: 'One file, no server' },
                  { label: 'Redis', description: 'In memory, fast' },
                ],
              },
            ],
          },
        },
      ],
    },
    steps: toDialog('AskUserQuestion', /database/i),
  },
  {
    name: 'plan-approval',
    description: 'Started in plan mode, the model presents a plan (ExitPlanMode): the approval dialog.',
    expected: { state: 'waiting', reason: 'plan', options: ['Yes, and switch to default', 'No'] },
    model: {
      args: ['--permission-mode', 'plan'],
      turns: [{ tool: 'ExitPlanMode', input: { plan: '1. Add a health check\n2. Test it\n3. Ship it' } }],
    },
    steps: toDialog('ExitPlanMode', /Exit plan mode\?|Would you like to proceed/),
  },
  {
    name: 'permission-mcp',
    description:
      'The model calls a tool of a configured MCP server (lab/servers/mcp-stdio.ts): its permission dialog.',
    expected: {
      state: 'waiting',
      reason: 'permission',
      options: ['Yes', "Yes, and don't ask again for", 'No'],
    },
    model: { mcp: true, turns: [{ tool: 'mcp__lab__deploy', input: { environment: 'staging' } }] },
    steps: toDialog('deploy', DIALOG_FOOTER),
  },
  {
    name: 'idle-prose-quotes-spinner',
    description:
      'A finished answer whose prose quotes a spinner line and "esc to interrupt"; the prompt is empty.',
    expected: { state: 'idle' },
    model: {
      turns: [
        {
          text:
            'While I work you see a line like `✻ Cogitating… (12s · ↓ 300 tokens · esc to interrupt)`; ' +
            'press esc to interrupt me. Waiting for your input now: Do you want to proceed? 1. Yes 2. No',
          chunkMs: 20,
        },
      ],
    },
    steps: [...ready, ...ask('How do I stop you?'), { until: /proceed\?/, settle: 2500, record: true }],
  },
  ...([401, 429, 500, 529] as const).map(
    (status): Scenario<ClaudeModel> => ({
      name: `error-${status}`,
      description: `The API answers HTTP ${status}; the turn ends with the error and an empty prompt.`,
      expected: { state: 'error', message: ERROR_MESSAGES[status] },
      model: { turns: [{ error: status }] },
      steps: [...ready, ...ask('Hello?'), { until: /API Error|Invalid API key/, settle: 2500, record: true }],
    }),
  ),
  {
    name: 'login',
    description:
      'No API key and no login: first the offer to make auto mode the default (declined), then the prompt ' +
      'with "Not logged in · run /login", a message answered "Please run /login", and the /login screen.',
    expected: { state: 'waiting', reason: 'login' },
    model: { turns: [], env: { ANTHROPIC_API_KEY: '' } }, // '' = not set at all
    steps: [
      {
        until: /auto mode your default/,
        record: {
          name: 'auto-mode-offer',
          expected: {
            state: 'waiting',
            reason: 'confirm',
            options: ['Yes, set auto mode as my default permission mode', 'No, keep manual mode'],
          },
        },
      },
      { keys: ['Down'], settle: 500 },
      { keys: ['Enter'], until: /Not logged in/, record: { name: 'login-footer' } },
      ...ask('Hi'),
      { until: /Please run \/login/, record: { name: 'login-after-message' } },
      ...ask('/login'),
      {
        until: /Select login method/,
        record: {
          name: 'login-screen',
          expected: {
            state: 'waiting',
            reason: 'login',
            options: ['Claude account with subscription', 'Anthropic Console account', '3rd-party platform'],
          },
        },
      },
    ],
  },
  {
    name: 'interrupted',
    description: 'Esc while the answer streams: the turn stops, the prompt is empty again.',
    expected: { state: 'idle' },
    model: { turns: [{ hang: true, text: longText(60), chunkMs: 150 }] },
    steps: [
      ...ready,
      ...ask('Start something long.'),
      { until: /● the lab streams/, pause: 1000, settle: false },
      { keys: ['Escape'], until: /Interrupted/i, settle: 2000, record: true },
    ],
  },
  {
    name: 'queued-message',
    description: 'A message typed and sent while Claude works is queued (Press up to edit queued messages).',
    expected: { state: 'working' },
    model: { turns: [{ text: longText(80), chunkMs: 300 }] },
    steps: [
      ...ready,
      ...ask('Start something long.'),
      { until: SPINNER, pause: 2000, settle: false },
      ...ask('And then this.'),
      { until: /queued/i, settle: false, pause: 500, record: true },
    ],
  },
  {
    name: 'exited',
    description: '/exit: Claude Code quits and the shell is in front again.',
    expected: { state: 'exited' },
    model: { turns: [{ text: 'Hello! The answer is 42.' }] },
    steps: [
      ...ready,
      ...ask('What is the answer?'),
      { until: /42/, settle: 1500 },
      ...ask('/exit'),
      { until: /\$ $/m, settle: 1500, record: true },
    ],
  },
];

/** The same scenario at another size: names get `-<w>x<h>`. */
function sized(name: string, width: number, height: number): Scenario<ClaudeModel> {
  const base = scenarios.find((s) => s.name === name)!;
  const suffix = `-${width}x${height}`;
  return {
    ...base,
    name: `${base.name}${suffix}`,
    width,
    height,
    steps: base.steps.map((step) =>
      step.record && step.record !== true && step.record.name
        ? { ...step, record: { ...step.record, name: `${step.record.name}${suffix}` } }
        : step,
    ),
  };
}
scenarios.push(
  sized('trust', 80, 24),
  sized('idle-after-answer', 80, 24),
  sized('idle-after-answer', 200, 50),
  sized('working-streaming', 80, 24),
  sized('permission-bash', 80, 24),
  sized('permission-bash', 200, 50),
  sized('question', 80, 24),
  sized('error-529', 80, 24),
  sized('error-529', 200, 50),
);

async function prepare(ctx: { home: string; project: string }, s: Scenario<ClaudeModel>) {
  const turns = JSON.parse(JSON.stringify(s.model.turns).replaceAll('$PROJECT', ctx.project)) as Turn[];
  const server = await AnthropicStandIn.start(turns);
  const binDir = join(ctx.home, 'bin');
  mkdirSync(binDir);
  symlinkSync(bin, join(binDir, 'claude'));
  const state: Record<string, unknown> = {
    hasCompletedOnboarding: true,
    theme: 'dark',
    lastOnboardingVersion: VERSION,
  };
  if (!s.model.fresh) {
    state['customApiKeyResponses'] = { approved: [API_KEY.slice(-20)], rejected: [] };
    state['projects'] = { [ctx.project]: { hasTrustDialogAccepted: true, allowedTools: [] } };
  }
  writeFileSync(join(ctx.home, '.claude.json'), JSON.stringify(state, null, 2));
  // Claude Code now starts in auto mode, which approves tool calls itself: ask, as a cautious user has it.
  const settings = { permissions: { defaultMode: 'default' }, ...s.model.settings };
  mkdirSync(join(ctx.home, '.claude'), { recursive: true });
  writeFileSync(join(ctx.home, '.claude', 'settings.json'), JSON.stringify(settings, null, 2));
  for (const [name, text] of Object.entries(s.model.files ?? {}))
    writeFileSync(join(ctx.project, name), text);
  const args = [...(s.model.args ?? [])];
  if (s.model.mcp) {
    const script = fileURLToPath(new URL('../servers/mcp-stdio.js', import.meta.url));
    const config = { mcpServers: { lab: { type: 'stdio', command: 'node', args: [script] } } };
    writeFileSync(join(ctx.home, 'mcp.json'), JSON.stringify(config, null, 2));
    args.push('--mcp-config', '~/mcp.json');
  }
  return {
    command: ['claude', ...args].join(' '),
    env: Object.fromEntries(
      Object.entries({
        PATH: `${binDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
        ANTHROPIC_BASE_URL: server.url,
        ANTHROPIC_API_KEY: API_KEY,
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        CLAUDE_CODE_MAX_RETRIES: '0',
        ...s.model.env,
      }).filter(([, v]) => v !== ''),
    ),
    stop: () => server.stop(),
  };
}

export const driver: CliDriver<ClaudeModel> = {
  cli: 'claude',
  version: VERSION,
  setup() {
    bin = installPinned('@anthropic-ai/claude-code', VERSION, 'claude').bin;
  },
  prepare,
  scenarios,
};
