import type { AgentTable, ScreenRule } from './types.js';

/** OpenCode (sst/opencode). */
export const opencode: AgentTable = {
  kind: 'opencode',
  label: 'OpenCode',
  commands: ['opencode'],
  processPatterns: [/\/opencode(?:-[\w-]+)?(?:\s|$)/],
  titlePatterns: [/^opencode\b/i],
  screenPatterns: [/△ Permission required/, /\bopencode v?\d+\.\d+/],
  rules: [
    {
      id: 'opencode.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern: /△ Permission required/,
    },
    { id: 'opencode.working.interrupt', state: 'working', pattern: /esc interrupt/ },
    { id: 'opencode.idle.prompt', state: 'idle', pattern: /Ask anything/, barrier: 'waiting' },
  ],
};

/** GitHub Copilot CLI. */
export const copilot: AgentTable = {
  kind: 'copilot',
  label: 'Copilot CLI',
  commands: ['copilot'],
  processPatterns: [/@github\/copilot\//],
  titlePatterns: [],
  rules: [
    { id: 'copilot.waiting.permission', state: 'waiting', reason: 'permission', pattern: /│ Do you want/ },
    { id: 'copilot.working.cancel', state: 'working', pattern: /Esc to cancel/ },
  ],
};

/** Cursor agent CLI. */
export const cursor: AgentTable = {
  kind: 'cursor',
  label: 'Cursor agent',
  commands: ['cursor-agent'],
  titlePatterns: [],
  rules: [
    {
      id: 'cursor.waiting.permission',
      state: 'waiting',
      reason: 'permission',
      pattern: /\(y\) \(enter\)|skip \(esc or n\)/,
    },
    { id: 'cursor.working.stop', state: 'working', pattern: /ctrl\+c to stop/ },
  ],
};

/** Rules for `agents.generic` commands from the config file: the signals most CLIs share. */
export const GENERIC_RULES: ScreenRule[] = [
  {
    id: 'generic.waiting.permission',
    state: 'waiting',
    reason: 'permission',
    pattern: /Do you want to proceed\?|Allow (?:command|execution)\b/,
  },
  {
    id: 'generic.waiting.confirm',
    state: 'waiting',
    reason: 'confirm',
    pattern: /[[(]y\/n[\])]\s*:?\s*$/i,
    within: 2,
  },
  {
    id: 'generic.working.interrupt',
    state: 'working',
    pattern: /(?:esc|ctrl\+c) to (?:interrupt|cancel|stop)/i,
  },
];

export function genericTable(label: string, commands: string[]): AgentTable {
  return { kind: 'generic', label, commands, rules: GENERIC_RULES };
}
