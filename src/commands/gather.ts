import { base, screenMatters } from '../agents/detect.js';
import { inspectSnapshot, snapshotPanes } from '../agents/inspect.js';
import {
  firstSince,
  type JournalEntry,
  journalFile,
  mergeJournal,
  readJournal,
  sameState,
  serverInstance,
  writeJournal,
} from '../agents/journal.js';
import { countProcesses, readProcessesFor } from '../agents/proc.js';
import { processesFor, type TreeRoot } from '../agents/proc-ahead.js';
import type { AgentTable } from '../agents/rules/types.js';
import { loadConfig, tablesFromConfig } from '../config/config.js';
import { stateDir } from '../config/paths.js';
import { userView } from '../model/hidden.js';
import { mark } from '../model/timing.js';
import type { AgentStatus, PaneInfo, Snapshot } from '../model/types.js';
import { capturePanes } from '../tmux/capture.js';
import {
  besideChunks,
  type CapturePlan,
  capturePlan,
  captureScript,
  ridesAlong,
  SCRIPT_ARGS,
  splitScript,
  writeHint,
} from '../tmux/capture-script.js';
import type { TmuxRunner } from '../tmux/runner.js';
import { takeSnapshotOf } from '../tmux/snapshot.js';

export interface Gathered {
  snapshot: Snapshot;
  agents: Record<string, AgentStatus>;
}

/**
 * What the one-shot commands (status, summary, health) read: one snapshot call (which also names the
 * server's instance, and with it the state journal for `since`, and captures the panes the last look
 * captured), the process trees under the panes that need one, then captures of the live panes whose
 * screen can tell anything (detect.ts screenMatters) that it did not capture. No server → a flagged
 * empty snapshot, no agents.
 */
export async function gather(runner: TmuxRunner, env: NodeJS.ProcessEnv): Promise<Gathered> {
  mark('gather');
  const plan = capturePlan(env, runner.server);
  // The snapshot call first: tmux runs its clients' commands one after another, in the order they come,
  // and everything else waits for the snapshot (as the early call orders them, early-snapshot.ts).
  const taking = takeSnapshotOf(runner, plan);
  // Many hinted panes: their captures run beside the snapshot call instead of riding on it.
  const beside = ridesAlong(plan) || plan.ids.length === 0 ? undefined : captureBeside(runner, plan);
  // While tmux answers: the trees the last look read (proc-ahead.ts checks them against the snapshot).
  const total = countProcesses();
  const ahead = plan.pids.length > 0 ? readProcessesFor(plan.pids, total) : undefined;
  const taken = await taking;
  // Hidden sessions of running dashboards (or left by a killed one) are ours, not the user's.
  const snapshot = userView(taken.snapshot);
  mark('snapshot parsed');
  if (!snapshot.server.running) return { snapshot, agents: {} };
  const tables = tablesFromConfig(loadConfig(env));
  // The process trees first: only the panes whose screen can tell anything are captured (detect.ts
  // screenMatters); those the last look captured came back with the snapshot (the hint file).
  const roots = treesNeeded(snapshot, tables);
  const procs = await processesFor(roots, total, await ahead);
  mark('processes read');
  const matters = (p: PaneInfo) => screenMatters(p, procs, tables);
  const screens = liveScreens(runner, snapshot, taken.screens ?? beside, matters);
  writeHint(env, runner.server, { ids: [...screens.live], pids: roots.map((r) => r.pid) }, plan);
  const agents = await inspectSnapshot(runner, snapshot, { tables, procs, screenParts: screens.parts });
  const file = taken.instance ? journalFile(stateDir(env), taken.instance) : undefined;
  const withSince = withJournalSince(snapshot, agents, file);
  mark('journal');
  return { snapshot, agents: withSince };
}

/** Captures asked for already: each part's screens as it comes, and the panes they were asked for. */
export interface Asked {
  parts: Promise<Map<string, string>>[];
  asked: ReadonlySet<string>;
}

/**
 * The screens of every live pane (as captureLivePanes), in parts as they come: those the snapshot call or
 * the calls beside it captured, the panes none of them was asked for captured now, and the asked ones that
 * came back without a screen (their call failed) once those calls are in. A pane the snapshot call found
 * gone or dead has no screen, as a pane that vanished. Each live pane is in one part at most.
 */
