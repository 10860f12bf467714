/**
 * Membership: is this pane an agent, and which kind? Process first (`pane_current_command`, then the
 * process tree under `pane_pid`), then the pane title, then the screen. A plain `node` is not an agent.
 */

import { remembered } from '../model/memo.js';
import type { AgentKind, PaneInfo } from '../model/types.js';
import { type ProcInfo, processTree } from './proc.js';
import type { AgentTable } from './rules/types.js';

/** How many non-blank lines from the bottom an exit hint names the agent in (as `strongLeftovers` reads). */
export const EXIT_LINES = 15;

export type DetectVia = 'command' | 'process' | 'title' | 'screen';
export interface Detection {
  kind: AgentKind;
  via: DetectVia;
  /** The table that matched (its label names generic agents). */
  table?: AgentTable;
  /** What matched: the command, the process argv, the title or the screen line. */
  evidence?: string;
}

const SHELLS = new Set(['bash', 'zsh', 'sh', 'fish', 'dash', 'ksh', 'tcsh', 'csh', 'nu', 'elvish', 'xonsh']);
const INTERPRETER = /^(?:node|nodejs|bun|deno|python\d*(?:\.\d+)?|ruby|uv|npx|pnpx|bunx)$/;

export const isShell = (command: string): boolean => SHELLS.has(command.replace(/^-/, ''));
/** A native Claude Code install shows its version as the pane command, e.g. `2.1.34`. */
export const isVersionCommand = (command: string): boolean => /^\d+\.\d+\.\d+/.test(command);

export const base = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** The names a process goes by: its comm, argv[0]'s basename and, for interpreters, the script's basename. */
function namesOf(p: ProcInfo): string[] {
  const names = [p.comm, base(p.args[0] ?? '')];
  if (INTERPRETER.test(names[1]!) || INTERPRETER.test(p.comm)) {
    const script = p.args.slice(1).find((a) => !a.startsWith('-'));
    if (script) names.push(base(script));
  }
  return names;
}

function byName(name: string, tables: AgentTable[]): AgentTable | undefined {
  if (!name) return undefined;
  return tables.find((t) => t.commands.includes(name));
}

/**
 * Per table set, what each distinct program line (comm and argv) was found to be: a listing asks it of
 * every process of every pane's tree, and most panes run the same few programs (a shell, an editor).
 * Emptied when it grows past MEMO_MAX (a long-running dashboard sees ever new command lines).
 */
const memo = new WeakMap<AgentTable[], Map<string, AgentTable | undefined>>();
const MEMO_MAX = 4096;

function byProcess(p: ProcInfo, tables: AgentTable[]): AgentTable | undefined {
  let known = memo.get(tables);
  if (!known) {
    known = new Map();
    memo.set(tables, known);
  }
  const key = p.args.length === 0 ? p.comm : `${p.comm}\0${p.args.join('\0')}`;
  return remembered(known, key, MEMO_MAX, () => matchProcess(p, tables));
}

function matchProcess(p: ProcInfo, tables: AgentTable[]): AgentTable | undefined {
  for (const name of namesOf(p)) {
    const t = byName(name, tables);
    if (t) return t;
  }
  const interp = INTERPRETER.test(base(p.args[0] ?? '')) || INTERPRETER.test(p.comm);
  const text = interp ? p.args.join(' ') : (p.args[0] ?? '');
  return tables.find((t) => t.processPatterns?.some((re) => re.test(text)));
}

const blankMatch = new WeakMap<AgentTable, boolean>();
/** Whether one of the table's screen or exit patterns matches an empty line (none of the built-in ones does). */
function matchesBlank(t: AgentTable): boolean {
  let v = blankMatch.get(t);
  if (v === undefined) {
    v = [...(t.screenPatterns ?? []), ...(t.exitPatterns ?? [])].some((re) => re.test(''));
    blankMatch.set(t, v);
  }
  return v;
}

/**
 * Programs under which an agent can run that the pane's process tree cannot show: an interpreter running
 * a script we do not know by name (an agent's own wrapper), a client of another machine or container
 * (`ssh host claude`, `docker exec … codex`), a nested multiplexer drawing another pane's title.
 */
