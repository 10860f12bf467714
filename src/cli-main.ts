/**
 * The CLI without the dashboard: global options, help, dispatch to a command module, exit codes. Both
 * `src/cli.tsx` (everything, the dashboard included) and the one-file bundle of each one-shot command
 * (`dist/bundle/cmd-<name>.js`, see bin/bundle.js) run it, so a one-shot command loads one module.
 */
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { type CommandContext, EXIT, type OptionValues, UsageError } from './commands/context.js';
import { COMMANDS, type CommandEntry, findCommand } from './commands/registry.js';
import { suggest, unknownOptions } from './commands/usage.js';
import { mark } from './model/timing.js';
import { isTmuxError } from './tmux/errors.js';
import { ProcessRunner, type ServerSelector } from './tmux/runner.js';
import { serverFromTmuxEnv } from './tmux/socket-path.js';
import { VERSION } from './version.js';

export const GLOBAL_OPTIONS: ParseArgsOptionsConfig = {
  'socket-name': { type: 'string', short: 'L' },
  'socket-path': { type: 'string', short: 'S' },
  'no-color': { type: 'boolean' },
  ascii: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
};

/** `tmo dash` options (the dashboard is rendered by src/cli.tsx, not by a command module). */
export const DASH_OPTIONS: ParseArgsOptionsConfig = {
  connect: { type: 'string', multiple: true },
  'token-file': { type: 'string', multiple: true },
  'sort-waiting': { type: 'boolean' },
};

export const DASH_OPTION_HELP: Record<string, string> = {
  connect: 'a remote `tmo serve` (ws:// or wss:// URL) instead of the local server; repeatable',
  'token-file': 'the token for the --connect of the same position; repeatable (or $TMO_TOKEN)',
  'sort-waiting': 'agents waiting on you first',
};

export const EXIT_CODES: readonly (readonly [number, string])[] = [
  [EXIT.ok, 'ok (send/answer: delivered and confirmed; health: healthy)'],
  [EXIT.failure, 'failure (target not found, tmux error, bad config; health: an agent is in error)'],
  [EXIT.usage, 'usage error (also an ambiguous target)'],
  [EXIT.tmux, 'tmux is not installed, or its server is not running'],
  [EXIT.unconfirmed, 'send/answer: delivered but not confirmed'],
  [EXIT.refused, 'send/answer: refused (control characters, too long, a dialog waits, the agent exited)'],
];

/** What src/cli.tsx adds: the dashboard, and the heap cap of the long-running commands. */
export interface CliExtras {
  dash?(ctx: CommandContext, values: OptionValues, positionals: string[]): Promise<number>;
  /** Called with the command's name (undefined: the dashboard) before it loads. */
  beforeLoad?(name: string | undefined): void;
  /** A one-command bundle (`cmd-<name>.js`): any other command is handed to the whole CLI. */
  only?: string;
}

/** main's answer when it handed the run to the whole CLI (which sets the exit code itself). */
const HANDED_OVER = -1;

export function helpText(): string {
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
    '  tmo <command> --help              the command and every option it takes',
    '',
    'exit codes:',
    ...EXIT_CODES.map(([code, text]) => `  ${code}  ${text}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** One line per option of the parser's own table, with its description (`tmo <command> --help`). */
export function optionLines(options: ParseArgsOptionsConfig, help: Record<string, string> = {}): string[] {
  const names = Object.keys(options);
  if (names.length === 0) return [];
  const lines = ['options:'];
  for (const name of names) {
    const o = options[name]!;
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ' V' : ''}${o.multiple ? '…' : ''}`;
    lines.push(`  ${flag.padEnd(26)} ${help[name] ?? ''}`.trimEnd());
  }
  return lines;
}

/** `tmo <command> --help`: usage, summary, the entry's extra lines, every option. */
export function commandHelp(entry: CommandEntry, options: ParseArgsOptionsConfig): string {
  const lines = [
    `usage: tmo ${entry.usage}`,
    `  ${entry.summary}`,
    ...(entry.details ?? []),
    ...optionLines(options, entry.optionHelp),
    'global options: -L NAME | -S PATH, --no-color, --ascii (see tmo --help)',
  ];
  return `${lines.join('\n')}\n`;
}

export function dashHelp(): string {
  const lines = [
    'usage: tmo [dash] [--connect URL… [--token-file F…]] [--sort-waiting]',
    '  the live dashboard (the default command)',
    ...optionLines(DASH_OPTIONS, DASH_OPTION_HELP),
    'global options: -L NAME | -S PATH, --no-color, --ascii (see tmo --help)',
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

const commandNames = (): string[] => [
  'dash',
  'help',
  ...COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]),
];

