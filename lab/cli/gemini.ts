/**
 * Gemini CLI (`@google/gemini-cli`) in the lab, against lab/servers/gemini.ts.
 * Offline needs: `GOOGLE_GEMINI_BASE_URL=<stand-in>` and `GEMINI_API_KEY`; a first start shows the folder
 * trust dialog (which restarts the CLI), then the auth choice, then the API-key entry. The other scenarios
 * seed `~/.gemini/trustedFolders.json` and `security.auth.selectedType = "gemini-api-key"` so they start at
 * the prompt. The CLI retries a failed request up to 10 times, silently ("Thinking…") for minutes: the
 * error scenarios set `general.maxAttempts = 1`. Update checks and usage statistics are off.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPinned } from '../core/install.js';
import type { CliDriver, LabContext, Scenario, Step } from '../core/scenario.js';
import { git, killUnder, onPath, patient, resized } from '../lib/procs.js';
import { startGemini } from '../servers/gemini.js';
import type { Turn } from '../servers/stub.js';

export const VERSION = '0.61.0';

export interface GeminiModel {
  turns: Turn[];
  /** Seed nothing: trust, auth choice and key entry follow. `'trusted'`: seed only the trusted folder. */
  fresh?: true | 'trusted';
  /** Merged into settings.json. */
  settings?: Record<string, unknown>;
  /** Files created in the project folder first. */
  files?: Record<string, string>;
  args?: string[];
}

let bin = '';

const prompt = (text: string): Step[] => [
  { type: text, settle: false },
  { pause: 500, keys: ['Enter'], settle: false },
];
/** The input box, once initialisation finished (before, prompts are queued). */
const ready: Step = { until: /Type your message/, settle: 3000, timeout: 90_000 };

const story =
  'Streaming a long answer slowly, word by word, so that the screen keeps changing while the model talks. ';
const noRetry = { general: { maxAttempts: 1 } };
/** The part of the stand-in's error message each error screen was seen to show. */
const SHOWN: Record<number, string> = { 401: 'API key not valid' };

