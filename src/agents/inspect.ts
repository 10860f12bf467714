/**
 * What status, summary, send and the dashboard use: one process-table read and ONE batched capture per
 * snapshot, then pure detection and classification per pane.
 */

import { oneShotSignals, type SignalsFor } from '../agenthooks/gather.js';
import { loadConfig, tablesFromConfig } from '../config/config.js';
import { mark } from '../model/timing.js';
import type { AgentStatus, PaneInfo, Snapshot } from '../model/types.js';
import { capturePanes } from '../tmux/capture.js';
import type { TmuxRunner } from '../tmux/runner.js';
import { type Classification, classifyScreen } from './classify.js';
import { type Detection, detectKind, leftoverRule } from './detect.js';
import { exitedVerdict, strongLeftovers } from './exited.js';
import { type ProcInfo, processTree, readProcessTable } from './proc.js';
import type { AgentTable } from './rules/types.js';
import { type Fused, fuseSignals, type PaneSignals } from './signals.js';
import { type AgentTracker, statusOf } from './tracker.js';

export interface InspectOptions {
  tables?: AgentTable[];
  tracker?: AgentTracker;
  procs?: Map<number, ProcInfo>;
  /** Hook facts and session files per pane; default: read from the state dir (oneShotSignals). */
  signals?: SignalsFor;
  /**
   * The live panes' screens when already asked for, in parts, each pane judged as its part comes in (no
   * pane in two parts); default: all captured here (captureLivePanes).
   */
  screenParts?: Promise<Map<string, string>>[];
  /** explainPane: the pane's window's last output when the pane is alone in it (signals.ts). */
  windowOutputAt?: number;
}

/** How to read a shell in front of an agent's title or screen (what an agent leaves when it exits). */
export type Leftovers = 'ignore' | 'exited';

/** Everything `tmo explain` shows about one pane. */
export interface PaneVerdict {
  detection: Detection | null;
  classification: Classification;
  status: AgentStatus;
}

let cachedTables: AgentTable[] | undefined;
/** The user's tables (config.json merged over the built-ins), loaded once per process. */
export function defaultTables(): AgentTable[] {
  cachedTables ??= tablesFromConfig(loadConfig());
  return cachedTables;
}

/**
 * Pure: decide one pane from its screen, the process table and what the tracker knew.
 * A shell in the foreground — or nothing in the pane that can run an agent (detect.ts `leftoverRule`) —
 * means the agent is gone, whatever title or screen it left behind: with
 * `leftovers: 'ignore'` (listings) such a pane is an agent only if the tracker knew it as one or the
 * leftovers are strong (`exited.ts`); with `'exited'` (a look at one pane before sending to it) any
 * leftovers make it an exited agent. Exited verdicts carry the last words (and a dead pane's status).
 */
export interface JudgeInput {
  pane: PaneInfo;
  screen: string;
  procs: Map<number, ProcInfo> | undefined;
  tables: AgentTable[];
  tracker?: AgentTracker;
  now?: number;
  leftovers?: Leftovers;
  /** Hooks, session files, output activity: fused with the screen's verdict. */
  signals?: PaneSignals;
  /** The same, asked once the pane's kind is known (when `signals` is not given). */
  signalsFor?: SignalsFor;
  /** The window's last output (ms, whole seconds) when the pane is alone in its window. */
  windowOutputAt?: number;
  /** When tmux reported it (the snapshot's time). */
  windowSeenAt?: number;
}

export function judgePane(input: JudgeInput): PaneVerdict | null {
  const { pane, screen, procs, tables, tracker, now = Date.now(), leftovers = 'ignore' } = input;
  const prev = tracker?.get(pane.id);
  let detection = detectKind(pane, procs, tables, screen);
  // Nothing in the pane can be the agent its title or screen names (detect.ts leftoverRule).
  const leftover = detection ? leftoverRule(pane, detection, procs) : undefined;
  const shellInFront = leftover !== undefined;
  // Listings keep a shell's leftovers only when they are strong (the agent's exit hint, its last frame
  // right above a fresh prompt); a look at one pane before sending reads any leftovers as the agent.
  // Strong leftovers count with a shell in front only: a program that cannot be an agent is no agent.
  const strong =
    leftover === 'exited.shell-in-front' && detection?.table
      ? strongLeftovers(detection.table, screen)
      : false;
  if (shellInFront && leftovers === 'ignore' && !strong) detection = null;
  const kind = detection?.kind ?? prev?.kind;
  if (!kind) return null;
  let c: Classification;
  if (pane.dead) c = exitedVerdict('exited.pane-dead', screen, pane.deadStatus);
  else if (!detection || (shellInFront && prev)) c = exitedVerdict('exited.process-gone', screen);
  else if (leftover) c = exitedVerdict(leftover, screen);
  else {
    const onScreen = readScreen(detection, tables, screen, pane.title);
    const pids = () => (procs ? processTree(procs, pane.pid).map((p) => p.pid) : [pane.pid]);
    const signals = input.signals ?? input.signalsFor?.(pane.id, kind, pids);
    const at = input.windowOutputAt;
    const window = { windowOutputAt: at, windowSeenAt: input.windowSeenAt ?? now };
    c = fuseSignals(onScreen, at === undefined ? signals : { ...signals, ...window }, now);
  }
  const status = tracker ? tracker.update(pane.id, kind, c, pane.dead) : statusOf(kind, c, now);
  return { detection, classification: c, status };
}