export function liveScreens(
  runner: TmuxRunner,
  snapshot: Snapshot,
  captured: Map<string, string> | Asked = new Map(),
  wanted: (pane: PaneInfo) => boolean = () => true,
): { live: Set<string>; parts: Promise<Map<string, string>>[] } {
  const live = new Set<string>();
  for (const p of snapshotPanes(snapshot)) if (!p.dead && wanted(p)) live.add(p.id);
  const given: Asked =
    captured instanceof Map
      ? { parts: [Promise.resolve(captured)], asked: new Set(captured.keys()) }
      : captured;
  const got = new Set<string>();
  const mine = (screens: Map<string, string>): Map<string, string> => {
    const out = new Map<string, string>();
    for (const [id, text] of screens)
      if (live.has(id) && !got.has(id)) {
        got.add(id);
        out.set(id, text);
      }
    return out;
  };
  const parts = given.parts.map((part) => part.then(mine));
  const unasked = [...live].filter((id) => !given.asked.has(id));
  const more = (ids: string[]) =>
    ids.length === 0 ? new Map<string, string>() : capturePanes(runner, ids).then(mine);
  const late = Promise.all(parts).then(() =>
    more([...live].filter((id) => given.asked.has(id) && !got.has(id))),
  );
  return { live, parts: [...parts, Promise.resolve(more(unasked)), late] };
}

/** The plan's captures in calls of their own (besideChunks); a failed call captures nothing (asked again after). */
function captureBeside(runner: TmuxRunner, plan: CapturePlan): Asked {
  const parts = besideChunks(plan).map((chunk) =>
    runner.run(SCRIPT_ARGS, { input: captureScript(chunk) }).then(
      (r) => splitScript(r.stdout, chunk),
      () => new Map<string, string>(),
    ),
  );
  return { parts, asked: new Set(plan.ids) };
}

/**
 * The pids of the panes whose process tree is needed: those whose command does not name an agent (only
 * their trees can tell), and those whose command names Claude Code (its session file is named by the pid
 * of one of the tree's processes, see oneShotSignals).
 */
export function treesNeeded(snapshot: Snapshot, tables: AgentTable[]): TreeRoot[] {
  const named = new Map<string, string>();
  for (const t of tables) for (const c of t.commands) if (!named.has(c)) named.set(c, t.kind);
  const roots: TreeRoot[] = [];
  for (const s of snapshot.sessions)
    for (const w of s.windows)
      for (const p of w.panes) {
        if (p.pid <= 0) continue;
        const kind = named.get(base(p.command));
        if (kind === undefined || kind === 'claude') roots.push({ pid: p.pid, command: p.command });
      }
  return roots;
}

/**
 * A one-shot command sees one moment, so "since" comes from the state journal (journal.ts): a pane in the
 * state the journal recorded keeps its since; a state not recorded is dated by `firstSince` (the window's
 * last activity for a static state; for working, the look itself, shown as no age the first time) and
 * recorded, so the next look — and a dashboard started later — say the same. Writes the journal only when
 * something differs.
 */
export function withJournalSince(
  snapshot: Snapshot,
  agents: Record<string, AgentStatus>,
  file: string | undefined,
  now = Date.now(),
): Record<string, AgentStatus> {
  const activity = new Map<string, number>();
  for (const s of snapshot.sessions)
    for (const w of s.windows) for (const p of w.panes) activity.set(p.id, w.activity);
  const recorded = file ? readJournal(file) : {};
  const updates: Record<string, JournalEntry | null> = {};
  const out: Record<string, AgentStatus> = {};
  for (const [id, status] of Object.entries(agents)) {
    const before = recorded[id];
    if (before && sameState(before, status)) out[id] = { ...status, since: before.since };
    else {
      updates[id] = oneShotSince(status, activity.get(id), now);
      out[id] = firstLook(updates[id]);
    }
  }
  for (const id of Object.keys(recorded)) if (!agents[id] && activity.has(id)) updates[id] = null;
  if (file) {
    const merged = mergeJournal(recorded, updates, new Set(activity.keys()));
    if (merged.changed) writeJournal(file, merged.panes);
  }
  return out;
}

/** One status from one look, nothing recorded: since as `firstSince` dates it. */
export function oneShotSince(
  status: AgentStatus,
  windowActivity: number | undefined,
  now = Date.now(),
): AgentStatus {
  return { ...status, since: firstSince(status.state, Math.min(now, status.since || now), windowActivity) };
}

/** One pane's since for a one-shot look at it (`tmo explain`): the journal's when it recorded this state. */
export async function paneSince(
  runner: TmuxRunner,
  env: NodeJS.ProcessEnv,
  paneId: string,
  status: AgentStatus,
  windowActivity: number | undefined,
): Promise<AgentStatus> {
  const server = await serverInstance(runner);
  const recorded = server ? readJournal(journalFile(stateDir(env), server))[paneId] : undefined;
  return recorded && sameState(recorded, status)
    ? { ...status, since: recorded.since }
    : firstLook(oneShotSince(status, windowActivity));
}

/**
 * What one look, with nothing recorded, can tell: a static state's since (the window's activity), but not
 * when work began (0: no age shown). The journal keeps the look's time, so later looks date it from there.
 */
const firstLook = (s: AgentStatus): AgentStatus =>
  s.state === 'working' || s.state === 'unknown' ? { ...s, since: 0 } : s;
