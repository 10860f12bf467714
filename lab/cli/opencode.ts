/**
 * OpenCode (`opencode-ai`, a Bun binary) in the lab, against lab/servers/openai.ts (Chat Completions).
 * Offline needs: a custom provider in `~/.config/opencode/opencode.json` with the bundled
 * `@ai-sdk/openai-compatible` (`options.baseURL` = the stand-in, any `apiKey`) and its model listed under
 * `models`, plus `OPENCODE_DISABLE_MODELS_FETCH=1` (no models.dev), `OPENCODE_DISABLE_AUTOUPDATE=1`,
 * `OPENCODE_DISABLE_LSP_DOWNLOAD=1`, `OPENCODE_DISABLE_SHARE=1`. `permission.bash/edit = "ask"` makes its
 * approval dialogs appear. The title generator's side request (no tools) does not use up a scripted turn.
 * Slow to start on a busy machine (a minute or two before the first frame).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPinned } from '../core/install.js';
import type { CliDriver, LabContext, Scenario, Step } from '../core/scenario.js';
import { git, killUnder, onPath, resized } from '../lib/procs.js';
import { startOpenAI } from '../servers/openai.js';
import type { Turn } from '../servers/stub.js';

export const VERSION = '1.18.33';

export interface OpenCodeModel {
  turns: Turn[];
  files?: Record<string, string>;
  /** `permission` in opencode.json; default bash and edit ask. */
  permission?: Record<string, string>;
}

let bin = '';

const prompt = (text: string): Step[] => [
  { type: text, settle: false },
  { pause: 1000, keys: ['Enter'], settle: false },
];
const ready: Step = { until: /Ask anything/, settle: 3000, timeout: 300_000 };
/** The first model request can take minutes on a loaded machine (seen: over 4 min at load 60). */
const slow = { timeout: 420_000 };
const story =
  'Streaming a long answer slowly, word by word, so that the screen keeps changing while the model talks. ';

/** The model asks to run `touch hello.txt` (the shell permission scenarios). */
const TOUCH_HELLO: OpenCodeModel = {
  turns: [
    {
      text: 'I will create the file.',
      call: { name: 'bash', args: { command: 'touch hello.txt', description: 'Create hello.txt' } },
    },
  ],
};

