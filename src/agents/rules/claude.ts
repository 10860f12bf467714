import { COMPLETION, INTERRUPT_HINT, SPINNER_COUNTER, SPINNER_VERB } from './families.js';
import type { AgentTable } from './types.js';

/**
 * Claude Code. Dialogs replace the prompt box, so an old dialog is never left drawn above a fresh prompt.
 * Choice dialogs (permission, trust, API key, plan, AskUserQuestion) are found by the generic choice
 * parser; the rules below name the questions and footers only Claude draws.
 */
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
    /project you created or one you trust/,
    /^\s*[✳✽✶✻✢·*]\s+\S+… \(.*esc to interrupt/,
    /claude --resume [\w-]+/,
  ],
  rules: [
    {
      id: 'claude.waiting.trust',
      state: 'waiting',
      reason: 'trust',
      pattern: /Do you trust the files in this folder\?|project you created or one you trust\?/,
    },
    {
      id: 'claude.waiting.login',
      state: 'waiting',
      reason: 'login',
      pattern: /Select login method|Paste code here if prompted/,
    },
    {
      id: 'claude.waiting.login-footer',
      state: 'waiting',
      reason: 'login',
      pattern: /Not logged in · (?:Please )?[Rr]un \/login/,
      chrome: true,
    },
    {
      id: 'claude.waiting.api-key',
      state: 'waiting',
      reason: 'confirm',
      pattern: /Do you want to use this API key\?|Detected a custom API key/,
    },
    {
      id: 'claude.waiting.plan',
      state: 'waiting',
      reason: 'plan',
      pattern:
        /No, keep planning|Would you like to proceed\?\s*$|Ready to code\?|Exit plan mode\?|wants to exit plan mode/,
    },
    {
      id: 'claude.waiting.question',
      state: 'waiting',
      reason: 'question',
      pattern: /Enter to select · (?:↑\/↓|Tab\/Arrow keys) to navigate/,
    },
    {
      id: 'claude.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern:
        /Do you want to (?:proceed|make this edit|create|allow|run|overwrite|fetch|write|delete)\b|^[\s│]*Claude wants to \w+/i,
    },
    {
      id: 'claude.waiting.permission-choice',
      state: 'waiting',
      reason: 'permission',
      pattern: /No, and tell Claude what to do differently|^\s*Esc to cancel · Tab to amend/,
    },
    {
      id: 'claude.error.api',
      state: 'error',
      pattern:
        /^\s*(?:[⎿⏺●]\s+)?(?:API Error: |Invalid API key|OAuth token has expired|Credit balance is too low)|· Please run \/login/,
      within: 15,
    },
    // The hint is drawn in the footer under the prompt box, or in the status line just above it (peers'
    // screens): within the last 6 lines. Higher up, newer output has come since: it is transcript.
    { id: 'claude.working.interrupt', state: 'working', pattern: INTERRUPT_HINT, within: 6 },
    { id: 'claude.working.spinner', state: 'working', pattern: SPINNER_VERB },
    { id: 'claude.working.counter', state: 'working', pattern: SPINNER_COUNTER },
    {
      id: 'claude.working.agents',
      state: 'working',
      pattern: /Waiting for \d+ background agents? to finish/,
    },
    { id: 'claude.working.title', state: 'working', pattern: /^[\u2800-\u28ff]/, on: 'title' },
    { id: 'claude.idle.completion', state: 'idle', pattern: COMPLETION, barrier: true },
    { id: 'claude.idle.interrupted', state: 'idle', pattern: /What should Claude do instead/, barrier: true },
    {
      id: 'claude.idle.prompt',
      state: 'idle',
      pattern: /^\s*│?\s*[>❯](?:\s(?!\s*\d+\.)|$)/,
      barrier: 'waiting',
    },
  ],
  // Claude's answer or tool call (`⏺ Bash(…)`, `● I'll …`) below an error or a spinner: a new turn.
  turnPatterns: [/^\s*[⏺●]\s+(?!API Error)(?![A-Z][\w\u00C0-\u024F'’-]*(?: \S+){0,8}?…)\S/],
  exitPatterns: [/claude --resume [\w-]+/, /Resume this session with:?/i],
};
