import { remembered } from './memo.js';
import type { AgentStatus, WindowInfo, WindowType } from './types.js';

/**
 * Window type: by the panes' processes first, by WHOLE WORDS of the window name second — never by
 * substring ("devops" is not a dev server, "npm-watch" is not a project manager).
 */
const AGENT_COMMANDS = new Set([
  'claude',
  'codex',
  'gemini',
  'aider',
  'opencode',
  'copilot',
  'cursor-agent',
  'goose',
  'amp',
]);
/** Native Claude Code installs report their version as the pane command, e.g. `2.1.34`. */
const VERSION_COMMAND = /^\d+\.\d+\.\d+$/;
const DEV_SERVER_COMMANDS = new Set([
  'node',
  'npm',
  'npx',
  'pnpm',
  'yarn',
  'bun',
  'deno',
  'vite',
  'next',
  'nodemon',
  'webpack',
  'rails',
  'puma',
  'uvicorn',
  'gunicorn',
  'flask',
  'hugo',
  'jekyll',
  'caddy',
  'nginx',
  'php',
  'cargo-watch',
  'air',
]);
const SHELL_COMMANDS = new Set([
  'bash',
  'zsh',
  'fish',
  'sh',
  'dash',
  'ksh',
  'tcsh',
  'csh',
  'nu',
  'elvish',
  'xonsh',
  'pwsh',
  '-bash',
  '-zsh',
  '-sh',
]);

const PM_WORDS = [['pm'], ['manager'], ['project', 'manager'], ['orchestrator'], ['lead']];
const DEV_WORDS = [
  ['dev', 'server'],
  ['devserver'],
  ['server'],
  ['serve'],
  ['dev'],
  ['frontend'],
  ['backend'],
  ['api'],
  ['web'],
  ['watch'],
];
const SHELL_WORDS = [
  ['shell'],
  ['sh'],
  ['bash'],
  ['zsh'],
  ['fish'],
  ['terminal'],
  ['term'],
  ['console'],
  ['cli'],
];
const AGENT_WORDS = [
  ['claude'],
  ['codex'],
  ['gemini'],
  ['aider'],
  ['agent'],
  ['opencode'],
  ['engineer'],
  ['ai'],
];

const NON_WORD = /[^\p{L}\p{N}]+/u;
/** The same split where every character is ASCII (letters and digits are then [a-z0-9] once lower-cased):
 * the Unicode classes cost a `status` ≈ 1–2 ms to set up, and most window names never need them. */
const NON_WORD_ASCII = /[^a-z0-9]+/;
const ASCII = /^[\x00-\x7f]*$/;

/** Lower-case alphanumeric words: "Dev-Server 2" → ["dev", "server", "2"]. */
export function nameWords(name: string): string[] {
  const lower = name.toLowerCase();
  return lower.split(ASCII.test(lower) ? NON_WORD_ASCII : NON_WORD).filter(Boolean);
}

function hasPhrase(words: string[], phrases: string[][]): boolean {
  return phrases.some((phrase) => words.some((_, i) => phrase.every((p, j) => words[i + j] === p)));
}

/** A first, cheap agent check by process name (full detection lives in src/agents/). */
export function isAgentCommand(command: string): boolean {
  const c = command.toLowerCase();
  return AGENT_COMMANDS.has(c) || VERSION_COMMAND.test(c);
}

export interface WindowTypeInput {
  window: WindowInfo;
  /** Agent status per pane id when full detection ran; otherwise the process-name check is used. */
  agents?: Record<string, AgentStatus>;
}

/**
 * Types already worked out, by what decides them (an agent in it, the name, the commands): the dashboard's
 * tree asks again for every window and pane at each update (1,000 panes: ≈ 10 ms of splitting names).
 */
const known = new Map<string, WindowType>();
const KNOWN_MAX = 4096;

export function windowType({ window, agents }: WindowTypeInput): WindowType {
  const hasAgent = agents
    ? window.panes.some((p) => agents[p.id] !== undefined)
    : window.panes.some((p) => isAgentCommand(p.command));
  let key = `${hasAgent ? 1 : 0}\0${window.name}`;
  for (const p of window.panes) key += `\0${p.command}`;
  return remembered(known, key, KNOWN_MAX, () => typeOf(hasAgent, window));
}

function typeOf(hasAgent: boolean, window: WindowInfo): WindowType {
  const words = nameWords(window.name);
  const commands = window.panes.map((p) => p.command.toLowerCase());
  if (hasAgent) return hasPhrase(words, PM_WORDS) ? 'project-manager' : 'agent';
  if (commands.some((c) => DEV_SERVER_COMMANDS.has(c))) return 'dev-server';
  // The processes say "a shell" (or nothing known): the name decides what the window is for.
  if (hasPhrase(words, PM_WORDS)) return 'project-manager';
  if (hasPhrase(words, DEV_WORDS)) return 'dev-server';
  if (hasPhrase(words, AGENT_WORDS)) return 'agent';
  if (commands.some((c) => SHELL_COMMANDS.has(c)) || hasPhrase(words, SHELL_WORDS)) return 'shell';
  return 'unknown';
}
