import type { CommandModule } from './context.js';

export interface CommandEntry {
  name: string;
  aliases?: string[];
  usage: string;
  summary: string;
  /** More lines for `tmo <command> --help` (e.g. each option), after the usage and summary. */
  details?: string[];
  /** What each option of the command's parser table does: `tmo <command> --help` lists every one. */
  optionHelp?: Record<string, string>;
  /** Lazy: one-shot commands load only their own module (no React/Ink for `status`). */
  load: () => Promise<CommandModule>;
}

/** Every command but the dashboard (which src/cli.tsx renders itself). One line each; keep sorted by use. */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'status',
    usage: 'status [detailed] [--json]',
    summary: 'sessions, windows and agents with their state',
    optionHelp: { json: 'machine-readable output (README "JSON formats")' },
    load: async () => (await import('./status.js')).command,
  },
  {
    name: 'summary',
    usage: 'summary [--json] [--save [FILE]]',
    summary: 'per agent: last request, recent activity, recent errors',
    optionHelp: {
      json: 'machine-readable output (README "JSON formats")',
      save: 'also write the report to FILE (the next argument) or a file under the state dir',
    },
    load: async () => (await import('./summary.js')).command,
  },
  {
    name: 'health',
    usage: 'health [--json]',
    summary: 'healthy when the server runs and no agent is in error (exit 0/1/3)',
    optionHelp: { json: 'machine-readable output (README "JSON formats")' },
    load: async () => (await import('./health.js')).command,
  },
  {
    name: 'send',
    usage: 'send <target> [--] <text…|->',
    summary: 'send a message safely and confirm it (--force --no-enter --timeout MS --json)',
    optionHelp: {
      force: 'send even into a dialog or to an exited agent',
      'no-enter': 'paste the text without pressing Enter',
      json: 'the outcome as JSON',
      timeout: 'how long to wait for the confirmation, in ms',
    },
    load: async () => (await import('./send.js')).command,
  },
  {
    name: 'answer',
    usage: 'answer <target> <choice>',
    summary: "answer an agent's dialog: 1-9, yes, no, Enter, Escape, Up, Down, Tab (--force)",
    optionHelp: {
      force: 'answer even when no dialog is open',
      json: 'the outcome as JSON',
      timeout: 'how long to wait for the confirmation, in ms',
    },
    load: async () => (await import('./answer.js')).command,
  },
  {
    name: 'activity',
    usage: 'activity <target> [-n N] [--json]',
    summary: 'the last N lines (default 20) of a pane',
    optionHelp: { lines: 'how many lines (default 20)', json: 'the lines as JSON' },
    load: async () => (await import('./activity.js')).command,
  },
  {
    name: 'explain',
    usage: 'explain <target> [--json]',
    summary: "an agent pane's kind and state, and the rule and screen line that decided them",
    optionHelp: { json: 'the verdict as JSON' },
    load: async () => (await import('./explain.js')).command,
  },
  {
    name: 'hooks',
    usage: 'hooks install|status|uninstall [claude|codex|gemini|all] [--project DIR] [--dry-run] [--json]',
    summary: "install the agents' own hooks so tmo hears of prompts, tools, dialogs and turn ends at once",
    details: [
      'install     add hooks running `tmo hook <event>` to ~/.claude/settings.json, ~/.codex/hooks.json (+ notify',
      '            in ~/.codex/config.toml), ~/.gemini/settings.json; idempotent, a backup <file>.tmo-backup-<time>',
      'status      which hooks are in place, and the hook log of this server',
      'uninstall   remove exactly what install added (your settings stay byte for byte)',
    ],
    optionHelp: {
      project: 'the project files under DIR instead (<DIR>/.claude/settings.json, …)',
      'dry-run': 'say what would change, write nothing',
      json: 'machine-readable output (status)',
    },
    load: async () => (await import('./hooks.js')).command,
  },
  {
    name: 'events',
    usage:
      'events [--json] [--filter TYPE…] [--session NAME…] [--count N] [--all-output] [--connect URL… [--token-file F…]]',
    summary: 'the live event stream (sessions, windows, pane output, agent states), one per line',
    optionHelp: {
      json: 'one JSON object per line',
      filter: 'only events of this type (prefix, e.g. agent.); repeatable',
      session: 'only events of this session; repeatable',
      count: 'exit after N events',
      'all-output': "stream output of every pane, not only agents' panes",
      connect: 'a remote `tmo serve` URL instead of the local server; repeatable',
      'token-file': 'the token for the --connect of the same position; repeatable',
    },
    load: async () => (await import('./events.js')).command,
  },
  {
    name: 'start',
    usage: 'start <dir> [--name S] [--agent A]',
    summary: 'new session (agent, Shell, Dev-Server windows); waits for the agent, briefs it',
    optionHelp: {
      name: "the session name (default: the directory's name)",
      agent: 'the agent to run: claude, codex, gemini… or a command (default claude)',
      brief: 'the briefing file to send once the agent is ready',
      'no-brief': 'start the agent without a briefing',
      timeout: 'how long to wait for the agent to be ready, in seconds (default 60)',
      json: 'the result as JSON',
    },
    load: async () => (await import('./start.js')).command,
  },
  {
    name: 'deploy',
    usage: 'deploy <session> [--role pm]',
    summary: 'add a project-manager agent window to a session and brief it',
    optionHelp: {
      role: 'pm (default) or engineer: the briefing the new agent gets',
      agent: 'the agent to run: claude, codex, gemini… or a command (default claude)',
      brief: 'the briefing file to send once the agent is ready',
      'no-brief': 'start the agent without a briefing',
      timeout: 'how long to wait for the agent to be ready, in seconds (default 60)',
      json: 'the result as JSON',
    },
    load: async () => (await import('./deploy.js')).command,
  },
  {
    name: 'stop',
    usage: 'stop <session>',
    summary: 'kill a session and check that it is gone',
    optionHelp: { json: 'the result as JSON' },
    load: async () => (await import('./stop.js')).command,
  },
  {
    name: 'schedule',
    usage: 'schedule <min>|list|cancel ID',
    summary: 'check-ins typed into a pane later; kept across terminal closes',
    optionHelp: {
      note: 'the text typed into the pane when due',
      target: 'the pane to type into (or give it after the note)',
      force: 'deliver even when the agent is busy or waits on a dialog',
      json: 'the result as JSON',
    },
    load: async () => (await import('./schedule.js')).command,
  },
  {
    name: 'serve',
    usage:
      'serve [--host H] [--port N] [--tls-cert F --tls-key F] [--insecure] [--allow-origin O…] [--max-clients N]',
    summary: 'WebSocket event server (token auth, resume, send) for remote dashboards',
    details: ['tokens: tmo token create --name N (clients: --token-file F or $TMO_TOKEN)'],
    optionHelp: {
      host: 'address to bind (default 127.0.0.1); a non-loopback one needs TLS or --insecure',
      port: 'port (default 8765); 0 picks a free one (printed on stderr)',
      'tls-cert': 'serve wss:// with this PEM certificate (with --tls-key)',
      'tls-key': 'the PEM key of --tls-cert',
      insecure: 'allow a non-loopback bind without TLS (warns: tokens travel in clear)',
      'allow-origin': 'an extra browser Origin allowed (repeatable; own loopback origins always are)',
      'max-clients': 'connection cap (default 128); more are closed with 1013 (try later)',
    },
    load: async () => (await import('./serve.js')).command,
  },
  {
    name: 'token',
    usage: 'token create [--name N] [--read-only] | list | revoke <name|id>',
    summary: 'access tokens for tmo serve (secret shown once, stored hashed, 0600)',
    optionHelp: {
      name: "the token's name",
      'read-only': 'a token that can watch but not send',
      json: 'the result as JSON',
    },
    load: async () => (await import('./token.js')).command,
  },
  {
    name: 'doctor',
    usage: 'doctor [--json]',
    summary: 'tmux path and version, server socket, Node version: what works here',
    optionHelp: { json: 'the checks as JSON' },
    load: async () => (await import('./doctor.js')).command,
  },
  {
    name: 'demo',
    usage: 'demo [--no-dash]',
    summary: 'simulated agents on a private tmux server, with the dashboard on them; all removed on exit',
    optionHelp: { 'no-dash': 'print the server name and keep it until Ctrl-C, without the dashboard' },
    load: async () => (await import('./demo.js')).command,
  },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}