export async function main(argv: string[], extras: CliExtras = {}): Promise<number> {
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
  if ((!commandName && first.values['help'] === true) || commandName === 'help') {
    process.stdout.write(helpText());
    return EXIT.ok;
  }

  const dash = !commandName || commandName === 'dash';
  const entry = dash ? undefined : findCommand(commandName);
  if (!dash && !entry) {
    const near = suggest(commandName, commandNames());
    throw new UsageError(
      `unknown command "${commandName}"${near ? ` — did you mean "${near}"?` : ''} (see tmo --help)`,
    );
  }
  if (extras.only !== undefined && entry?.name !== extras.only) {
    // Not a literal: bundlers leave it alone. Next to this file: dist/bundle/cli.js, or dist/src/cli.js.
    const whole = './cli.js';
    await import(whole);
    return HANDED_OVER;
  }
  extras.beforeLoad?.(entry?.name);
  const module = entry ? await entry.load() : undefined;
  mark('command loaded');
  const own = module ? (module.options ?? {}) : DASH_OPTIONS;
  const options = { ...GLOBAL_OPTIONS, ...own };
  const where = entry ? `tmo ${entry.name} --help` : 'tmo dash --help';
  // `tmo schedule -0.5 …` was `unknown option "-0"`: say what it is (after `--` it is text, as any word)
  const end = rest.indexOf('--');
  const negative = (end === -1 ? rest : rest.slice(0, end)).find((a) => /^-\d/.test(a));
  if (negative)
    throw new UsageError(
      `"${negative}": a negative number is not a value ${entry ? `tmo ${entry.name}` : 'tmo'} takes (see ${where})`,
    );
  const unknown = unknownOptions(rest, options);
  if (unknown) {
    const near = suggest(
      unknown,
      Object.keys(options).map((o) => `--${o}`),
    );
    throw new UsageError(
      `unknown option "${unknown}" for ${entry ? entry.name : 'dash'}${near ? ` — did you mean "${near}"?` : ''} (see ${where})`,
    );
  }
  const parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: true });
  const values = parsed.values as OptionValues;
  if (values['help'] === true) {
    process.stdout.write(entry ? commandHelp(entry, own) : dashHelp());
    return EXIT.ok;
  }

  const server: ServerSelector = {};
  // An empty value is a mistake (`-L "$SOCK"` with SOCK unset), not "the default server": a message sent
  // there would go to another server than the one meant.
  for (const [option, flag] of [
    ['socket-path', '-S'],
    ['socket-name', '-L'],
  ] as const)
    if (values[option] === '') throw new UsageError(`${flag} needs a ${option.replace('-', ' ')}, got ""`);
  if (typeof values['socket-path'] === 'string') server.socketPath = values['socket-path'];
  else if (typeof values['socket-name'] === 'string') server.socketName = values['socket-name'];
  else Object.assign(server, serverFromTmuxEnv(process.env));

  const ctx: CommandContext = {
    server,
    runner: new ProcessRunner(server),
    color: colorAllowed(process.env, process.stdout.isTTY, values['no-color'] === true),
    ascii: values['ascii'] === true,
    stdout: process.stdout,
    // Node opens these streams on first use (stdin's costs a few ms): only the commands that use them do.
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    version: VERSION,
  };
  if (!module) {
    if (!extras.dash) throw new UsageError('the dashboard is not part of this entry');
    return extras.dash(ctx, values, parsed.positionals);
  }
  return module.run(ctx, { positionals: parsed.positionals, values });
}

/**
 * stdout failing under a command: a reader that went away (`| head`, EPIPE) ends nothing and says nothing;
 * a full disk or another write error is one line on stderr and exit 1 — never Node's stack trace of an
 * unhandled 'error' event. The command still finishes what it does (a `send` half done is worse than
 * output lost). Commands that watch their own stream (events, the dashboard) are left to do so.
 */
function onOutputError(error: NodeJS.ErrnoException): void {
  if (process.stdout.listenerCount('error') > 1 || outputError) return;
  outputError = error.code === 'EPIPE' ? 'reader gone' : 'failed';
  if (outputError === 'reader gone') return;
  process.stderr.write(`tmo: cannot write output: ${error.message}\n`);
  process.exitCode = EXIT.failure; // the command may have finished already (a write fails after it)
}
let outputError: 'reader gone' | 'failed' | undefined;

/** Run `main` and set the exit code; every error becomes one line on stderr. */
export function runMain(argv: string[], extras: CliExtras = {}): void {
  mark('main');
  process.stdout.on('error', onOutputError);
  main(argv, extras).then(
    (code) => {
      if (code !== HANDED_OVER) process.exitCode = outputError === 'failed' ? EXIT.failure : code;
    },
    (error: unknown) => {
      const code = (error as { code?: string }).code;
      if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
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
}
