/**
 * Composition root: parses global options, builds the runner and dispatches to a command module.
 * The only file in src/ allowed to import React/Ink components (for the dashboard).
 */
import * as nodeModule from 'node:module';
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { type CommandContext, EXIT, type ParsedArgs, UsageError } from './commands/context.js';
import { COMMANDS, findCommand } from './commands/registry.js';
import { type DashRenderer, setDashRenderer } from './store/renderer-slot.js';
import { isTmuxError } from './tmux/errors.js';
import { ProcessRunner, type ServerSelector } from './tmux/runner.js';
import { VERSION } from './version.js';

const GLOBAL_OPTIONS: ParseArgsOptionsConfig = {
  'socket-name': { type: 'string', short: 'L' },
  'socket-path': { type: 'string', short: 'S' },
  'no-color': { type: 'boolean' },
  ascii: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
};

// Node's on-disk compile cache: modules loaded lazily (Ink, React for the dashboard) start faster next time.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/** `tmo dash` options (the dashboard is rendered here, not by a command module). */
const DASH_OPTIONS: ParseArgsOptionsConfig = {
  connect: { type: 'string', multiple: true },
  'token-file': { type: 'string', multiple: true },
  'sort-waiting': { type: 'boolean' },
};

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
  // A bundled CommonJS module has only a default export when imported dynamically.
  const { createElement } = (react as { default?: typeof react }).default ?? react;
  const instance = render(
    createElement(Root, {
      store: session.store,
      theme: { color: ctx.color, ascii: ctx.ascii },
      env: {
        attach: session.attach,
        attachNeedsTerminal: session.attachNeedsTerminal,
        detachHint: session.detachHint,
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

function helpText(): string {
  const lines = [
    `tmux-orchestrator ${VERSION} — watch and drive AI coding agents in tmux`,
    '',
    'usage: tmo [-L socket-name | -S socket-path] [command] [options]',
    '',
    'commands:',
    `  ${'dash [--connect URL…]'.padEnd(34)}the live dashboard (default; --token-file F…, --sort-waiting)`,
    // a usage too long for the column gets its own line, the summary below it
    ...COMMANDS.map((c) =>
      c.usage.length < 34
        ? `  ${c.usage.padEnd(34)}${c.summary}`
        : `  ${c.usage}\n  ${''.padEnd(34)}${c.summary}`,
    ),
    '',
    'global options:',
    '  -L NAME, -S PATH                  select the tmux server, as tmux does',
    '  --no-color, --ascii               plain output (NO_COLOR and TERM=dumb are honoured too)',
    '  -h, --help, --version',
    '',
    'exit codes: 0 ok, 1 failure, 2 usage error, 3 tmux missing or server not running',
  ];
  return `${lines.join('\n')}\n`;
}

export function colorAllowed(
  env: NodeJS.ProcessEnv,
  isTTY: boolean | undefined,
  noColorFlag: boolean,
): boolean {
  if (noColorFlag) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return Boolean(isTTY);
}

async function main(argv: string[]): Promise<number> {
  // The command is the first positional; global options may stand before or after it.
  const first = parseArgs({
    args: argv,
    options: GLOBAL_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const commandToken = first.tokens?.find((t) => t.kind === 'positional');
  const commandName = commandToken?.kind === 'positional' ? commandToken.value : undefined;
  const rest = commandToken
    ? [...argv.slice(0, commandToken.index), ...argv.slice(commandToken.index + 1)]
    : argv;

  if (first.values['version'] === true && !commandName) {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (!commandName && first.values['help'] === true) {
    process.stdout.write(helpText());
    return EXIT.ok;
  }
  if (commandName === 'help') {
    process.stdout.write(helpText());
    return EXIT.ok;
  }

  const entry = commandName && commandName !== 'dash' ? findCommand(commandName) : undefined;
  if (commandName && commandName !== 'dash' && !entry) {
    throw new UsageError(`unknown command "${commandName}" (see tmo --help)`);
  }
  // The processes that stay up under a stream of pane output keep their young generation small.
  if (['dash', 'events', 'serve', 'demo'].includes(commandName ?? 'dash'))
    void import('./commands/heap.js').then((heap) => heap.capYoungGeneration());
  const module = entry ? await entry.load() : undefined;
  const options = { ...GLOBAL_OPTIONS, ...(module ? (module.options ?? {}) : DASH_OPTIONS) };
  const parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: true });
  const values = parsed.values as ParsedArgs['values'];
  if (values['help'] === true) {
    const details = entry?.details?.map((l) => `${l}\n`).join('') ?? '';
    process.stdout.write(entry ? `usage: tmo ${entry.usage}\n  ${entry.summary}\n${details}` : helpText());
    return EXIT.ok;
  }

  const server: ServerSelector = {};
  if (typeof values['socket-path'] === 'string') server.socketPath = values['socket-path'];
  else if (typeof values['socket-name'] === 'string') server.socketName = values['socket-name'];

  const ctx: CommandContext = {
    server,
    runner: new ProcessRunner(server),
    color: colorAllowed(process.env, process.stdout.isTTY, values['no-color'] === true),
    ascii: values['ascii'] === true,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    version: VERSION,
  };

  setDashRenderer(renderDashboard);
  if (!module) {
    if (parsed.positionals.length > 0)
      throw new UsageError(`dash takes no arguments (got "${parsed.positionals[0]}")`);
    void loadUi().catch(() => {});
    const { runDashboard } = await import('./store/runtime.js');
    const connect = values['connect'];
    return runDashboard(ctx, {
      ...(Array.isArray(connect) ? { connect: connect.map(String) } : {}),
      ...(Array.isArray(values['token-file']) ? { tokenFiles: values['token-file'].map(String) } : {}),
      sortWaiting: values['sort-waiting'] === true,
      exitOnQuit: true,
    });
  }
  return module.run(ctx, { positionals: parsed.positionals, values });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`tmo: ${(error as Error).message}\n`);
      process.exitCode = EXIT.usage;
    } else if (isTmuxError(error, 'TMUX_MISSING') || isTmuxError(error, 'NO_SERVER')) {
      process.stderr.write(`tmo: ${error.message}\n`);
      process.exitCode = EXIT.tmux;
    } else {
      process.stderr.write(`tmo: ${(error as Error).message ?? String(error)}\n`);
      process.exitCode = EXIT.failure;
    }
  },
);
