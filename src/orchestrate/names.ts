/**
 * Names and commands for `tmo start` / `deploy`: validated so tmux never sees a flag, a `;` command
 * separator or a `#(...)` format in a session or window name, and agent commands split into argv
 * (no shell) so tmux execs them directly.
 */

/** Session and window names we create: letters, digits, `.`, `_`, `-`; never a leading `-`. */
const NAME_RE = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;
const MAX_NAME = 64;

/** Why `name` is not acceptable as a session name, or undefined when it is. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (name.length > MAX_NAME) return `the name is longer than ${MAX_NAME} characters`;
  if (name.startsWith('-')) return 'the name must not start with "-"';
  if (!NAME_RE.test(name)) return 'only letters, digits, ".", "_" and "-" are allowed';
  return undefined;
}

/**
 * A session name derived from a folder name: characters outside `[A-Za-z0-9._-]` become `-`, runs of
 * `-` collapse, leading `-`/`.` and trailing `-` are dropped (tmux turns `.` in session names into `_`
 * anyway, and a leading `.` looks odd). Falls back to `project` when nothing is left.
 */
export function sanitizeName(raw: string): string {
  const cleaned = raw
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+/, '')
    .replace(/-+$/, '')
    .slice(0, MAX_NAME)
    .replace(/-+$/, '');
  return cleaned === '' ? 'project' : cleaned;
}

/** tmux rewrites `.` and `:` in session names to `_` (they are target separators): mirror it. */
export const tmuxSessionName = (name: string): string => name.replace(/[.:]/g, '_');

/** The agents `--agent` knows by name, and the command each runs. */
export const BUILTIN_AGENTS: Readonly<Record<string, readonly string[]>> = {
  claude: ['claude'],
  codex: ['codex'],
  gemini: ['gemini'],
  aider: ['aider'],
};

export class CommandSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandSyntaxError';
  }
}

/**
 * Split a command line into argv the way a POSIX shell splits words, WITHOUT expanding anything:
 * whitespace separates words; '…' is literal; "…" allows \" \\ \$ \` escapes; a backslash outside
 * quotes escapes the next character. `$VAR`, globs, `;`, `|` stay literal characters of a word.
 */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new CommandSyntaxError('unterminated single quote');
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < line.length) {
        const d = line[i] as string;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) {
          word += line[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      if (!closed) throw new CommandSyntaxError('unterminated double quote');
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new CommandSyntaxError('trailing backslash');
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * The argv for the agent: a built-in name maps to its program, anything else is split into words.
 * Throws CommandSyntaxError for an empty command, bad quoting or a program name starting with `-`.
 */
export function agentArgv(agent: string): string[] {
  const builtin = BUILTIN_AGENTS[agent];
  if (builtin) return [...builtin];
  const argv = splitCommand(agent);
  const program = argv[0];
  if (program === undefined || program === '') throw new CommandSyntaxError('the agent command is empty');
  if (program.startsWith('-')) throw new CommandSyntaxError('the agent command must not start with "-"');
  return argv;
}

/**
 * What to hand tmux after `--`: with two or more arguments tmux execs them directly (no shell); with
 * ONE it would run it through `sh -c`, so a single word is run as `env -- PROGRAM` instead (env execs
 * it: the pane's command is still PROGRAM). A lone word containing `=` would be read by env as a
 * variable assignment: refused.
 */
export function tmuxExecArgv(argv: readonly string[]): string[] {
  if (argv.length >= 2) return [...argv];
  const program = argv[0];
  if (program === undefined || program === '') throw new CommandSyntaxError('the agent command is empty');
  if (program.includes('=')) throw new CommandSyntaxError('a program name must not contain "="');
  return ['env', '--', program];
}

/** Window name for an agent window: `Claude-Agent` for the built-ins (as the original), else `Agent`. */
export function agentWindowName(agent: string): string {
  const builtin = BUILTIN_AGENTS[agent];
  if (!builtin) return 'Agent';
  return `${agent.charAt(0).toUpperCase()}${agent.slice(1)}-Agent`;
}

/**
 * A window name not yet among `taken`: `base`, else `base-2`, `base-3`, … — so a second deployed
 * Project-Manager is not a second window answering to the same name (an ambiguous target later).
 */
export function uniqueWindowName(base: string, taken: readonly string[]): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  let n = 2;
  while (names.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** argv shown to a person, quoted the POSIX way where needed (display only: never run by a shell). */
export const displayCommand = (argv: readonly string[]): string =>
  argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

/**
 * How a person gets to `session` on the server tmo was pointed at: `tmux -L NAME attach -t '=S'` (or
 * `-S PATH`); inside tmux with no -L/-S, `tmux switch-client -t '=S'` (attach would nest). The `=` word
 * is always quoted (zsh expands a leading `=`). Display only: never run by a shell.
 */
export function attachCommand(
  server: { socketName?: string; socketPath?: string },
  session: string,
  insideTmux: boolean,
): string {
  const target = `'=${session.replace(/'/g, `'\\''`)}'`;
  if (server.socketPath)
    return `${displayCommand(['tmux', '-S', server.socketPath, 'attach', '-t'])} ${target}`;
  if (server.socketName)
    return `${displayCommand(['tmux', '-L', server.socketName, 'attach', '-t'])} ${target}`;
  return insideTmux ? `tmux switch-client -t ${target}` : `tmux attach -t ${target}`;
}
