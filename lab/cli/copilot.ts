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
import { git, killUnder, onPath, patient } from '../lib/procs.js';
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
  scenarios: patient(scenarios),
};
