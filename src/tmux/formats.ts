/**
 * The `-F` formats we ask tmux for, and their strict, byte-exact parsers.
 *
 * tmux does not escape everything it prints: a window created with `new-window -n` keeps raw control
 * characters, newlines included, so no separator is safe on its own. Free-text fields are therefore
 * length-prefixed with tmux's own `#{n:field}` (the value's length in bytes): `<len>US<value>`. Fixed
 * fields (ids, numbers, flags) cannot contain the separator. Each record starts with a one-letter tag
 * and ends with a newline, so chained commands (`a ; b`) can share one tmux call.
 *
 * tmux 3.4 and later print `-F` and `display -p` output through vis(3) (server_client_print: VIS_OCTAL |
 * VIS_CSTYLE | VIS_NOSLASH): a control character arrives as `\ooo` or `\r`-style, the separator too, while a
 * backslash stays as it is — so `\037` in a name and an escaped 0x1f would read alike. Text fields are
 * therefore asked with `#{q:…}`, which puts a backslash before every backslash (and before shell
 * characters): every backslash tmux prints is then the start of an escape, and `unescapeOutput` gives back
 * exactly what tmux 3.3 prints, on every version (3.3 escapes nothing, `q` alone is undone the same way).
 *
 * One exception, for speed: `#{n:x}` makes tmux evaluate x twice, and `pane_current_command` is the costly
 * field (a /proc read per pane: ≈ 0.3 ms of tmux's time at 50 panes, ≈ 15 ms at 1000). The snapshot
 * therefore asks for it once, as a `line` field — the last one of a pane record, running to the end of the
 * line — and checks the result (see parseSnapshot): only a command name holding a newline can break it,
 * and then the snapshot is asked again with the exact, length-prefixed format.
 */
export const SEP = '\x1f';
const SEP_BYTE = 0x1f;
const NL = 0x0a;

/** `line`: only as a record's last field, and only where a broken record is detected (see above). */
export type FieldKind = 'fixed' | 'text' | 'line';
export interface RecordSpec<F extends string> {
  tag: string;
  fields: readonly (readonly [F, FieldKind])[];
}

export const SESSION_SPEC = {
  tag: 'S',
  fields: [
    ['session_id', 'fixed'],
    ['session_created', 'fixed'],
    ['session_activity', 'fixed'],
    ['session_name', 'text'],
  ],
} as const satisfies RecordSpec<string>;

export const WINDOW_SPEC = {
  tag: 'W',
  fields: [
    ['session_id', 'fixed'],
    ['window_id', 'fixed'],
    ['window_index', 'fixed'],
    ['window_active', 'fixed'],
    ['window_activity', 'fixed'],
    ['window_panes', 'fixed'],
    ['window_name', 'text'],
  ],
} as const satisfies RecordSpec<string>;

const PANE_OWN = [
  ['session_id', 'fixed'],
  ['window_id', 'fixed'],
  ['pane_id', 'fixed'],
  ['pane_index', 'fixed'],
  ['pane_active', 'fixed'],
  ['pane_width', 'fixed'],
  ['pane_height', 'fixed'],
  ['pane_pid', 'fixed'],
  ['pane_dead', 'fixed'],
  ['pane_dead_status', 'fixed'],
  ['pane_in_mode', 'fixed'],
  ['pane_title', 'text'],
] as const;

/** Per pane only what is the pane's own: session/window fields come once per session/window. Exact. */
export const PANE_SPEC = {
  tag: 'P',
  fields: [...PANE_OWN, ['pane_current_command', 'text']],
} as const satisfies RecordSpec<string>;

/** The same fields with the command read once, to the end of the line (see the top of this file). */
export const PANE_LINE_SPEC = {
  tag: 'Q',
  fields: [...PANE_OWN, ['pane_current_command', 'line']],
} as const satisfies RecordSpec<string>;

export const CLIENT_SPEC = {
  tag: 'C',
  fields: [
    ['client_session', 'text'],
    ['client_control_mode', 'fixed'],
  ],
} as const satisfies RecordSpec<string>;

