/**
 * GitHub Copilot CLI (`@github/copilot`) in the lab. Without a GitHub login it only says "Please use /login
 * to sign in"; its own BYOK mode talks to an OpenAI-compatible server instead: `COPILOT_OFFLINE=1`,
 * `COPILOT_PROVIDER_BASE_URL=<stand-in>/v1`, `COPILOT_PROVIDER_API_KEY`, `COPILOT_MODEL` (lab/servers/openai.ts).
 * The first start unpacks the CLI into `~/.cache/copilot/pkg` (≈ 10 s) and shows an animated splash that waits
 * for a key (Escape skips it), then the folder trust dialog; `trusted` pre-trusts the project in
 * `~/.copilot/config.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPinned } from '../core/install.js';
import type { CliDriver, LabContext, Scenario, Step } from '../core/scenario.js';
import { git, killUnder, onPath, patient, resized } from '../lib/procs.js';
import { startOpenAI } from '../servers/openai.js';
import type { Turn } from '../servers/stub.js';

export const VERSION = '1.0.102';

export interface CopilotModel {
  turns: Turn[];
  /** Use the stand-in model server (BYOK); otherwise no provider: the login message. */
  byok?: boolean;
  trusted?: boolean;
}

let bin = '';

const splash: Step[] = [
  { until: /Copilot|▀/, settle: false, timeout: 120_000 },
  { pause: 3000, keys: ['Escape'], settle: 2000 },
];
const prompt = (text: string): Step[] => [
  { type: text, settle: false },
  { pause: 1000, keys: ['Enter'], settle: false },
];
const story =
  'Streaming a long answer slowly, word by word, so that the screen keeps changing while the model talks. ';
/** Option starts of its approval dialogs: the second names the command (or "file operations") and the repo. */
const PERMISSION_OPTIONS = [
  'Yes',
  "Yes, and don't ask again for",
  'No, and tell Copilot what to do differently',
];
const TRUST_OPTIONS = ['Yes', 'Yes, and remember this folder for future sessions', 'No (Esc)'];

