import {
  CANCEL_HINT,
  INTERRUPT_HINT,
  PROVIDER_ERROR,
  PROVIDER_FAILURE,
  SPINNER_COUNTER,
  SPINNER_HINT,
  SPINNER_VERB,
} from './families.js';
import type { AgentTable, ScreenRule } from './types.js';

/**
 * The question footer several TUIs share: `↑↓ select  enter submit  esc dismiss` (OpenCode),
 * `↑/↓ select · enter accept · ctrl+d decline` (Copilot CLI's ask_user picker). A permission menu's
 * `↑/↓ to navigate · enter to select` is not one.
 */
const SELECT_FOOTER =
  /↑\s*\/?\s*↓\s*(?:to )?(?:select|navigate).*enter\s+(?:to )?(?:submit|accept)|enter submit\s+esc dismiss/i;

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
    // After its retries OpenCode shows the API's message in a box (`┃  Rate limit reached for …`).
    {
      id: 'opencode.error.failure',
      state: 'error',
      pattern: new RegExp(String.raw`^\s*[┃│]\s+.*${PROVIDER_FAILURE.source}`, 'i'),
      within: 12,
    },
    // Its status bar: `⬝⬝⬝■■■  esc interrupt`, after one Esc `esc again to interrupt`.
    {
      id: 'opencode.working.interrupt',
      state: 'working',
      pattern: /\besc (?:again )?(?:to )?interrupt\b/i,
    },
    { id: 'opencode.working.spinner', state: 'working', pattern: SPINNER_VERB },
    { id: 'opencode.working.counter', state: 'working', pattern: SPINNER_COUNTER },
    {
      id: 'opencode.idle.prompt',
      state: 'idle',
      pattern: /Ask anything|press enter to send/i,
      barrier: 'waiting',
    },
    // The status bar under the prompt box with no working hint: the folder (or `tab agents`), the
    // context size, `ctrl+p commands`. A dialog replaces the box, so it is not a barrier.
    { id: 'opencode.idle.statusbar', state: 'idle', pattern: /\sctrl\+p commands\s*$/ },
    // A closed turn's footer: `▣  Build · GPT Lab · 50.1s`, `… · interrupted`.
    {
      id: 'opencode.idle.done',
      state: 'idle',
      pattern: /^\s*▣\s+\S.*·\s*(?:\d+(?:\.\d+)?[hms]|\d+m \d+s|interrupted)\s*$/,
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
  // Its goodbye summary on the shell: `Resume     copilot --resume=<session uuid>`.
  exitPatterns: [/\bcopilot --resume[= ][0-9a-f]{8}-[0-9a-f]{4}-/],
  rules: [
    // Without a GitHub login (or a provider): `Please use /login to sign in to use Copilot` above the box.
    {
      id: 'copilot.waiting.login',
      state: 'waiting',
      reason: 'login',
      pattern: /\buse \/login to sign in\b/i,
      within: 8,
    },
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
    // A turn it gave up on, under a `✗`: `✗ Authentication failed with provider at … (HTTP 401).`,
    // `✗ Failed to get response from the AI model; retried 5 times … Last error: 500 …`. A failed tool
    // (`✗ Shell command failed with exit code 1`) names no provider, model or HTTP status.
    {
      id: 'copilot.error.provider',
      state: 'error',
      pattern: new RegExp(
        String.raw`^\s*[✗✖×]\s+(?:.*\b(?:failed|error)\b.*(?:\bprovider\b|\bmodel\b|\bHTTP \d{3}\b|\berror: \d{3}\b)|.*(?:${PROVIDER_ERROR.source}|${PROVIDER_FAILURE.source}))`,
        'i',
      ),
      within: 12,
    },
    { id: 'copilot.working.cancel', state: 'working', pattern: CANCEL_HINT },
    // Its status line under the input box while a turn runs: a spinner glyph, the verb and the Esc Esc
    // hint (`● Working esc esc interrupt`, `○ Working · 46 B esc esc interrupt`; before the first token
    // `◉ Working esc esc edit prompt`), the model's name far right. Prose says `esc esc to …`.
    {
      id: 'copilot.working.status',
      state: 'working',
      pattern:
        /^\s*[●◉◎○◐◑◒◓]\s+[A-Z][a-z]+(?:…|\.{3})?(?:\s+·\s+[^·]{1,24}?)?\s+esc esc (?!to\b)[a-z]+(?: [a-z]+)?(?:\s{2,}\S.*)?$/,
    },
    // Other status lines with the stop key after the verb (`◐ Running… (12s) esc to cancel`).
    { id: 'copilot.working.hint', state: 'working', pattern: SPINNER_HINT },
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
    // The mode line under the input box (`Interactive · Manual Approval · / commands · ? help`; narrow
    // panes drop the later hints).
    { id: 'copilot.idle.footer', state: 'idle', pattern: /·\s\/ commands\b/ },
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
