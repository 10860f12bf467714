import type { CommandModule } from './context.js';

export interface CommandEntry {
  name: string;
  aliases?: string[];
  usage: string;
  summary: string;
  /** Lazy: one-shot commands load only their own module (no React/Ink for `status`). */
  load: () => Promise<CommandModule>;
}

/** Every command but the dashboard (which src/cli.tsx renders itself). One line each; keep sorted by use. */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'status',
    usage: 'status [detailed] [--json]',
    summary: 'sessions, windows and agents with their state',
    load: async () => (await import('./status.js')).command,
  },
  {
    name: 'doctor',
    usage: 'doctor [--json]',
    summary: 'tmux path and version, server socket, Node version: what works here',
    load: async () => (await import('./doctor.js')).command,
  },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}
