import type { AgentTable } from './types.js';

/** OpenAI Codex CLI (the Rust TUI and older builds). */
export const codex: AgentTable = {
  kind: 'codex',
  label: 'Codex',
  commands: ['codex'],
  processPatterns: [/@openai\/codex\//, /\/codex-(?:x86_64|aarch64)[\w-]*$/],
  // A title that is exactly the agent's name (the fake agent, wrappers that set it).
  titlePatterns: [/^codex(?: |$)/i],
  screenPatterns: [
    /(?<!\()\b\d+% context left/,
    /OpenAI Codex \(v/,
    /Would you like to run the following command\?/,
  ],
  rules: [
    {
      id: 'codex.waiting.trust',
      state: 'waiting',
      reason: 'trust',
      pattern: /allow Codex to work in this folder/,
    },
    { id: 'codex.waiting.login', state: 'waiting', reason: 'login', pattern: /Sign in with ChatGPT/ },
    {
      id: 'codex.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern:
        /Would you like to (?:run the following command|make the following edits)\?|grant these permissions\?|Allow command\?/,
    },
    {
      id: 'codex.waiting.permission-choice',
      state: 'waiting',
      reason: 'permission',
      pattern: /^\s*[›>]\s*1\.\s+Yes, proceed/,
    },
    { id: 'codex.waiting.question', state: 'waiting', reason: 'question', pattern: /enter to submit answer/ },
    {
      id: 'codex.waiting.confirm',
      state: 'waiting',
      reason: 'confirm',
      pattern: /Press enter to confirm or esc to cancel|\[y\/n\]\s*$/,
    },
    {
      id: 'codex.error.stream',
      state: 'error',
      pattern: /^\s*■\s+.*(?:error|Error|failed|exceeded)/,
      within: 8,
    },
    { id: 'codex.working.status', state: 'working', pattern: /esc to interrupt/ },
    { id: 'codex.working.spinner', state: 'working', pattern: /^\s*[\u2800-\u28ff]\s+\S/, within: 6 },
    { id: 'codex.idle.worked', state: 'idle', pattern: /^\s*─ Worked for \d/, barrier: true },
    { id: 'codex.idle.prompt', state: 'idle', pattern: /^\s*›(?:\s(?!\s*\d+\.)|$)/, barrier: 'waiting' },
  ],
};
