/**
 * Composition root: parses global options, builds the runner and dispatches to a command module.
 * The only file in src/ allowed to import React/Ink components (for the dashboard).
 */
import * as nodeModule from 'node:module';
import { runMain } from './cli-main.js';
import type { CommandContext, OptionValues } from './commands/context.js';
import { UsageError } from './commands/context.js';
import { mark } from './model/timing.js';
import { type DashRenderer, setDashRenderer } from './store/renderer-slot.js';

// Node's on-disk compile cache: modules loaded lazily (Ink, React for the dashboard) start faster next time.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/** The UI modules, loaded once; started early so they load while the session is set up. */
let ui:
  | Promise<[typeof import('ink'), typeof import('react'), typeof import('../components/Root.js')]>
  | undefined;
const loadUi = () => {
  ui ??= importUi();
  return ui;
};

function importUi(): NonNullable<typeof ui> {
  // Variables read once, when the UI modules are first imported; restored after so child processes do not
  // inherit them. React's production build: its development build checks and logs every render (several
  // times the CPU). FORCE_COLOR: under CI=true Ink's chalk turns off colour and inverse even on a terminal;
  // the dashboard runs only on one and decides colour itself (--no-color, NO_COLOR, TERM=dumb).
  const set = Object.entries({ NODE_ENV: 'production', FORCE_COLOR: 'CI' in process.env ? '1' : undefined })
    .filter(([name, value]) => value !== undefined && process.env[name] === undefined)
    .map(([name, value]) => {
      process.env[name] = value;
      return name;
    });
  // yoga-layout (Ink's layout engine) reads its inlined wasm with fetch() when there is one; Node's first
  // fetch loads its whole HTTP client (20–45 ms here). Without fetch it decodes the same bytes itself.
  const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (fetch?.configurable) Object.defineProperty(globalThis, 'fetch', { ...fetch, value: undefined });
  return Promise.all([import('ink'), import('react'), import('../components/Root.js')]).finally(() => {
    for (const name of set) delete process.env[name];
    if (fetch?.configurable) Object.defineProperty(globalThis, 'fetch', fetch);
  });
}

/** Render the Ink dashboard until the operator quits: alternate screen, incremental rendering, no Ctrl-C exit. */
const renderDashboard: DashRenderer = async (ctx, session) => {
  const [{ render }, react, { Root }] = await loadUi();
  mark('ui loaded');
  // A bundled CommonJS module has only a default export when imported dynamically.
  const { createElement } = (react as { default?: typeof react }).default ?? react;
  const instance = render(
    createElement(Root, {
      store: session.store,
      theme: { color: ctx.color, ascii: ctx.ascii },
      env: {
        attach: session.attach,
        get attachNeedsTerminal() {
          return session.attachNeedsTerminal;
        },
        detachHint: session.detachHint,
        onQuit: () => void session.stop(),
      },
    }),
    {
      stdout: ctx.stdout,
      stdin: ctx.stdin,
      stderr: ctx.stderr,
      exitOnCtrlC: false,
      patchConsole: false,
      // runDashboard has checked both ends are a TTY; Ink would otherwise go quiet when CI=true is set.
      interactive: true,
      alternateScreen: true,
      incrementalRendering: true,
      maxFps: 30,
    },
  );
  mark('rendered');
  // The first frame is written by render(); the source starts after it (a fast first frame, then the data).
  setImmediate(() => session.start());
  // q quits through Ink. A signal, or a terminal that went away (its pane killed: SIGHUP, and writes fail
  // with EIO), ends the dashboard at once: Ink's unmount writes the restoring escapes synchronously, but its
  // exit promise waits for a write that a dead terminal never completes. Then the session cleans up.
  let ended = () => {};
  const end = new Promise<void>((resolve) => {
    ended = resolve;
  });
  const stop = () => {
    try {
      instance.unmount();
    } catch {
      // restoring a terminal that is gone (raw mode off on a closed tty) may throw: cleanup comes first
    }
    ended();
  };
  const signals = ['SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.once(signal, stop);
  const streams = [ctx.stdout, ctx.stdin];
  for (const s of streams) s.on('error', stop);
  try {
    await Promise.race([instance.waitUntilExit(), end]);
  } finally {
    for (const signal of signals) process.off(signal, stop);
    // Stay deaf to the errors of the last writes on a terminal that is gone.
    for (const s of streams) s.off('error', stop).on('error', () => {});
  }
};

/** The dashboard: `tmo` or `tmo dash [--connect URL…]`. */
async function dash(ctx: CommandContext, values: OptionValues, positionals: string[]): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`dash takes no arguments (got "${positionals[0]}")`);
  mark('dash');
  const connect = values['connect'];
  // The local server's tmux answers while the UI modules load: the first frame can show the tree.
  const firstSnapshot = Array.isArray(connect)
    ? undefined
    : import('./tmux/snapshot.js').then((m) => m.takeSnapshotOf(ctx.runner));
  firstSnapshot?.then(() => mark('first snapshot taken')).catch(() => {}); // the source reports a failure
  setDashRenderer(renderDashboard);
  void loadUi().catch(() => {});
  const { runDashboard } = await import('./store/runtime.js');
  return runDashboard(ctx, {
    ...(firstSnapshot ? { firstSnapshot } : {}),
    ...(Array.isArray(connect) ? { connect: connect.map(String) } : {}),
    ...(Array.isArray(values['token-file']) ? { tokenFiles: values['token-file'].map(String) } : {}),
    sortWaiting: values['sort-waiting'] === true,
    exitOnQuit: true,
  });
}

runMain(process.argv.slice(2), {
  dash,
  beforeLoad(name) {
    // `tmo demo` renders the dashboard through the slot too.
    setDashRenderer(renderDashboard);
    // The processes that stay up under a stream of pane output keep their young generation small.
    if (['dash', 'events', 'serve', 'demo'].includes(name ?? 'dash'))
      void import('./commands/heap.js').then((heap) => heap.capYoungGeneration());
  },
});
