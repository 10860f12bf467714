/**
 * The user's config file: `$XDG_CONFIG_HOME/tmux-orchestrator/config.json` (README "Configuration").
 * Missing file = defaults; an invalid one is a ConfigError naming the file and each bad key path.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUILTIN_TABLES, genericTable } from '../agents/rules/index.js';
import type { AgentTable, ScreenRule } from '../agents/rules/types.js';
import type { AgentKind, AgentState, WaitReason } from '../model/types.js';
import { configDir } from './paths.js';
import { readRegularFile } from './read-file.js';
import { validateConfig } from './validate.js';

export interface UserRule {
  id: string;
  state: AgentState;
  reason?: WaitReason;
  pattern: string;
  flags?: string;
  on?: 'screen' | 'title';
  within?: number;
  barrier?: boolean | 'waiting';
  chrome?: boolean;
}

export interface KindConfig {
  commands?: string[];
  titlePatterns?: string[];
  /** Lines that show a new turn started (an error or working line above one is stale). */
  turnPatterns?: string[];
  /** What the agent leaves on screen when it exits to its shell. */
  exitPatterns?: string[];
  /** Dialog question families: `{ reason, pattern, flags? }`, tried before the built-in ones. */
  reasons?: { reason: WaitReason; pattern: string; flags?: string }[];
  rules?: UserRule[];
  /** true: the user's rules replace the built-in ones instead of coming before them. */
  replaceRules?: boolean;
}

export interface Config {
  agents?: {
    idleDebounceMs?: number;
    kinds?: Record<string, KindConfig>;
    generic?: { name: string; commands: string[] }[];
  };
  keys?: Record<string, string | string[]>;
  notifications?: { bell?: boolean; desktop?: boolean };
  send?: { maxBytes?: number; confirmTimeoutMs?: number };
}

export class ConfigError extends Error {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}

export const configFile = (env: NodeJS.ProcessEnv = process.env): string =>
  join(configDir(env), 'config.json');

/** Parse and validate config text (exported for tests and `tmo doctor`). */
export function parseConfig(text: string, file = 'config.json'): Config {
  let raw: unknown;
  try {
    // a byte-order mark (Notepad writes one) is no JSON error: the message would point at nothing visible
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new ConfigError(file, [`(top level): invalid JSON (${(error as Error).message})`]);
  }
  const problems = validateConfig(raw);
  if (problems.length) throw new ConfigError(file, problems);
  return raw as Config;
}

/** Sync; missing file = {}; invalid = ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const file = configFile(env);
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (error) {
    // ENOTDIR: a file where a directory of the path should be (HOME=/dev/null): no config can be there.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      throw new ConfigError(file, [`(file): cannot read (${(error as Error).message})`]);
    // Another format in its place would be ignored without a word: say so instead.
    const other = siblingConfigs(dirname(file));
    if (other.length)
      throw new ConfigError(join(dirname(file), other[0]!), [
        '(file): only config.json is read; write these settings as JSON in config.json',
      ]);
    return {};
  }
  return parseConfig(text, file);
}

function siblingConfigs(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => /^config\.(?!json$)[^.]+$/.test(name));
  } catch {
    return []; // no config dir at all
  }
}

function compileRule(rule: UserRule): ScreenRule {
  const out: ScreenRule = {
    id: rule.id,
    state: rule.state,
    pattern: new RegExp(rule.pattern, rule.flags ?? ''),
  };
  if (rule.reason) out.reason = rule.reason;
  if (rule.on) out.on = rule.on;
  if (rule.within !== undefined) out.within = rule.within;
  if (rule.barrier !== undefined) out.barrier = rule.barrier;
  if (rule.chrome !== undefined) out.chrome = rule.chrome;
  return out;
}

/** builtins merged with user rules (user rules first), then one table per `agents.generic` entry */
export function tablesFromConfig(config: Config): AgentTable[] {
  const kinds = config.agents?.kinds ?? {};
  const tables = BUILTIN_TABLES.map((table): AgentTable => {
    const user = kinds[table.kind as AgentKind];
    if (!user) return table;
    const rules = (user.rules ?? []).map(compileRule);
    return {
      ...table,
      commands: [...(user.commands ?? []), ...table.commands],
      titlePatterns: [
        ...(user.titlePatterns ?? []).map((s) => new RegExp(s)),
        ...(table.titlePatterns ?? []),
      ],
      rules: user.replaceRules ? rules : [...rules, ...table.rules],
      turnPatterns: [...(user.turnPatterns ?? []).map((x) => new RegExp(x)), ...(table.turnPatterns ?? [])],
      exitPatterns: [...(user.exitPatterns ?? []).map((x) => new RegExp(x)), ...(table.exitPatterns ?? [])],
      reasons: [
        ...(user.reasons ?? []).map((r) => ({
          reason: r.reason,
          pattern: new RegExp(r.pattern, r.flags ?? ''),
        })),
        ...(table.reasons ?? []),
      ],
    };
  });
  for (const g of config.agents?.generic ?? []) tables.push(genericTable(g.name, g.commands));
  return tables;
}
