import type { PaletteCommand } from './types.js';

/**
 * Built-in `:` commands. Other modules (start/deploy/stop/schedule) add theirs with
 * `store.getState().registerCommand({ name, summary, run })`.
 */
export const BUILTIN_COMMANDS: PaletteCommand[] = [
  {
    name: 'help',
    summary: 'list the commands',
    run: (_args, api) =>
      api
        .getState()
        .commands.map((c) => `:${c.name}`)
        .join('  '),
  },
  {
    name: 'sort',
    summary: 'toggle: agents waiting on you first',
    run: (_args, api) => {
      api.getState().toggleSort();
      return api.getState().sortWaiting ? 'waiting agents first' : 'tree order';
    },
  },
  {
    name: 'filter',
    summary: 'filter the agents: :filter TEXT (no text clears)',
    run: (args, api) => {
      const s = api.getState();
      s.setPanel('agents');
      s.applyFilter(args.join(' '));
      return args.length ? `filter: ${args.join(' ')}` : 'filter cleared';
    },
  },
];