const scenarios: Scenario<CopilotModel>[] = [
  {
    name: 'trust',
    description: 'First start (BYOK stand-in): the splash is skipped, then the folder trust dialog.',
    expected: { state: 'waiting', reason: 'trust', options: TRUST_OPTIONS },
    model: { turns: [], byok: true },
    steps: [...splash, { until: /Confirm folder trust/, settle: 2000, record: true }],
  },
  {
    name: 'login',
    description:
      'No GitHub login and no provider: after trusting the folder, "Please use /login to sign in".',
    expected: { state: 'waiting', reason: 'login' },
    model: { turns: [] },
    steps: [
      ...splash,
      { until: /Confirm folder trust/ },
      { keys: ['Enter'], until: /\/login/, settle: 3000, record: true },
    ],
  },
  {
    name: 'idle-after-answer',
    description: 'BYOK stand-in, trusted folder: a short answer, then the empty prompt.',
    expected: { state: 'idle' },
    model: { turns: [{ text: 'Hello! The answer is 42.' }], byok: true, trusted: true },
    steps: [
      ...splash,
      { until: /❯/ },
      ...prompt('What is the answer?'),
      { until: /^(?![\s\S]*esc interrupt)[\s\S]*answer is 42/, settle: 3000, record: true },
    ],
  },
  {
    name: 'working-streaming',
    description: 'BYOK stand-in: text streams slowly, "● Working" with the interrupt hint under the prompt.',
    expected: { state: 'working' },
    model: { turns: [{ text: story.repeat(8), chunkMs: 500 }], byok: true, trusted: true },
    steps: [
      ...splash,
      { until: /❯/ },
      ...prompt('Tell me a long story'),
      { until: /word by word, so that/, settle: false },
      { pause: 1500, settle: false, record: true },
    ],
  },
  {
    name: 'working-waiting-model',
    description:
      'BYOK stand-in: the request is sent and the model has not answered a word yet ("◉ Working").',
    expected: { state: 'working' },
    model: { turns: [{ hang: true }], byok: true, trusted: true },
    steps: [
      ...splash,
      { until: /❯/ },
      ...prompt('Say hello'),
      // Before the first token its status line offers `esc esc edit prompt`, not interrupt.
      { until: /Working/, settle: false },
      { pause: 3000, settle: false, record: true },
    ],
  },
  {
    name: 'permission-shell',
    description:
      'BYOK stand-in: the model runs a shell command: the approval dialog; then "Yes" and the command runs.',
    expected: { state: 'waiting', reason: 'permission', options: PERMISSION_OPTIONS },
    model: {
      turns: [
        {
          text: 'I will wait for the build.',
          call: {
            name: 'bash',
            args: { command: 'sleep 600', description: 'Wait for the build', initial_wait: 600 },
          },
        },
      ],
      byok: true,
      trusted: true,
    },
    steps: [
      ...splash,
      { until: /❯/ },
      ...prompt('wait for the build'),
      { until: /sleep 600[\s\S]*(?:Do you want|Allow|Yes)/, settle: 2000, record: true },
      {
        keys: ['Enter'],
        until: /^(?![\s\S]*Do you want)[\s\S]*sleep 600/,
        settle: false,
      },
      {
        pause: 3000,
        settle: false,
        record: {
          name: 'working-tool',
          expected: { state: 'working' },
          notes: 'Approved with "Yes": the shell command runs.',
        },
      },
    ],
  },
  {
    name: 'permission-edit',
    description: 'BYOK stand-in: the model creates a file with apply_patch: the edit approval dialog.',
    expected: { state: 'waiting', reason: 'permission', options: PERMISSION_OPTIONS },
    model: {
      turns: [
        {
          text: 'I will add a greeting file.',
          custom: {
            name: 'apply_patch',
            input: '*** Begin Patch\n*** Add File: greeting.txt\n+Hello from the lab\n*** End Patch\n',
          },
        },
      ],
      byok: true,
      trusted: true,
    },
    steps: [
      ...splash,
      { until: /❯/ },
      ...prompt('add greeting.txt'),
      { until: /greeting\.txt[\s\S]*(?:Do you want|Allow|Yes)/, settle: 2000, record: true },
    ],
  },
  {
    name: 'question',
    description:
      'BYOK stand-in: the model asks with the ask_user tool (an enum field): a picker under the prompt.',
    expected: {
      state: 'waiting',
      reason: 'question',
      options: ['Postgres', 'SQLite', 'Other (type your answer)'],
    },
    model: {
      turns: [
        {
          call: {
            name: 'ask_user',
            args: {
              message: 'Which database should the service use?',
              requestedSchema: {
                properties: {
                  database: { type: 'string', title: 'Database', enum: ['Postgres', 'SQLite'] },
                },
                required: ['database'],
              },
            },
          },
        },
      ],
      byok: true,
      trusted: true,
    },
    steps: [
      ...splash,
      { until: /❯/ },
      ...prompt('Plan a storage layer'),
      { until: /Which database/, settle: 2000, record: true },
    ],
  },
  ...[401, 500].map(
    (status): Scenario<CopilotModel> => ({
      name: `error-${status}`,
      description: `BYOK stand-in answering HTTP ${status} to every request: Copilot retries, then gives up.`,
      expected: { state: 'error' },
      model: { turns: new Array(12).fill({ status }), byok: true, trusted: true },
      steps: [
        ...splash,
        { until: /❯/ },
        ...prompt('Say hello'),
        {
          until: /Retrying/,
          settle: false,
          timeout: 240_000,
          record: {
            name: `error-${status}-retrying`,
            expected: { state: 'working' },
            notes: 'While it retries: "Request failed … Retrying..." and its Working status line.',
          },
        },
        // Given up: the status line is gone and the failure stays in the transcript.
        {
          until: /^(?![\s\S]*esc esc)[\s\S]*(?:error|failed)/i,
          settle: 4000,
          timeout: 300_000,
          record: true,
        },
      ],
    }),
  ),
  {
    name: 'interrupt',
    // Not reached with 1.0.102 (README): the Esc pairs tmux sends (150 ms, 300 ms, 1 s apart) do not stop it.
    description: 'BYOK stand-in: Esc while the model streams, then Esc again: the turn should stop.',
    expected: { state: 'idle' },
    model: {
      turns: [{ hang: true, text: 'Starting a long answer that will never finish ', chunkMs: 200 }],
      byok: true,
      trusted: true,
    },
    steps: [
      ...splash,
      { until: /❯/ },
      ...prompt('Tell me a long story'),
      { until: /never finish/, settle: false },
      {
        pause: 1000,
        keys: ['Escape'],
        // A hint flashed for a moment only: not recorded (the capture after it shows the status line back).
        until: /esc again/,
        settle: false,
      },
      {
        pause: 1000,
        keys: ['Escape'],
        until: /^(?![\s\S]*Working)[\s\S]*never finish/,
        settle: 3000,
        record: true,
      },
    ],
  },
  {
    name: 'exit',
    description: 'BYOK stand-in: after an answer, /exit: Copilot ends and the shell prompt is back.',
    expected: { state: 'exited' },
    model: { turns: [{ text: 'Hello! The answer is 42.' }], byok: true, trusted: true },
    steps: [
      ...splash,
      { until: /❯/ },
      ...prompt('What is the answer?'),
      { until: /^(?![\s\S]*esc interrupt)[\s\S]*answer is 42/, settle: 3000 },
      ...prompt('/exit'),
      { until: /\$ $/m, settle: 2000, record: true },
    ],
  },
];

async function prepare(ctx: LabContext, s: Scenario<CopilotModel>) {
  const server = await startOpenAI(s.model.turns);
  git(ctx.project);
  if (s.model.trusted) {
    mkdirSync(join(ctx.home, '.copilot'), { recursive: true });
    writeFileSync(
      join(ctx.home, '.copilot', 'config.json'),
      JSON.stringify({ trusted_folders: [ctx.project] }),
    );
  }
  const PATH = onPath(ctx.home, bin, 'copilot');
  const byok: Record<string, string> = s.model.byok
    ? {
        COPILOT_OFFLINE: '1',
        COPILOT_PROVIDER_BASE_URL: `${server.url}/v1`,
        COPILOT_PROVIDER_API_KEY: 'sk-lab',
        COPILOT_MODEL: 'gpt-lab',
      }
    : {};
  return {
    command: 'copilot',
    env: { PATH, ...byok },
    stop: async () => {
      killUnder(ctx.home);
      await server.stop();
    },
  };
}

export const driver: CliDriver<CopilotModel> = {
  cli: 'copilot',
  version: VERSION,
  setup() {
    bin = installPinned('@github/copilot', VERSION, 'copilot').bin;
  },
  prepare,
  scenarios: patient(resized(scenarios, ['idle-after-answer', 'permission-shell'], [[80, 24]])),
};
