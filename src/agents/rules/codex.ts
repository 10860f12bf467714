import { INTERRUPT_HINT, SPINNER_COUNTER } from './families.js';
import type { AgentTable } from './types.js';

/**
 * OpenAI Codex CLI (the Rust TUI and older builds). Its y/n prompts, numbered approvals (`› 1. Yes,
 * proceed (y)`, `› 1. Allow`), MCP approvals and trust screen are choice dialogs (`choice.ts`).
 */
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
    /codex resume [\w-]+/,
  ],
  rules: [
    {
      id: 'codex.waiting.trust',
      state: 'waiting',
      reason: 'trust',
      pattern:
        /allow Codex to work in this folder|Trust this folder\?|Do you trust the contents of this directory/i,
    },
    { id: 'codex.waiting.login', state: 'waiting', reason: 'login', pattern: /Sign in with ChatGPT/i },
    {
      id: 'codex.waiting.question',
      state: 'waiting',
      reason: 'question',
      pattern: /enter to submit answer/i,
    },
    {
      id: 'codex.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern:
        /Would you like to (?:run the following command|make the following edits)\?|grant these permissions\?|Allow command\?|Allow the .+ MCP server to run tool|^\s*[›>]\s*1\.\s+Yes, proceed/i,
    },
    {
      id: 'codex.waiting.confirm',
      state: 'waiting',
      reason: 'confirm',
      pattern: /Press enter to confirm or esc to cancel/i,
    },
    {
      id: 'codex.waiting.title',
      state: 'waiting',
      reason: 'permission',
      pattern: /Action Required/i,
      on: 'title',
    },
    {
      id: 'codex.error.stream',
      state: 'error',
      pattern: /^\s*■\s+.*(?:error|failed|exceeded|unexpected status|\b[45]\d\d\b)/i,
      within: 10,
    },
    { id: 'codex.working.status', state: 'working', pattern: INTERRUPT_HINT },
    { id: 'codex.working.counter', state: 'working', pattern: SPINNER_COUNTER, within: 8 },
    { id: 'codex.working.spinner', state: 'working', pattern: /^\s*[\u2800-\u28ff]\s+\S/, within: 6 },
    // While it streams text Codex draws no status line, only a braille spinner in the title.
    { id: 'codex.working.title', state: 'working', pattern: /^[\u2800-\u28ff]/, on: 'title' },
    { id: 'codex.idle.worked', state: 'idle', pattern: /^\s*─+ Worked for \d/, barrier: true },
    { id: 'codex.idle.prompt', state: 'idle', pattern: /^\s*›(?:\s(?!\s*\d+\.)|$)/, barrier: 'waiting' },
  ],
  exitPatterns: [/To continue this session, run codex resume/i, /codex resume [0-9a-f]{8}-/],
};
