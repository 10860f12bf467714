/**
 * Quoting for tmux's command parser (what a control-mode client sends one line at a time).
 *
 * Unquoted, tmux expands `$VAR`, `~`, treats `#` as a comment, `;` as a separator and `{}` as blocks, and a
 * newline ends the command. Inside double quotes it still expands `$`, and `~` at the start (`"~x"` is even
 * a syntax error), but honours backslash escapes, including `\ooo` octal (checked on tmux 3.3a by
 * round-tripping bytes through set-buffer/save-buffer; the `~` case was found by the property test).
 * So: plain tokens stay bare, everything else goes in double quotes with `\`, `"`, `$`, `~` escaped and
 * every control byte written as `\ooo`. The result never contains a newline.
 */
// A word starting with `%` is a directive (`%if`, `%hidden`…) to tmux's parser, bare: only pane ids stay bare.
const BARE = /^(?:%\d+|[A-Za-z0-9_@:.,/=+^-][A-Za-z0-9_@%:.,/=+^-]*)$/;

export function quoteArg(arg: string): string {
  if (BARE.test(arg)) return arg;
  let out = '"';
  for (const ch of arg) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '"' || ch === '$' || ch === '~') out += `\\${ch}`;
    else if (c < 0x20 || c === 0x7f) out += `\\${c.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** One control-mode command line from an argv (no `;` splitting: callers split first). */
export function commandLine(args: readonly string[]): string {
  if (args.length === 0) throw new Error('empty tmux command');
  return args.map(quoteArg).join(' ');
}

/** Split an argv on standalone `;` arguments into separate commands (as the tmux command line does). */
export function splitCommands(args: readonly string[]): string[][] {
  const commands: string[][] = [[]];
  for (const arg of args) {
    if (arg === ';') commands.push([]);
    else commands[commands.length - 1]!.push(arg.endsWith('\\;') ? `${arg.slice(0, -2)};` : arg);
  }
  return commands.filter((c) => c.length > 0);
}
