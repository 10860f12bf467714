/**
 * The dashboard's non-React wiring, used by src/cli.tsx (which renders) and `tmo demo`: build the source
 * (embedded, or remote with --connect), the store, notifications, and the attach callback.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../commands/context.js';
import type { Config } from '../config/config.js';
import { stateDir } from '../config/paths.js';
import { readRegularFile } from '../config/read-file.js';
import { makeDirs } from '../config/state-file.js';
import { resolveKeymap } from '../keymap/table.js';
import { mark } from '../model/timing.js';
import type { EmbeddedSource } from '../source/embedded.js';
import type { SnapshotOf } from '../source/embedded-base.js';
import { openSource } from '../source/open.js';
import { startQuitHelper } from '../source/quit-helper.js';
import type { DataSource } from '../source/types.js';
import { comeBackHint, makeAttach, sameServer } from './attach.js';
import { connectSource } from './connect.js';
import { paneLabel } from './feed.js';
import { createNotifier } from './notify.js';
import { getDashRenderer } from './renderer-slot.js';
import { answererOf, createDashStore, type DashStore } from './store.js';

export interface DashOptions {
  connect?: string[];
  /** One token file for every URL, or one per URL in the same order. */
  tokenFiles?: string[];
  sortWaiting?: boolean;
  /** The first snapshot of the local server, begun before the dashboard's modules loaded (src/cli.tsx). */
  firstSnapshot?: Promise<SnapshotOf>;
  /**
   * `tmo dash`: end the process as soon as the operator quits, so the shell has the terminal back within
   * 100 ms; cleanup that takes longer than QUIT_BUDGET_MS is finished by the quit helper (quit-helper.ts).
   */
  exitOnQuit?: boolean;
  /**
   * Asked when stop() is first called (the quit key): whether a process of the caller's (the quit helper)
   * finishes what the source's stop would need a tmux process for; the stop then only tries the quick way
   * (DataSource.stop's handOff).
   */
  handOff?: () => boolean;
}

/** How long quitting waits, from the quit key, for the source's own cleanup before the helper takes over. */
export const QUIT_BUDGET_MS = 40;

export interface DashSession {
  store: DashStore;
  source: DataSource;
  /** How Enter attaches; `needsTerminal` when Ink must hand over the terminal (known once detachHint is). */
  attach: (paneId: string) => Promise<void>;
  readonly attachNeedsTerminal: boolean;
  /** How to come back after attaching (from the operator's tmux prefix). */
  detachHint: () => Promise<string>;
  /** Start the source: the renderer calls it once the first frame is out (a fast first frame). */
  start(): void;
  /** Settles when start() was called: the first frame is out. */
  readonly started: Promise<void>;
  stop(): Promise<void>;
  /** When stop() was first called (performance.now()). */
  readonly stopAskedAt: number | undefined;
  /** Once stop() began: the pid of the control client the source had then (a quit out of time ends it). */
  readonly controlPid: number | undefined;
}

async function loadConfigSafe(ctx: CommandContext): Promise<{ config: Config; error?: string }> {
  try {
    const { loadConfig } = await import('../config/config.js');
    return { config: loadConfig(ctx.env) };
  } catch (error) {
    return { config: {}, error: (error as Error).message };
  }
}

/**
 * The dashboard's remembered choices (today: agents only or every pane), in `<state dir>/dash.json`:
 * a view preference, not configuration, so the dashboard writes it itself when the operator presses `t`.
 */
export const uiStateFile = (env: NodeJS.ProcessEnv): string => join(stateDir(env), 'dash.json');

export function loadUiState(env: NodeJS.ProcessEnv): { agentsOnly?: boolean } {
  try {
    const data = JSON.parse(readRegularFile(uiStateFile(env))) as { agentsOnly?: unknown };
    return typeof data.agentsOnly === 'boolean' ? { agentsOnly: data.agentsOnly } : {};
  } catch {
    return {};
  }
}