const HOSTS = new Set([
  'ssh',
  'autossh',
  'mosh',
  'mosh-client',
  'et',
  'telnet',
  'docker',
  'podman',
  'nerdctl',
  'kubectl',
  'oc',
  'lxc',
  'incus',
  'distrobox',
  'toolbox',
  'vagrant',
  'multipass',
  'machinectl',
  'systemd-nspawn',
  'nsenter',
  'tmux',
  'screen',
  'zellij',
  'abduco',
  'dtach',
]);

/** Whether a process could be, or could hide, an agent (see HOSTS; a native Claude install names its version). */
function canHostAgent(p: ProcInfo): boolean {
  return [p.comm, base(p.args[0] ?? '')].some(
    (n) => INTERPRETER.test(n) || HOSTS.has(n) || isVersionCommand(n),
  );
}

/**
 * Why an agent's title or screen in this pane is only what it left behind, or undefined when it may be the
 * agent itself. An agent is a program: a title or a screen names one only while something in the pane
 * can be it. A shell in front (`exited.shell-in-front`), or a process tree read whole that holds no
 * program able to run or reach one (`exited.no-agent-process`: a shell loop printing under the title the
 * agent left, `make`, `less` on a transcript) means the agent is gone. Detection by command or process is
 * the agent itself; without the pane's tree nothing more can be told.
 */
export function leftoverRule(
  pane: PaneInfo,
  detection: Detection,
  procs: Map<number, ProcInfo> | undefined,
): 'exited.shell-in-front' | 'exited.no-agent-process' | undefined {
  if (detection.via !== 'title' && detection.via !== 'screen') return undefined;
  if (isShell(pane.command)) return 'exited.shell-in-front';
  if (pane.pid <= 0 || !procs?.has(pane.pid)) return undefined;
  return processTree(procs, pane.pid).some(canHostAgent) ? undefined : 'exited.no-agent-process';
}

/**
 * Whether a pane's screen can tell anything about agents — what a listing captures. A shell in front may
 * show an agent's strong leftovers; an agent's command, or anything in its process tree that is or can
 * hide an agent, needs its screen read; a tree read whole with none of that is no agent whatever its title
 * or screen says (`leftoverRule`), so its screen is not needed. Without the tree: needed.
 */
export function screenMatters(
  pane: PaneInfo,
  procs: Map<number, ProcInfo> | undefined,
  tables: AgentTable[],
): boolean {
  if (isShell(pane.command) || isVersionCommand(pane.command) || byName(base(pane.command), tables))
    return true;
  if (pane.pid <= 0 || !procs?.has(pane.pid)) return true;
  return processTree(procs, pane.pid).some((p) => canHostAgent(p) || byProcess(p, tables) !== undefined);
}

export function detectKind(
  pane: PaneInfo,
  procs: Map<number, ProcInfo> | undefined,
  tables: AgentTable[],
  screen?: string,
): Detection | null {
  const command = byName(base(pane.command), tables);
  if (command) return { kind: command.kind, via: 'command', table: command, evidence: pane.command };
  if (procs && pane.pid > 0) {
    for (const p of processTree(procs, pane.pid)) {
      const t = byProcess(p, tables);
      if (t) return { kind: t.kind, via: 'process', table: t, evidence: p.args.join(' ') || p.comm };
    }
  }
  if (pane.title) {
    const t = tables.find((x) => x.titlePatterns?.some((re) => re.test(pane.title)));
    if (t) return { kind: t.kind, via: 'title', table: t, evidence: pane.title };
  }
  if (screen) {
    const lines = screen.split('\n');
    // With a shell in front, what an agent prints as it exits (`claude --resume <id>`, OpenCode's
    // `Continue  opencode -s ses_…`) names it too, in the last lines where it counts as a strong leftover
    // (`exited.ts`). The lowest evidence wins: of two agents run one after the other in one shell, the last.
    let exitFrom = lines.length;
    if (isShell(pane.command))
      for (let seen = 0; exitFrom > 0 && seen < EXIT_LINES; ) if (lines[--exitFrom]!.trim() !== '') seen++;
    // Most rows of most screens are blank (capture-pane prints every row): no need to try them.
    const blank = tables.some(matchesBlank);
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i]!;
      if (line.length === 0 && !blank) continue;
      const test = (re: RegExp) => re.test(line);
      const t = tables.find(
        (x) => x.screenPatterns?.some(test) || (i >= exitFrom && x.exitPatterns?.some(test)),
      );
      if (t) return { kind: t.kind, via: 'screen', table: t, evidence: line.trim() };
    }
  }
  return null;
}