/** Pane id → its window's last output (tmux's window activity), for the panes alone in their window. */
export function windowOutputs(snapshot: Snapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of snapshot.sessions)
    for (const w of s.windows) if (w.panes.length === 1) out.set(w.panes[0]!.id, w.activity);
  return out;
}

export function snapshotPanes(snapshot: Snapshot): PaneInfo[] {
  const panes = new Map<string, PaneInfo>();
  for (const s of snapshot.sessions) for (const w of s.windows) for (const p of w.panes) panes.set(p.id, p);
  return [...panes.values()];
}

/**
 * The screens inspectSnapshot reads. Every live pane is captured: a shell in front may show the strong
 * leftovers of an agent that exited (listed as `exited`), any program may show an agent's screen; a dead
 * pane shows nothing new.
 */
export function captureLivePanes(
  runner: TmuxRunner,
  snapshot: Snapshot,
  panes = snapshotPanes(snapshot),
): Promise<Map<string, string>> {
  return capturePanes(
    runner,
    panes.filter((p) => !p.dead).map((p) => p.id),
  );
}

/** paneId → status for every pane that is (or was, per the tracker) an agent. */
export async function inspectSnapshot(
  runner: TmuxRunner,
  snapshot: Snapshot,
  options: InspectOptions = {},
): Promise<Record<string, AgentStatus>> {
  const panes = snapshotPanes(snapshot);
  const tables = options.tables ?? defaultTables();
  const procs = options.procs ?? (await readProcessTable());
  const result: Record<string, AgentStatus> = {};
  const now = Date.now();
  const signalsFor = options.signals ?? oneShotSignals(runner.server);
  const alone = windowOutputs(snapshot);
  const judge = (pane: PaneInfo, screen: string): void => {
    const verdict = judgePane({
      pane,
      screen,
      procs,
      tables,
      tracker: options.tracker,
      now,
      signalsFor,
      windowOutputAt: alone.get(pane.id),
      windowSeenAt: snapshot.takenAt,
    });
    if (verdict) result[pane.id] = verdict.status;
  };
  const parts = options.screenParts ?? [captureLivePanes(runner, snapshot, panes)];
  const byId = new Map(panes.map((p) => [p.id, p]));
  const judged = new Set<string>();
  await Promise.all(
    parts.map((part) =>
      part.then((screens) => {
        for (const [id, screen] of screens) {
          const pane = byId.get(id);
          if (!pane || judged.has(id)) continue;
          judged.add(id);
          judge(pane, screen);
        }
      }),
    ),
  );
  mark('captured');
  for (const pane of panes) if (!judged.has(pane.id)) judge(pane, '');
  mark('classified');
  const tracker = options.tracker;
  if (tracker) {
    const present = new Set(panes.map((p) => p.id));
    for (const id of tracker.panes()) if (!present.has(id)) tracker.remove(id);
  }
  return result;
}

/**
 * One pane, with the whole verdict (detection + rule): what `tmo explain` prints and what `send` checks.
 * A shell in front of an agent's title or screen reads as that agent, exited.
 */
export async function explainPane(
  runner: TmuxRunner,
  pane: PaneInfo,
  options: InspectOptions = {},
): Promise<PaneVerdict | null> {
  const tables = options.tables ?? defaultTables();
  const [procs, screens] = await Promise.all([
    options.procs ?? readProcessTable(),
    pane.dead ? Promise.resolve(new Map<string, string>()) : capturePanes(runner, [pane.id]),
  ]);
  const screen = screens.get(pane.id) ?? '';
  const signalsFor = options.signals ?? oneShotSignals(runner.server);
  return judgePane({
    pane,
    screen,
    procs,
    tables,
    tracker: options.tracker,
    leftovers: 'exited',
    signalsFor,
    windowOutputAt: options.windowOutputAt,
  });
}

export async function inspectPane(
  runner: TmuxRunner,
  pane: PaneInfo,
  options: InspectOptions = {},
): Promise<AgentStatus | null> {
  return (await explainPane(runner, pane, options))?.status ?? null;
}

/**
 * A tracked pane's verdict from its screen (the live source): what `judgePane` decides for a listing,
 * given the detection made when the pane appeared. Null: found by leftovers alone (`leftoverRule`) and
 * not strong ones — not an agent.
 */
export function trackedVerdict(
  t: { exited?: boolean; leftover?: string; pane: PaneInfo },
  detection: Detection,
  tables: AgentTable[],
  screen: string,
  signals: () => PaneSignals,
  now = Date.now(),
): Fused | null {
  if (t.exited) return { ...exitedVerdict('exited.process-gone', screen), source: 'screen' };
  if (t.leftover) {
    const table = tableOf(detection, tables);
    if (t.leftover !== 'exited.shell-in-front' || !table || !strongLeftovers(table, screen)) return null;
    return { ...exitedVerdict(t.leftover, screen), source: 'screen' };
  }
  return fuseSignals(readScreen(detection, tables, screen, t.pane.title), signals(), now);
}

/** What the screen says of the detected agent (its kind's table; `<kind>.unknown` for a kind without one). */
function readScreen(
  detection: Detection,
  tables: AgentTable[],
  screen: string,
  title: string,
): Classification {
  const table = tableOf(detection, tables);
  return table
    ? classifyScreen(table, screen, title)
    : { state: 'unknown', rule: `${detection.kind}.unknown` };
}

/** The rule table of a detected agent: the one that matched, else its kind's. */
const tableOf = (detection: Detection, tables: AgentTable[]): AgentTable | undefined =>
  detection.table ?? tables.find((x) => x.kind === detection.kind);