export function saveUiState(env: NodeJS.ProcessEnv, state: { agentsOnly: boolean }): void {
  try {
    makeDirs(stateDir(env));
    writeFileSync(uiStateFile(env), `${JSON.stringify(state)}\n`, { mode: 0o600 });
  } catch {
    // a read-only state dir: the choice lasts for this run only
  }
}

/** Source + store + notifications, connected and started (start errors show in the dashboard). */
export async function openDashSession(ctx: CommandContext, options: DashOptions = {}): Promise<DashSession> {
  const { config, error: configError } = await loadConfigSafe(ctx);
  const { keymap, errors } = resolveKeymap(config.keys ?? {});
  const { tablesFromConfig } = await import('../config/config.js');
  // The embedded source starts now: its first snapshot (begun before the UI loaded) reaches the store
  // before the first frame; the rest of its start (agents, control mode) waits for start().
  let open = () => {};
  const afterFirstFrame = new Promise<void>((resolve) => {
    open = resolve;
  });
  const warnings: string[] = [];
  const source = await openSource(ctx, {
    ...(options.connect ? { connect: options.connect } : {}),
    ...(options.tokenFiles ? { tokenFiles: options.tokenFiles } : {}),
    tables: tablesFromConfig(config),
    warn: (m) => warnings.push(m),
    ...(options.firstSnapshot ? { firstSnapshot: options.firstSnapshot } : {}),
    startAfter: afterFirstFrame,
    pending: true,
  });
  const store = createDashStore({
    source: { kind: source.kind, label: source.label },
    keymap,
    sortWaiting: options.sortWaiting ?? false,
    agentsOnly: loadUiState(ctx.env).agentsOnly ?? false,
  });
  store.subscribe((s, prev) => {
    if (s.agentsOnly !== prev.agentsOnly) saveUiState(ctx.env, { agentsOnly: s.agentsOnly });
  });
  const problems = [configError, ...errors].filter(Boolean);
  if (problems.length) warnings.unshift(`config: ${problems.join('; ')}`);
  if (warnings.length) store.getState().setMessage(warnings.join('; '));
  const notifier = createNotifier({
    bell: config.notifications?.bell !== false,
    desktop: config.notifications?.desktop === true,
    write: (text) => ctx.stdout.write(text),
    label: (paneId) => paneLabel(store.getState().world, paneId),
  });
  const disconnect = connectSource(store, source, { ansi: ctx.color, onNotable: (c) => notifier.notify(c) });
  store.getState().setAnswerer(answererOf(source));
  const failed = (e: unknown) =>
    store.getState().setConnection({ status: 'closed', error: (e as Error).message });
  if (source.kind === 'embedded') source.start().catch(failed);
  // Not needed for the first frame: the palette's commands and the scheduler come after it.
  const later = async () => {
    const commands = await import('./orchestrate-commands.js');
    const list =
      source.kind === 'embedded'
        ? commands.orchestrateCommands(ctx)
        : commands.localOnlyCommands(source.label);
    for (const command of list) store.getState().registerCommand(command);
    if (source.kind === 'embedded') commands.rearmScheduler(ctx.env);
  };
  let insideNow = false;
  let inside: Promise<boolean> | undefined;
  const isInside = () =>
    (inside ??= (source.kind === 'embedded' ? sameServer(ctx.server, ctx.env) : Promise.resolve(false)).then(
      (yes) => (insideNow = yes),
    ));
  let started = false;
  let stopping: Promise<void> | undefined;
  let stopAskedAt: number | undefined;
  let controlPid: number | undefined;
  return {
    start() {
      if (started) return;
      started = true;
      open();
      if (source.kind !== 'embedded') source.start().catch(failed);
      void later().catch(() => {});
    },
    started: afterFirstFrame,
    store,
    source,
    attach:
      source.kind === 'embedded'
        ? async (paneId) => makeAttach(ctx.server, await isInside())(paneId)
        : async () => {
            throw new Error('attach works on the local tmux server only (this dashboard shows a remote one)');
          },
    get attachNeedsTerminal() {
      void isInside();
      return source.kind === 'embedded' && !insideNow;
    },
    detachHint: async () => comeBackHint(ctx.server, await isInside()),
    get controlPid() {
      return controlPid || undefined;
    },
    get stopAskedAt() {
      return stopAskedAt;
    },
    stop() {
      started = true; // a start that comes after (the dashboard quit before it began) does nothing
      open(); // a source still waiting for the first frame goes on, to find itself stopped
      // Once: the quit key starts it (DashEnv.onQuit), the end of the dashboard waits for the same.
      // Our control client's pid, before the source lets go of it: a quit out of time has it ended.
      controlPid ??= (source as Partial<EmbeddedSource>).controlPid ?? 0;
      if (stopping) return stopping;
      stopAskedAt = performance.now();
      stopping = (async () => {
        notifier.dispose();
        disconnect();
        await source.stop({ handOff: options.handOff?.() === true }).catch(() => {});
      })();
      return stopping;
    },
  };
}

