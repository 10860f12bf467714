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
  /** Files created in the project folder first. */
  files?: Record<string, string>;
}

let bin = '';

const prompt = (text: string) => [
  { type: text, settle: false as const },
  { keys: ['Enter'], settle: false as const },
];
const ready = { until: /❯|>/, settle: 1500 };

const scenarios: Scenario<ClaudeModel>[] = [
  {
    name: 'trust',
    description: 'First start in a new folder: the trust dialog.',
    expected: { state: 'waiting', reason: 'trust' },
    model: { turns: [], fresh: true },
    steps: [{ until: /trust/i, record: true }],
  },
  {
    name: 'idle-after-answer',
    description: 'A short answer, then the empty prompt.',
    expected: { state: 'idle' },
    model: { turns: [{ text: 'Hello! The answer is 42.', chunkMs: 50 }] },
    steps: [ready, ...prompt('What is the answer?'), { until: /42/, record: true }],
  },
];

async function prepare(ctx: { home: string; project: string }, s: Scenario<ClaudeModel>) {
  const server = await AnthropicStandIn.start(s.model.turns);
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
  if (s.model.settings) {
    mkdirSync(join(ctx.home, '.claude'), { recursive: true });
    writeFileSync(join(ctx.home, '.claude', 'settings.json'), JSON.stringify(s.model.settings, null, 2));
  }
  for (const [name, text] of Object.entries(s.model.files ?? {}))
    writeFileSync(join(ctx.project, name), text);
  return {
    command: ['claude', ...(s.model.args ?? [])].join(' '),
    env: {
      PATH: `${binDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      ANTHROPIC_BASE_URL: server.url,
      ANTHROPIC_API_KEY: API_KEY,
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_MAX_RETRIES: '0',
      ...s.model.env,
    },
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