const scenarios: Scenario<GeminiModel>[] = [
  {
    name: 'trust',
    description: 'First start in a new folder: the trust dialog (the title still says Ready).',
    expected: {
      state: 'waiting',
      reason: 'trust',
      options: ['Trust folder (project)', 'Trust parent folder (…)', "Don't trust"],
    },
    model: { turns: [], fresh: true },
    steps: [{ until: /Do you trust/, timeout: 90_000, record: true }],
  },
  {
    name: 'auth-choice',
    description: 'Trusted folder, no auth chosen yet: the "Get started" auth dialog.',
    expected: {
      state: 'waiting',
      reason: 'login',
      options: ['Sign in with Google', 'Use Gemini API Key', 'Vertex AI'],
    },
    model: { turns: [], fresh: 'trusted' },
    steps: [{ until: /How would you like to authenticate/, timeout: 90_000, record: true }],
  },
  {
    name: 'api-key-entry',
    description: 'Auth choice "Use Gemini API Key": the key entry dialog (the title still says Ready).',
    expected: { state: 'waiting', reason: 'login' },
    model: { turns: [], fresh: 'trusted' },
    steps: [
      { until: /How would you like to authenticate/, timeout: 90_000 },
      { keys: ['Enter'], until: /Enter Gemini API Key/, record: true },
    ],
  },
  {
    name: 'idle-after-answer',
    description: 'A short answer, then the empty prompt.',
    expected: { state: 'idle' },
    model: { turns: [{ text: 'Hello! The answer is 42.', chunkMs: 50 }] },
    steps: [ready, ...prompt('What is the answer?'), { until: /answer is 42/, settle: 3000, record: true }],
  },
  {
    name: 'working-streaming',
    description: 'Text streams slowly: spinner line "Thinking… (esc to cancel, Ns)" and the ✦ Working title.',
    expected: { state: 'working' },
    model: { turns: [{ text: story.repeat(6), chunkMs: 400 }] },
    steps: [
      ready,
      ...prompt('Tell me a long story'),
      { until: /word by word, so that/, settle: false },
      { pause: 1500, settle: false, record: true },
    ],
  },
  {
    name: 'working-waiting-model',
    description: 'The model accepted the request but sends nothing yet.',
    expected: { state: 'working' },
    model: { turns: [{ hang: true }] },
    steps: [
      ready,
      ...prompt('Think hard about this'),
      { until: /esc to cancel/, pause: 4000, settle: false, record: true },
    ],
  },
  {
    name: 'permission-shell',
    description: 'The model runs a shell command: "Allow execution of [Shell]?".',
    expected: {
      state: 'waiting',
      reason: 'permission',
      options: ['Allow once', 'Allow for this session', 'No, suggest changes (esc)'],
    },
    model: {
      turns: [
        {
          text: 'I will run a command.',
          call: {
            name: 'run_shell_command',
            args: { command: 'touch hello.txt', description: 'Create hello.txt' },
          },
        },
      ],
    },
    steps: [ready, ...prompt('create hello.txt'), { until: /Allow execution/, record: true }],
  },
  {
    name: 'permission-edit',
    description: 'The model edits an existing file (replace): the diff confirmation.',
    expected: {
      state: 'waiting',
      reason: 'permission',
      options: [
        'Allow once',
        'Allow for this session',
        'Modify with external editor',
        'No, suggest changes (esc)',
      ],
    },
    model: {
      files: { 'notes.txt': 'first line\nsecond line\n' },
      turns: [
        {
          text: 'I will edit the notes.',
          call: {
            name: 'replace',
            args: {
              file_path: 'notes.txt',
              instruction: 'Change the second line.',
              old_string: 'second line',
              new_string: 'second line, edited',
            },
          },
        },
      ],
    },
    steps: [ready, ...prompt('edit notes.txt'), { until: /Apply this change\?/, record: true }],
  },
  {
    name: 'permission-write',
    description: 'The model writes a new file (write_file): the confirmation.',
    expected: {
      state: 'waiting',
      reason: 'permission',
      options: [
        'Allow once',
        'Allow for this session',
        'Modify with external editor',
        'No, suggest changes (esc)',
      ],
    },
    model: {
      turns: [
        {
          text: 'I will write the file.',
          call: { name: 'write_file', args: { file_path: 'greeting.txt', content: 'Hello from the lab\n' } },
        },
      ],
    },
    steps: [
      ready,
      ...prompt('write greeting.txt'),
      { until: /Apply this change\?|Allow execution|Allow once/, record: true },
    ],
  },
  {
    name: 'question',
    description: 'The model asks with ask_user: the "Answer Questions" dialog.',
    expected: {
      state: 'waiting',
      reason: 'question',
      options: ['Postgres', 'SQLite', 'Enter a custom value'],
    },
    model: {
      turns: [
        {
          call: {
            name: 'ask_user',
            args: {
              questions: [
                {
                  question: 'Which database should the service use?',
                  header: 'Database',
                  type: 'choice',
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
    steps: [ready, ...prompt('Plan a storage layer'), { until: /Which database/, record: true }],
  },
  ...[401, 429, 500].map(
    (status): Scenario<GeminiModel> => ({
      name: `error-${status}`,
      description: `The model server answers HTTP ${status} to every request; general.maxAttempts = 1 (it still retries a 429/500 a few times, silently).`,
      expected: { state: 'error', ...(SHOWN[status] ? { message: SHOWN[status] } : {}) },
      model: { turns: new Array(15).fill({ status }), settings: noRetry },
      steps: [
        ready,
        ...prompt('Say hello'),
        {
          until: /API Error|✕/,
          timeout: 240_000,
          settle: 3000,
          record: true,
        },
      ],
    }),
  ),
  {
    name: 'interrupt',
    description: 'Esc while the model streams: the request is cancelled, the prompt is back.',
    expected: { state: 'idle' },
    model: { turns: [{ hang: true, text: 'Starting a long answer that will never finish ', chunkMs: 200 }] },
    steps: [
      ready,
      ...prompt('Tell me a long story'),
      { until: /never finish/, settle: false },
      { pause: 1000, keys: ['Escape'], until: /cancel/i, settle: 3000, record: true },
    ],
  },
  {
    name: 'exit',
    description: 'After an answer, /quit: Gemini CLI ends and the shell prompt is back.',
    expected: { state: 'exited' },
    model: { turns: [{ text: 'Hello! The answer is 42.' }] },
    steps: [
      ready,
      ...prompt('What is the answer?'),
      { until: /answer is 42/, settle: 3000 },
      ...prompt('/quit'),
      { until: /\$ $/m, timeout: 30_000, record: true },
    ],
  },
];

/** Smaller and larger terminals for a few screens. */
resized(scenarios, ['idle-after-answer', 'permission-shell']);

async function prepare(ctx: LabContext, s: Scenario<GeminiModel>) {
  const server = await startGemini(s.model.turns);
  git(ctx.project);
  const dir = join(ctx.home, '.gemini');
  mkdirSync(dir, { recursive: true });
  const settings: Record<string, Record<string, unknown>> = {
    general: { disableAutoUpdate: true, disableUpdateNag: true },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
  };
  if (s.model.fresh !== true)
    writeFileSync(
      join(dir, 'trustedFolders.json'),
      JSON.stringify({ [ctx.project]: 'TRUST_FOLDER' }, null, 2),
    );
  if (!s.model.fresh) settings['security'] = { auth: { selectedType: 'gemini-api-key' } };
  for (const [k, v] of Object.entries(s.model.settings ?? {}))
    settings[k] = { ...settings[k], ...(v as Record<string, unknown>) };
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
  for (const [name, text] of Object.entries(s.model.files ?? {}))
    writeFileSync(join(ctx.project, name), text);
  const PATH = onPath(ctx.home, bin, 'gemini');
  return {
    command: ['gemini', ...(s.model.args ?? [])].join(' '),
    env: {
      PATH,
      GOOGLE_GEMINI_BASE_URL: server.url,
      GEMINI_API_KEY: 'lab-gemini-key-0000',
    },
    stop: async () => {
      killUnder(ctx.home);
      await server.stop();
    },
  };
}

export const driver: CliDriver<GeminiModel> = {
  cli: 'gemini',
  version: VERSION,
  setup() {
    bin = installPinned('@google/gemini-cli', VERSION, 'gemini').bin;
  },
  prepare,
  scenarios: patient(scenarios),
};
