import {
  CANCEL_HINT,
  INTERRUPT_HINT,
  PROVIDER_ERROR,
  SPINNER_COUNTER,
  SPINNER_HINT,
  SPINNER_VERB,
} from './families.js';
import type { AgentTable, ScreenRule } from './types.js';

/** The question footer several TUIs share: `↑↓ select  enter submit  esc dismiss`. */
const SELECT_FOOTER =
  /↑\s*↓\s*(?:to )?(?:select|navigate).*enter\s+(?:to )?submit|enter submit\s+esc dismiss/i;

/** OpenCode (sst/opencode). */
export const opencode: AgentTable = {
  kind: 'opencode',
  label: 'OpenCode',
  commands: ['opencode'],
  processPatterns: [/\/opencode(?:-[\w-]+)?(?:\s|$)/],
  titlePatterns: [/^opencode\b/i, /^OC \| /],
  screenPatterns: [/△ Permission required/, /\bopencode v?\d+\.\d+/i],
  rules: [
    {
      id: 'opencode.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern: /△ Permission required|Press Enter to allow|enter (?:to )?allow\b/i,
    },
    { id: 'opencode.waiting.question', state: 'waiting', reason: 'question', pattern: SELECT_FOOTER },
    {
      id: 'opencode.error.api',
      state: 'error',
      pattern: /^\s*(?:[┃│]\s*)?(?:Error: |\w*APIError|.*\b(?:rate limit|overloaded)\b.*error)/i,
      within: 8,
    },
    { id: 'opencode.error.provider', state: 'error', pattern: PROVIDER_ERROR, within: 12 },
    { id: 'opencode.working.interrupt', state: 'working', pattern: /\besc (?:to )?interrupt\b/i },
    { id: 'opencode.working.spinner', state: 'working', pattern: SPINNER_VERB },
    { id: 'opencode.working.counter', state: 'working', pattern: SPINNER_COUNTER },
    {
      id: 'opencode.idle.prompt',
      state: 'idle',
      pattern: /Ask anything|press enter to send/i,
      barrier: 'waiting',
    },
  ],
  // What it prints on exit: the session and how to continue it (`Continue  opencode -s ses_…`).
  exitPatterns: [/\bopencode (?:-s|--session)[ =]ses_\w+/, /^\s*Continue\s+opencode\b/],
};

/** GitHub Copilot CLI. */
export const copilot: AgentTable = {
  kind: 'copilot',
  label: 'Copilot CLI',
  commands: ['copilot'],
  processPatterns: [/@github\/copilot\//],
  titlePatterns: [/^GitHub Copilot\b/i],
  screenPatterns: [/GitHub Copilot CLI ready\./i, /Welcome to GitHub Copilot CLI/i],
  rules: [
    {
      id: 'copilot.waiting.question',
      state: 'waiting',
      reason: 'question',
      pattern: SELECT_FOOTER,
    },
    {
      id: 'copilot.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern: /^\s*│?\s*Do you want to\b|Confirm with (?:\w+\s*\+\s*)?\w Enter/i,
    },
    {
      // Signed out, it says how to sign in above the prompt (`Please use /login to sign in to use Copilot`);
      // `/login` then shows a device code to enter at github.com/login/device.
      id: 'copilot.waiting.login',
      state: 'waiting',
      reason: 'login',
      pattern: /\b(?:use|run|type) \/login\b|\bnot (?:signed|logged) in\b|github\.com\/login\/device/i,
      within: 8,
    },
    {
      id: 'copilot.error.api',
      state: 'error',
      pattern: /^\s*(?:[✗✖×]\s+)?(?:Error|Request failed|Model call failed)\b.*(?:\d{3}|error|limit|failed)/i,
      within: 8,
    },
    { id: 'copilot.working.cancel', state: 'working', pattern: CANCEL_HINT },
    // Its status line under the prompt box: `● Working esc esc interrupt`.
    { id: 'copilot.working.status', state: 'working', pattern: SPINNER_HINT },
    { id: 'copilot.working.spinner', state: 'working', pattern: SPINNER_VERB },
    { id: 'copilot.working.counter', state: 'working', pattern: SPINNER_COUNTER },
    { id: 'copilot.idle.ready', state: 'idle', pattern: /GitHub Copilot CLI ready\./i, barrier: 'waiting' },
    // Signed in since the login hint was drawn: the hint above is old.
    {
      id: 'copilot.idle.signed-in',
      state: 'idle',
      pattern: /\b(?:signed|logged) in (?:successfully|as)\b/i,
      barrier: 'waiting',
    },
    // Its dialogs draw their own `>` input line, so the prompt is not a barrier. 1.0 draws `❯` in a box.
    {
      id: 'copilot.idle.prompt',
      state: 'idle',
      pattern: /^\s*│?\s*[>❯]\s*(?:Enter @ to mention|Type @ to mention|$)|How can I help/i,
    },
  ],
};

/** Cursor agent CLI. */
export const cursor: AgentTable = {
  kind: 'cursor',
  label: 'Cursor agent',
  commands: ['cursor-agent'],
  titlePatterns: [/^Cursor Agent\b/i],
  screenPatterns: [/Cursor Agent/i, /→ Add a follow-up/, /Reject & propose changes/],
  rules: [
    {
      id: 'cursor.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern:
        /\(y\) \(enter\)|skip \(esc or n\)|\(esc or n(?: or \w)?\)|^\s*(?:Write to this file|Run this command|Allow this [\w ]+|Delete this file)\?/i,
    },
    {
      id: 'cursor.working.stop',
      state: 'working',
      pattern: /ctrl\+c to stop|\besc to (?:stop|interrupt)\b/i,
    },
    { id: 'cursor.working.spinner', state: 'working', pattern: SPINNER_VERB },
    { id: 'cursor.working.counter', state: 'working', pattern: SPINNER_COUNTER },
    {
      id: 'cursor.idle.prompt',
      state: 'idle',
      pattern: /→ Add a follow-up|Plan, search, build anything/i,
      barrier: 'waiting',
    },
  ],
};

/** Rules for `agents.generic` commands from the config file: the signals most CLIs share. */
export const GENERIC_RULES: ScreenRule[] = [
  {
    id: 'generic.waiting.permission',
    state: 'waiting',
    reason: 'permission',
    pattern: /Do you want to proceed\?|Allow (?:command|execution)\b/i,
  },
  {
    id: 'generic.waiting.confirm',
    state: 'waiting',
    reason: 'confirm',
    pattern: /[[(]y\/n[\])]\s*:?\s*$/i,
    within: 2,
  },
  { id: 'generic.working.interrupt', state: 'working', pattern: INTERRUPT_HINT },
  { id: 'generic.working.spinner', state: 'working', pattern: SPINNER_VERB },
];

export function genericTable(label: string, commands: string[]): AgentTable {
  return { kind: 'generic', label, commands, rules: GENERIC_RULES };
}
