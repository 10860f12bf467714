import type { AgentTable } from './types.js';

/** Claude Code. Dialogs replace the prompt box, so an old dialog is never left drawn above a fresh prompt. */
export const claude: AgentTable = {
  kind: 'claude',
  label: 'Claude Code',
  commands: ['claude'],
  processPatterns: [/@anthropic-ai\/claude-code\//, /\/claude\/versions\/\d+\.\d+\.\d+/],
  titlePatterns: [/Claude Code/, /^✳ /],
  screenPatterns: [
    /\(shift\+tab to cycle\)/,
    /No, and tell Claude what to do differently/,
    /What should Claude do instead/,
    /Claude Code v\d+\.\d+/,
    /^\s*⎿ {1,2}\S/,
    /Do you trust the files in this folder\?/,
    /^\s*[✳✽✶✻✢·]\s+\S+… \(.*esc to interrupt/,
  ],
  rules: [
    {
      id: 'claude.waiting.trust',
      state: 'waiting',
      reason: 'trust',
      pattern: /Do you trust the files in this folder\?/,
    },
    {
      id: 'claude.waiting.login',
      state: 'waiting',
      reason: 'login',
      pattern: /Select login method|Paste code here if prompted/,
    },
    {
      id: 'claude.waiting.plan',
      state: 'waiting',
      reason: 'plan',
      pattern: /No, keep planning|Would you like to proceed\?\s*$/,
    },
    {
      id: 'claude.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern: /Do you want to (?:proceed|make this edit|create|allow|run)\b/,
    },
    {
      id: 'claude.waiting.permission-choice',
      state: 'waiting',
      reason: 'permission',
      pattern: /No, and tell Claude what to do differently/,
    },
    {
      id: 'claude.waiting.question',
      state: 'waiting',
      reason: 'question',
      pattern: /Enter to select · ↑\/↓ to navigate/,
    },
    {
      id: 'claude.waiting.choice',
      state: 'waiting',
      reason: 'permission',
      pattern: /^\s*│?\s*❯\s*1\.\s+Yes\b/,
    },
    {
      id: 'claude.error.api',
      state: 'error',
      pattern: /API Error: |Invalid API key|Please run \/login/,
      within: 12,
    },
    { id: 'claude.working.interrupt', state: 'working', pattern: /(?:esc|ctrl\+c) to interrupt/ },
    { id: 'claude.working.spinner', state: 'working', pattern: /^\s*[✳✽✶✻✢·]\s+[A-Z][\w-]*…/ },
    {
      id: 'claude.working.agents',
      state: 'working',
      pattern: /Waiting for \d+ background agents? to finish/,
    },
    { id: 'claude.working.title', state: 'working', pattern: /^[\u2800-\u28ff]/, on: 'title' },
    {
      id: 'claude.idle.completion',
      state: 'idle',
      pattern: /^\s*[✳✽✶✻✢·]\s+[A-Z][a-zé]+ for \d+(?:\.\d+)?[hms]/,
      barrier: true,
    },
    { id: 'claude.idle.interrupted', state: 'idle', pattern: /What should Claude do instead/, barrier: true },
    {
      id: 'claude.idle.prompt',
      state: 'idle',
      pattern: /^\s*│?\s*[>❯](?:\s(?!\s*\d+\.)|$)/,
      barrier: 'waiting',
    },
  ],
};