export const VERSION_SPEC = {
  tag: 'V',
  fields: [
    ['version', 'fixed'],
    ['pid', 'fixed'],
    ['start_time', 'fixed'],
    ['socket_path', 'text'],
  ],
} as const satisfies RecordSpec<string>;

type FieldsOf<S> = S extends RecordSpec<infer F> ? F : never;
export type RecordOf<S> = Record<FieldsOf<S>, string>;
export type SessionRow = RecordOf<typeof SESSION_SPEC>;
export type WindowRow = RecordOf<typeof WINDOW_SPEC>;
export type PaneRow = RecordOf<typeof PANE_SPEC>;
export type ClientRow = RecordOf<typeof CLIENT_SPEC>;
export type VersionRow = RecordOf<typeof VERSION_SPEC>;
export const PANE_FIELDS = PANE_SPEC.fields.map(([f]) => f);

/** The `-F` format for a record spec (text and line fields quoted, see the top of this file). */
export function formatFor(spec: RecordSpec<string>): string {
  const parts = spec.fields.map(([f, kind]) =>
    kind === 'text' ? `#{n:${f}}${SEP}#{q:${f}}` : kind === 'line' ? `#{q:${f}}` : `#{${f}}`,
  );
  if (spec.fields.slice(0, -1).some(([, kind]) => kind === 'line'))
    throw new Error(`${spec.tag}: a line field must be the last one`);
  return [spec.tag, ...parts].join(SEP);
}

export const SESSION_FORMAT = formatFor(SESSION_SPEC);
export const WINDOW_FORMAT = formatFor(WINDOW_SPEC);
export const PANE_FORMAT = formatFor(PANE_SPEC);
export const PANE_LINE_FORMAT = formatFor(PANE_LINE_SPEC);
export const CLIENT_FORMAT = formatFor(CLIENT_SPEC);
export const VERSION_FORMAT = formatFor(VERSION_SPEC);

/** What `#{q:…}` puts a backslash before (tmux's format_quote_shell, the same from 3.0 to 3.5). */
const QUOTED = '|&;<>()$`\\"\'*?[# =%';
/** A backslash and what follows it: three octal digits or a C-style letter (vis), or a quoted character. */
const ESCAPE = new RegExp(String.raw`\\([0-7]{3}|[rbavf]|[${QUOTED.replace(/[\\\]^-]/g, '\\$&')}])`, 'g');
const C_STYLE: Record<string, string> = { r: '\r', b: '\b', a: '\x07', v: '\v', f: '\f' };

/** `#{q:…}` of a value, as tmux prints it (for tests and fakes; tmux 3.3, which escapes nothing else). */
export function quoteShell(value: string): string {
  let out = '';
  for (const c of value) out += QUOTED.includes(c) ? `\\${c}` : c;
  return out;
}

/**
 * tmux's `-F` output of our formats as tmux 3.3 prints them unquoted: the escapes of tmux 3.4+ and of
 * `#{q:…}` undone (see the top of this file). Only the listing: a screen (`capture-pane -p`) is printed raw.
 */
export function unescapeOutput(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(ESCAPE, (_, e: string) =>
    e.length === 3 ? String.fromCharCode(Number.parseInt(e, 8)) : (C_STYLE[e] ?? e),
  );
}

export class FormatParseError extends Error {
  readonly line: string;
  constructor(message: string, line: string) {
    super(message);
    this.name = 'FormatParseError';
    this.line = line;
  }
}

/** Encode one record the way tmux prints it (used by tests and fakes). */
export function encodeRecord(spec: RecordSpec<string>, values: Record<string, string>): string {
  const parts = spec.fields.map(([f, kind]) => {
    const v = values[f] ?? '';
    return kind === 'text'
      ? `${Buffer.byteLength(v)}${SEP}${quoteShell(v)}`
      : kind === 'line'
        ? quoteShell(v)
        : v;
  });
  return `${[spec.tag, ...parts].join(SEP)}\n`;
}

export type ParsedRecord =
  | { tag: 'S'; row: SessionRow }
  | { tag: 'W'; row: WindowRow }
  | { tag: 'P' | 'Q'; row: PaneRow }
  | { tag: 'C'; row: ClientRow }
  | { tag: 'V'; row: VersionRow };

