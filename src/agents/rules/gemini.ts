import { CANCEL_HINT, SPINNER_COUNTER, SPINNER_VERB } from './families.js';
import type { AgentTable } from './types.js';

/**
 * Google Gemini CLI. Its title is a cheap signal (`✦` working, `✋` action required, `◇` ready) but it
 * keeps `◇  Ready` during the trust and API-key dialogs: screen rules and dialogs outrank the title.
 */
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
    /Waiting for user confirmation/,
  ],
  rules: [
    {
      id: 'gemini.waiting.trust',
      state: 'waiting',
      reason: 'trust',
      pattern: /Do you trust this folder\?|Trust folder \(/i,
    },
    {
      id: 'gemini.waiting.login',
      state: 'waiting',
      reason: 'login',
      pattern: /How would you like to authenticate|Waiting for auth|Login with Google/i,
    },
    {
      // Typing a key in is signing in (Claude's "use this detected key?" is a confirm).
      id: 'gemini.waiting.api-key',
      state: 'waiting',
      reason: 'login',
      pattern: /Enter (?:your )?(?:Gemini )?API Key|Paste your API key/i,
    },
    {
      id: 'gemini.waiting.question',
      state: 'waiting',
      reason: 'question',
      pattern: /\(Use Enter to select\)|Answer Questions|↑↓ (?:to )?select.*enter (?:to )?submit/i,
    },
    {
      id: 'gemini.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern:
        /Apply this change\??|Allow execution\b|Do you want to proceed\??|Action Required|Waiting for user confirmation|No, suggest changes \(esc\)/i,
    },
    { id: 'gemini.waiting.title', state: 'waiting', reason: 'permission', pattern: /^✋/, on: 'title' },
    {
      id: 'gemini.error.api',
      state: 'error',
      pattern: /✕ \[API Error:|\[API Error: |^\s*✕ .*(?:error|failed|quota|exhausted)/i,
      within: 10,
    },
    { id: 'gemini.working.cancel', state: 'working', pattern: /\(esc to cancel, \d+/i },
    { id: 'gemini.working.hint', state: 'working', pattern: CANCEL_HINT },
    { id: 'gemini.working.spinner', state: 'working', pattern: SPINNER_VERB },
    { id: 'gemini.working.counter', state: 'working', pattern: SPINNER_COUNTER },
    { id: 'gemini.working.title', state: 'working', pattern: /^✦/, on: 'title' },
    {
      id: 'gemini.idle.prompt',
      state: 'idle',
      // Its placeholder; in a narrow box `@path/to/file` wraps to the next line.
      pattern: /^[\s│]*>?\s*Type your message or(?: @path\/to\/file|\s*│?\s*$)/,
      barrier: 'waiting',
    },
    { id: 'gemini.idle.title', state: 'idle', pattern: /^◇/, on: 'title' },
  ],
  turnPatterns: [/^\s*✦\s+\S/],
  // Its goodbye box: the farewell, the session summary and how to resume (`gemini --resume <id>`).
  exitPatterns: [/Agent powering down\. Goodbye!/i, /\bgemini --resume [\w-]+/, /To resume this session:/i],
};
