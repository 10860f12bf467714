import type { AgentTable } from './types.js';

/** Google Gemini CLI. Its title is a cheap signal: `✦` working, `✋` action required, `◇` ready. */
export const gemini: AgentTable = {
  kind: 'gemini',
  label: 'Gemini CLI',
  commands: ['gemini'],
  processPatterns: [/@google\/gemini-cli\//],
  titlePatterns: [/^[✦✋◇]\s/, /Gemini CLI/],
  screenPatterns: [
    /\(\d+% context left\)\s*$/,
    /Type your message or @path\/to\/file/,
    /Using: \d+ GEMINI\.md file/,
    /No, suggest changes \(esc\)/,
  ],
  rules: [
    { id: 'gemini.waiting.trust', state: 'waiting', reason: 'trust', pattern: /Do you trust this folder\?/ },
    {
      id: 'gemini.waiting.login',
      state: 'waiting',
      reason: 'login',
      pattern: /How would you like to authenticate/,
    },
    {
      id: 'gemini.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern: /Apply this change\?|Allow execution of|Do you want to proceed\?|Action Required/,
    },
    {
      id: 'gemini.waiting.permission-choice',
      state: 'waiting',
      reason: 'permission',
      pattern: /No, suggest changes \(esc\)/,
    },
    {
      id: 'gemini.waiting.question',
      state: 'waiting',
      reason: 'question',
      pattern: /\(Use Enter to select\)/,
    },
    { id: 'gemini.waiting.title', state: 'waiting', reason: 'permission', pattern: /^✋/, on: 'title' },
    { id: 'gemini.error.api', state: 'error', pattern: /✕ \[API Error:|\[API Error: /, within: 10 },
    { id: 'gemini.working.cancel', state: 'working', pattern: /\(esc to cancel, \d+/ },
    { id: 'gemini.working.title', state: 'working', pattern: /^✦/, on: 'title' },
    {
      id: 'gemini.idle.prompt',
      state: 'idle',
      pattern: /Type your message or @path\/to\/file/,
      barrier: 'waiting',
    },
    { id: 'gemini.idle.title', state: 'idle', pattern: /^◇/, on: 'title' },
  ],
};
