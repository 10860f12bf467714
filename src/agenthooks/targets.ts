/**
 * What `tmo hooks install` puts where, per agent: the settings file and, for each hook event, the group
 * that runs `tmo hook <event> --agent <agent>` (absolute node and tmo paths, so it works from any cwd).
 */
import { join } from 'node:path';
import { needHome } from '../config/paths.js';

export const HOOK_AGENTS = ['claude', 'codex', 'gemini'] as const;
export type HookAgent = (typeof HOOK_AGENTS)[number];

/** One hook group in a JSON settings file: `{ matcher?, hooks: [{ type: 'command', command, timeout }] }`. */
export interface HookGroup {
  event: string;
  matcher?: string;
  value: Record<string, unknown>;
}

export type Target =
  | { agent: HookAgent; kind: 'json'; path: string; groups: HookGroup[] }
  | { agent: 'codex'; kind: 'toml'; path: string; line: string };

export interface TargetOptions {
  env: NodeJS.ProcessEnv;
  /** Install into `<DIR>/.claude/…` (etc.) instead of the user's home. */
  project?: string;
  /** The node binary and bin/tmo.js the hooks run (absolute). */
  node: string;
  tmo: string;
}

/** Claude Code: every event that tells a state; Notification once per matcher that does. */
const CLAUDE_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'PostToolUseFailure',
  'Stop',
  'StopFailure',
  'SessionEnd',
];
const CLAUDE_NOTIFICATIONS = ['permission_prompt', 'idle_prompt', 'elicitation_dialog'];
/** Codex's hooks.json (Claude Code's format and names). */
const CODEX_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'Stop',
];
/** Gemini CLI's settings.json hooks. */
const GEMINI_EVENTS = [
  'SessionStart',
  'BeforeAgent',
  'BeforeTool',
  'AfterTool',
  'AfterAgent',
  'Notification',
  'SessionEnd',
];

/** POSIX shell quoting: the hook command runs through `sh -c`. */
export const shellQuote = (s: string): string =>
  /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;

export function hookCommand(o: Pick<TargetOptions, 'node' | 'tmo'>, event: string, agent: HookAgent): string {
  return `${shellQuote(o.node)} ${shellQuote(o.tmo)} hook ${event} --agent ${agent}`;
}

/** A command `tmo hooks install` wrote (whatever paths it holds). */
export const isOurCommand = (command: unknown): boolean =>
  typeof command === 'string' &&
  /tmo/.test(command) &&
  /\shook\s+[A-Za-z_-]+\s+--agent\s+(?:claude|codex|gemini)\b/.test(command);

function group(o: TargetOptions, agent: HookAgent, event: string, matcher?: string): HookGroup {
  const hook: Record<string, unknown> =
    agent === 'gemini'
      ? { name: 'tmo', type: 'command', command: hookCommand(o, event, agent), timeout: 5000 }
      : agent === 'claude'
        ? // async: Claude Code (2.1.x) runs it in the background, never waiting on it
          { type: 'command', command: hookCommand(o, event, agent), timeout: 10, async: true }
        : { type: 'command', command: hookCommand(o, event, agent), timeout: 10 };
  const value: Record<string, unknown> = matcher ? { matcher, hooks: [hook] } : { hooks: [hook] };
  return matcher ? { event, matcher, value } : { event, value };
}

export function targetsFor(agent: HookAgent, o: TargetOptions): Target[] {
  // the agents' own config under home: without one, an error (never a path relative to here)
  const home = (): string => needHome(o.env);
  if (agent === 'claude') {
    const dir = o.project
      ? join(o.project, '.claude')
      : o.env['CLAUDE_CONFIG_DIR'] || join(home(), '.claude');
    const groups = CLAUDE_EVENTS.flatMap((e) =>
      e === 'Stop'
        ? [group(o, agent, e), ...CLAUDE_NOTIFICATIONS.map((m) => group(o, agent, 'Notification', m))]
        : [group(o, agent, e)],
    );
    return [{ agent, kind: 'json', path: join(dir, 'settings.json'), groups }];
  }
  if (agent === 'codex') {
    const dir = o.project ? join(o.project, '.codex') : o.env['CODEX_HOME'] || join(home(), '.codex');
    const notify = [o.node, o.tmo, 'hook', 'notify', '--agent', 'codex'].map((s) => JSON.stringify(s));
    return [
      {
        agent,
        kind: 'json',
        path: join(dir, 'hooks.json'),
        groups: CODEX_EVENTS.map((e) => group(o, agent, e)),
      },
      {
        agent,
        kind: 'toml',
        path: join(dir, 'config.toml'),
        line: `notify = [${notify.join(', ')}] # tmo hooks (tmo hooks uninstall codex removes this line)`,
      },
    ];
  }
  const dir = o.project ? join(o.project, '.gemini') : join(home(), '.gemini');
  return [
    {
      agent,
      kind: 'json',
      path: join(dir, 'settings.json'),
      groups: GEMINI_EVENTS.map((e) => group(o, agent, e)),
    },
  ];
}