const SPECS: Record<string, RecordSpec<string>> = {
  S: SESSION_SPEC,
  W: WINDOW_SPEC,
  P: PANE_SPEC,
  Q: PANE_LINE_SPEC,
  C: CLIENT_SPEC,
  V: VERSION_SPEC,
};

/** Index just past `bytes` UTF-8 bytes of `text` starting at `from`, or -1 if the text ends first. */
export function advanceBytes(text: string, from: number, bytes: number): number {
  let i = from;
  let left = bytes;
  while (left > 0) {
    if (i >= text.length) return -1;
    const c = text.charCodeAt(i);
    if (c < 0x80) left -= 1;
    else if (c < 0x800) left -= 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      left -= 4;
      i++;
    } else left -= 3;
    i++;
  }
  return left === 0 ? i : -1;
}

/** Parse tmux output made of tagged records. Strict: any deviation throws FormatParseError. */
export function parseRecords(printed: string): ParsedRecord[] {
  const output = unescapeOutput(printed);
  const records: ParsedRecord[] = [];
  const length = output.length;
  let pos = 0;
  let start = 0;
  const fail = (message: string): never => {
    const end = output.indexOf('\n', start);
    throw new FormatParseError(message, output.slice(start, end === -1 ? length : end));
  };
  while (pos < length) {
    start = pos;
    if (output.charCodeAt(pos) === NL) {
      pos++;
      continue;
    }
    const spec = SPECS[output.charAt(pos)];
    if (!spec || output.charCodeAt(pos + 1) !== SEP_BYTE) fail('unexpected line in tmux output');
    pos += 2;
    const row: Record<string, string> = {};
    const fields = spec!.fields;
    for (let i = 0; i < fields.length; i++) {
      const [field, kind] = fields[i]!;
      const last = i === fields.length - 1;
      let end: number;
      if (kind === 'line') {
        end = output.indexOf('\n', pos);
        if (end === -1) end = length;
        row[field] = output.slice(pos, end);
      } else if (kind === 'fixed') {
        // Ids, numbers and flags never hold a separator or a newline.
        end = output.indexOf(last ? '\n' : SEP, pos);
        if (end === -1) end = length;
        const value = output.slice(pos, end);
        if (value.includes(last ? SEP : '\n')) fail(`field ${field} is not terminated where expected`);
        row[field] = value;
      } else {
        const lenEnd = output.indexOf(SEP, pos);
        const lenText = lenEnd === -1 ? '' : output.slice(pos, lenEnd);
        if (!/^\d{1,9}$/.test(lenText)) fail(`bad length for ${field}: "${lenText}"`);
        end = advanceBytes(output, lenEnd + 1, Number(lenText));
        if (end === -1) fail(`field ${field} is truncated`);
        const terminated = last
          ? end === length || output.charCodeAt(end) === NL
          : output.charCodeAt(end) === SEP_BYTE;
        if (!terminated) fail(`field ${field} has the wrong length`);
        row[field] = output.slice(lenEnd + 1, end);
      }
      pos = end + 1;
    }
    records.push({ tag: spec!.tag, row } as ParsedRecord);
  }
  return records;
}

const ID_PATTERNS: Record<string, RegExp> = { session_id: /^\$\d+$/, window_id: /^@\d+$/, pane_id: /^%\d+$/ };

/** Ids must look like tmux ids (`$N`, `@N`, `%N`): anything else means the output was misread. */
export function checkIds<R extends Record<string, string>>(row: R): R {
  for (const [field, re] of Object.entries(ID_PATTERNS)) {
    const value = row[field];
    if (value !== undefined && !re.test(value))
      throw new FormatParseError(`bad ${field} "${value}"`, JSON.stringify(row));
  }
  return row;
}

export const toInt = (value: string, fallback = 0): number => {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : fallback;
};
export const toBool = (value: string): boolean => value === '1';
/** tmux times are seconds since epoch; we use ms. */
export const toMs = (value: string): number => toInt(value) * 1000;