const scenarios: Scenario<OpenCodeModel>[] = [
  {
    name: 'idle-after-answer',
    description: 'A short answer, then the empty prompt.',
    expected: { state: 'idle' },
    model: { turns: [{ text: 'Hello! The answer is 42.' }] },
    steps: [
      ready,
      ...prompt('What is the answer?'),
      { until: /answer is 42[\s\S]*Build · GPT Lab · \d/, settle: 4000, ...slow, record: true },
    ],
  },
  {
    name: 'working-streaming',
    description: 'Text streams slowly: the progress bar with "esc interrupt".',
    expected: { state: 'working' },
    model: { turns: [{ text: story.repeat(8), chunkMs: 500 }] },
    steps: [
      ready,
      ...prompt('Tell me a long story'),
      { until: /word by word, so that/, settle: false, ...slow },
      { pause: 1500, settle: false, record: true },
    ],
  },
  {
    name: 'permission-bash',
    description: 'The model runs a shell command with permission.bash = "ask": the approval dialog.',
    expected: { state: 'waiting', reason: 'permission', options: ['Allow once', 'Allow always', 'Reject'] },
    model: TOUCH_HELLO,
    steps: [
      ready,
      ...prompt('create hello.txt'),
      { until: /Allow|Permission|Reject/i, settle: 4000, ...slow, record: true },
    ],
  },
  {
    name: 'permission-edit',
    description: 'The model applies a patch with permission.edit = "ask": the edit approval dialog.',
    expected: { state: 'waiting', reason: 'permission', options: ['Allow once', 'Allow always', 'Reject'] },
    model: {
      turns: [
        {
          text: 'I will add a greeting file.',
          call: {
            name: 'apply_patch',
            args: {
              patchText: '*** Begin Patch\n*** Add File: greeting.txt\n+Hello from the lab\n*** End Patch',
            },
          },
        },
      ],
    },
    steps: [
      ready,
      ...prompt('add greeting.txt'),
      { until: /Allow|Permission|Reject/i, settle: 4000, ...slow, record: true },
    ],
  },
  {
    name: 'question',
    description: 'The model asks with the question tool.',
    expected: {
      state: 'waiting',
      reason: 'question',
      options: ['Postgres', 'SQLite', 'Type your own answer'],
    },
    model: {
      turns: [
        {
          call: {
            name: 'question',
            args: {
              questions: [
                {
                  question: 'Which database should the service use?',
                  header: 'Database',
                  options: [
                    { label: 'Postgres', description: 'Robust and already in the stack.' },
                    { label: 'SQLite', description: 'Simple, one file, no server.' },
                  ],
                },
              ],
            },
          },
        },
      ],
    },
    steps: [
      ready,
      ...prompt('Plan a storage layer'),
      { until: /Which database/, settle: 4000, ...slow, record: true },
    ],
  },
  {
    name: 'working-tool',
    description: 'The model runs a long shell command (permission.bash = "allow"): the command runs.',
    expected: { state: 'working' },
    model: {
      permission: { bash: 'allow', edit: 'ask' },
      turns: [
        {
          text: 'I will wait for the build.',
          call: { name: 'bash', args: { command: 'sleep 600', description: 'Wait for the build' } },
        },
      ],
    },
    steps: [
      ready,
      ...prompt('wait for the build'),
      { until: /sleep 600|Wait for the build/, settle: false, ...slow },
      { pause: 3000, settle: false, record: true },
    ],
  },
  {
    name: 'working-waiting-model',
    description: 'The request is sent and the model has not answered a word yet.',
    expected: { state: 'working' },
    model: { turns: [{ hang: true }] },
    steps: [
      ready,
      ...prompt('Say hello'),
      { until: /esc interrupt/, settle: false, ...slow },
      { pause: 3000, settle: false, record: true },
    ],
  },
  {
    name: 'interrupt',
    description:
      'Esc while the model streams (OpenCode asks for a second Esc), then Esc again: the turn stops.',
    expected: { state: 'idle' },
    model: { turns: [{ hang: true, text: 'Starting a long answer that will never finish ', chunkMs: 200 }] },
    steps: [
      ready,
      ...prompt('Tell me a long story'),
      { until: /never finish/, settle: false, ...slow },
      {
        pause: 1000,
        keys: ['Escape'],
        until: /again/i,
        settle: false,
        ...slow,
        record: {
          name: 'interrupt-confirm',
          expected: { state: 'working' },
          notes: 'After the first Esc: the model still streams, OpenCode asks for Esc again.',
        },
      },
      {
        pause: 300,
        keys: ['Escape'],
        until: /^(?![\s\S]*esc (?:again to )?interrupt)[\s\S]*never finish/,
        settle: 3000,
        ...slow,
        record: true,
      },
    ],
  },
  {
    name: 'permission-rejected',
    description: 'The shell approval dialog, answered Reject (→ → Enter): the turn ends.',
    expected: { state: 'idle' },
    model: TOUCH_HELLO,
    steps: [
      ready,
      ...prompt('create hello.txt'),
      { until: /Allow once/, settle: 2000, ...slow },
      { keys: ['Right'], pause: 500, settle: 1000 },
      { keys: ['Right'], pause: 500, settle: 1000 },
      {
        keys: ['Enter'],
        // The turn ends without a duration on its `▣ Build` line; the footer's hint goes.
        until:
          /^(?![\s\S]*(?:Permission required|esc interrupt))[\s\S]*touch hello\.txt[\s\S]*ctrl\+p commands/,
        settle: 4000,
        ...slow,
        record: true,
      },
    ],
  },
  ...[401, 429, 500].map(
    (status): Scenario<OpenCodeModel> => ({
      name: `error-${status}`,
      description: `The model server answers HTTP ${status} to every request.`,
      expected: { state: 'error' },
      model: { turns: new Array(12).fill({ status }) },
      steps: [
        ready,
        ...prompt('Say hello'),
        // The provider's message in the message box (429: `Rate limit reached …`, after a few retries).
        { until: /error|incorrect|unauthori|invalid|rate limit/i, settle: 4000, ...slow, record: true },
      ],
    }),
  ),
  {
    name: 'exit',
    description: 'After an answer, /exit: OpenCode ends and the shell prompt is back.',
    expected: { state: 'exited' },
    model: { turns: [{ text: 'Hello! The answer is 42.' }] },
    steps: [
      ready,
      ...prompt('What is the answer?'),
      { until: /answer is 42[\s\S]*Build · GPT Lab · \d/, settle: 4000, ...slow },
      ...prompt('/exit'),
      { until: /\$ $/m, ...slow, record: true },
    ],
  },
  {
    name: 'exit-ctrl-c',
    description: 'After an answer, ctrl+c on the empty prompt: OpenCode ends and the shell prompt is back.',
    expected: { state: 'exited' },
    model: { turns: [{ text: 'Hello! The answer is 42.' }] },
    steps: [
      ready,
      ...prompt('What is the answer?'),
      { until: /answer is 42[\s\S]*Build · GPT Lab · \d/, settle: 4000, ...slow },
      { keys: ['C-c'], until: /\$ $/m, ...slow, record: true },
    ],
  },
];

async function prepare(ctx: LabContext, s: Scenario<OpenCodeModel>) {
  const server = await startOpenAI(s.model.turns);
  git(ctx.project);
  const dir = join(ctx.home, '.config', 'opencode');
  mkdirSync(dir, { recursive: true });
  const config = {
    $schema: 'https://opencode.ai/config.json',
    autoupdate: false,
    share: 'disabled',
    model: 'lab/gpt-lab',
    small_model: 'lab/gpt-lab',
    permission: s.model.permission ?? { bash: 'ask', edit: 'ask' },
    provider: {
      lab: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Lab',
        options: { baseURL: `${server.url}/v1`, apiKey: 'sk-lab' },
        models: { 'gpt-lab': { name: 'GPT Lab', tool_call: true } },
      },
    },
  };
  writeFileSync(join(dir, 'opencode.json'), JSON.stringify(config, null, 2));
  for (const [name, text] of Object.entries(s.model.files ?? {}))
    writeFileSync(join(ctx.project, name), text);
  const PATH = onPath(ctx.home, bin, 'opencode');
  return {
    command: 'opencode',
    env: {
      PATH,
      OPENCODE_DISABLE_MODELS_FETCH: '1',
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
      OPENCODE_DISABLE_SHARE: '1',
    },
    stop: async () => {
      killUnder(ctx.home);
      await server.stop();
    },
  };
}

export const driver: CliDriver<OpenCodeModel> = {
  cli: 'opencode',
  version: VERSION,
  setup() {
    bin = installPinned('opencode-ai', VERSION, 'opencode').bin;
  },
  prepare,
  scenarios: resized(scenarios, ['idle-after-answer', 'permission-bash', 'working-tool'], [[80, 24]]),
};