const HELD = ['SIGHUP', 'SIGTERM'] as const;

/** Open the dashboard (used by `tmo dash` and `tmo demo`). */
export async function runDashboard(ctx: CommandContext, options: DashOptions = {}): Promise<number> {
  if (!ctx.stdout.isTTY || !ctx.stdin.isTTY) {
    ctx.stderr.write('tmo: the dashboard needs a terminal (stdin and stdout a TTY); try `tmo status`\n');
    return 1;
  }
  const renderer = getDashRenderer();
  if (!renderer) throw new Error('no dashboard renderer');
  // The quit helper finishes what leaving tmux needs a process of its own for: a quit tmux does not confirm
  // in time, and one during start-up (no control client yet), handed to it at once — the quit then neither
  // forks tmux nor waits for it (no helper, no shell: the source's own way). Started right after the first
  // frame (a fork blocks the event loop for 5–15 ms: not before it), or at the quit key if that comes first.
  let helper: ReturnType<typeof startQuitHelper>;
  const helperNow = () => {
    if (options.exitOnQuit && !options.connect?.length) helper ??= startQuitHelper(ctx.server);
    return helper;
  };
  const session = await openDashSession(ctx, { ...options, handOff: () => helperNow() !== undefined });
  mark('session opened');
  void session.started.then(() => setImmediate(helperNow));
  // No signal may end the process before the session has cleaned up (its hidden session): a terminal that
  // goes away sends SIGHUP more than once, and Ink's signal-exit re-raises a signal that nobody else
  // listens to. The renderer quits on the first one; later ones find this listener.
  const hold = () => {};
  for (const signal of HELD) process.on(signal, hold);
  let quit = false;
  try {
    await renderer(ctx, session);
    quit = true;
    mark('ui closed');
  } finally {
    // Keys typed from now on stay in the terminal for the shell: nobody here reads them.
    (ctx.stdin as NodeJS.ReadStream).pause?.();
    let settled = false;
    const stopping = session.stop().then(() => (settled = true));
    // The budget runs from the quit key (the UI's unmount counts in it); spent, it is not waited a turn more.
    const left = QUIT_BUDGET_MS - (performance.now() - (session.stopAskedAt ?? performance.now()));
    const stopped = !options.exitOnQuit
      ? await stopping
      : left <= 0
        ? settled
        : await Promise.race([stopping, new Promise<boolean>((r) => setTimeout(r, left, false))]);
    const done = stopped && !session.source.handedOff;
    mark(done ? 'stopped' : stopped ? 'stop handed off' : 'stop budget over');
    for (const signal of HELD) process.off(signal, hold);
    // What tmux did not confirm in time, or what was left to it, is finished from a process of its own.
    if (options.exitOnQuit && !done && session.source.kind === 'embedded')
      helper?.finish([session.controlPid, (session.source as Partial<EmbeddedSource>).controlPid]);
    if (options.exitOnQuit && quit) process.exit(0);
  }
  return 0;
}
