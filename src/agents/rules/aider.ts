import type { AgentTable } from './types.js';

const YES_NO = String.raw`\(Y\)es\/\(N\)o.*\[[^\]]+\]:\s*$`;

/** Aider: a line-based REPL, so old questions stay in scrollback; only the last lines count. */
export const aider: AgentTable = {
  kind: 'aider',
  label: 'Aider',
  commands: ['aider'],
  processPatterns: [/ -m aider\b/],
  // A title that is exactly the agent's name (the fake agent, wrappers that set it).
  titlePatterns: [/^aider(?: |$)/i],
  screenPatterns: [/^Aider v\d+\.\d+/, /^Tokens: .+ sent, .+ received/, /\(Y\)es\/\(N\)o/],
  rules: [
    {
      id: 'aider.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern: new RegExp(
        String.raw`(?:Run shell commands?\?|Allow edits to|Create new file\?|Edit the files\?).*${YES_NO}`,
      ),
      within: 2,
    },
    {
      id: 'aider.waiting.question',
      state: 'waiting',
      reason: 'question',
      pattern: new RegExp(YES_NO),
      within: 2,
    },
    {
      id: 'aider.error.api',
      state: 'error',
      pattern:
        /^(?:litellm\.\w+Error|openai\.\w+Error|\w+Error: |The API provider .*(?:rate limit|not available))/,
      within: 6,
    },
    { id: 'aider.working.waiting-model', state: 'working', pattern: /Waiting for [\w./:-]+/, within: 3 },
    {
      id: 'aider.idle.prompt',
      state: 'idle',
      pattern: /^(?:ask|architect|code|context|help|multi)?> ?/,
      within: 2,
      barrier: 'waiting',
    },
  ],
};
