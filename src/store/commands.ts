import type { PaneInfo, WorldState } from '../model/types.js';
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

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What dies with these panes: `5 panes, 2 agents (1 waiting, 1 working)`. */
function paneCasualties(world: WorldState, panes: PaneInfo[]): string {
  const agents = panes.map((p) => world.agents[p.id]).filter((a) => a !== undefined);
  const waiting = agents.filter((a) => a.state === 'waiting').length;
  const working = agents.filter((a) => a.state === 'working').length;
  const busy = [waiting ? `${waiting} waiting` : '', working ? `${working} working` : '']
    .filter(Boolean)
    .join(', ');
  return `${plural(panes.length, 'pane')}, ${plural(agents.length, 'agent')}${busy ? ` (${busy})` : ''}`;
}

/** What dies with a session (by name or `$id`): `3 windows, 5 panes, 2 agents (1 waiting)`. */
export function sessionCasualties(world: WorldState, session: string): string | undefined {
  const s = world.snapshot.sessions.find((x) => x.id === session || x.name === session);
  if (!s) return undefined;
  return `${plural(s.windows.length, 'window')}, ${paneCasualties(
    world,
    s.windows.flatMap((w) => w.panes),
  )}`;
}

/**
 * The y/N question for `:kill @N` / `:kill %N`, naming the window or pane and what dies with it; undefined
 * when no such window or pane is shown (the command then says so).
 */
export function killQuestion(world: WorldState, target: string): string | undefined {
  for (const s of world.snapshot.sessions)
    for (const w of s.windows) {
      const name = w.name ? ` (${w.name})` : '';
      if (w.id === target)
        return `kill window ${s.name}:${w.index}${name}? It kills ${paneCasualties(world, w.panes)}.`;
      const p = w.panes.find((x) => x.id === target);
      if (!p) continue;
      const alone = w.panes.length === 1 ? ', the last of its window' : '';
      return `kill pane ${s.name}:${w.index}.${p.index} (${p.id}, ${p.command || 'no command'}${alone})? It kills ${paneCasualties(world, [p])}.`;
    }
  return undefined;
}

/**
 * The y/N question for a palette command that destroys something, or undefined when it needs none (or
 * names nothing that exists: the command itself then says so).
 */
export function confirmationFor(name: string, args: string[], world: WorldState): string | undefined {
  const target = args[0];
  if (!target) return undefined;
  if (name === 'kill') return killQuestion(world, target);
  if (name !== 'stop') return undefined;
  const dies = sessionCasualties(world, target);
  const shown = world.snapshot.sessions.find((x) => x.id === target)?.name ?? target;
  return dies ? `stop session ${shown}? It kills ${dies}.` : undefined;
}

/** Palette commands whose first argument is a session name (Tab completes it). */
const SESSION_ARG = new Set(['stop', 'deploy']);

const commonPrefix = (words: string[]): string =>
  words.reduce((p, w) => {
    let i = 0;
    while (i < p.length && i < w.length && p[i] === w[i]) i++;
    return p.slice(0, i);
  }, words[0] ?? '');

/**
 * Tab in the palette: the command name, or (after a command that takes one) a session name, completed to
 * the longest common prefix of the candidates; a single candidate gets its trailing space.
 */
export function completeLine(
  input: string,
  commands: string[],
  sessions: string[],
): { line: string; candidates: string[] } {
  const words = input.split(' ');
  const last = words.at(-1) ?? '';
  const pool =
    words.length === 1 ? commands : SESSION_ARG.has(words[0] ?? '') && words.length === 2 ? sessions : [];
  const candidates = pool.filter((c) => c.startsWith(last)).sort();
  if (candidates.length === 0) return { line: input, candidates };
  const done = candidates.length === 1 ? `${candidates[0]} ` : commonPrefix(candidates);
  return { line: [...words.slice(0, -1), done.length >= last.length ? done : last].join(' '), candidates };
}
