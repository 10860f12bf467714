/**
 * The snapshot's output parsed in one pass, straight into sessions, windows and panes: no record or row
 * objects and no substring per number or flag (at 1000 panes those were ≈ 15,000 short-lived objects,
 * which a one-shot command pays for in garbage collection). Exactly as strict as `parseRecords` and
 * `checkIds` (formats.ts), which tests hold it to: fields in the order of formats.ts's record specs, fixed
 * fields end at their separator with no newline inside (the last one at the newline with no separator
 * inside), text fields carry their length in bytes, ids look like tmux ids.
 */
import type { PaneInfo, SessionInfo, WindowInfo } from '../model/types.js';
import { advanceBytes, FormatParseError, SEP, toInt } from './formats.js';

const SEP_CODE = 0x1f;
const NL = 0x0a;

/** A reading position in tmux's output, and the record it is in (for error messages). */
export class Cursor {
  readonly text: string;
  pos = 0;
  private start = 0;
  constructor(text: string) {
    this.text = text;
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string): never {
    const end = this.text.indexOf('\n', this.start);
    throw new FormatParseError(message, this.text.slice(this.start, end === -1 ? this.text.length : end));
  }

  /** The next record's tag, past blank lines ('' at the end); the cursor then stands on its first field. */
  tag(): string {
    const { text } = this;
    while (this.pos < text.length && text.charCodeAt(this.pos) === NL) this.pos++;
    if (this.pos >= text.length) return '';
    this.start = this.pos;
    const tag = text.charAt(this.pos);
    if (text.charCodeAt(this.pos + 1) !== SEP_CODE) this.fail('unexpected line in tmux output');
    this.pos += 2;
    return tag;
  }

  /** Where the line at pos ends (cached until pos passes it: a text field may hold newlines). */
  private lineEnd = -1;
  private endOfLine(): number {
    if (this.lineEnd < this.pos) {
      const nl = this.text.indexOf('\n', this.pos);
      this.lineEnd = nl === -1 ? this.text.length : nl;
    }
    return this.lineEnd;
  }

  /** The end of a fixed field starting at pos; fails when the other terminator comes first. */
  private end(field: string, last: boolean): number {
    const { text } = this;
    const eol = this.endOfLine();
    if (last) {
      const sep = text.indexOf(SEP, this.pos);
      if (sep !== -1 && sep < eol) this.fail(`field ${field} is not terminated where expected`);
      return eol;
    }
    const end = text.indexOf(SEP, this.pos);
    if (end === -1 || end > eol) {
      if (eol < text.length) this.fail(`field ${field} is not terminated where expected`);
      return text.length;
    }
    return end;
  }

  fixed(field: string, last = false): string {
    const end = this.end(field, last);
    const value = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return value;
  }

  /** A fixed field read as `toInt` reads it, without a substring when it is plain digits. */
  int(field: string, last = false, fallback = 0): number {
    const { text } = this;
    const end = this.end(field, last);
    let n = 0;
    let i = this.pos;
    for (; i < end; i++) {
      const c = text.charCodeAt(i) - 0x30;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
    }
    const plain = i === end && end > this.pos && end - this.pos <= 15;
    const value = plain ? n : toInt(text.slice(this.pos, end), fallback);
    this.pos = end + 1;
    return value;
  }

  /** A flag: true only for `1`. */
  bool(field: string, last = false): boolean {
    const end = this.end(field, last);
    const value = end - this.pos === 1 && this.text.charCodeAt(this.pos) === 0x31;
    this.pos = end + 1;
    return value;
  }

  /** A tmux id: the sigil (`$`, `@`, `%`) and digits, as checkIds wants it. */
  id(field: string, sigil: string): string {
    const { text } = this;
    const end = this.end(field, false);
    let ok = end - this.pos >= 2 && text.charAt(this.pos) === sigil;
    for (let i = this.pos + 1; ok && i < end; i++) {
      const c = text.charCodeAt(i);
      ok = c >= 0x30 && c <= 0x39;
    }
    const value = text.slice(this.pos, end);
    if (!ok) this.fail(`bad ${field} "${value}"`);
    this.pos = end + 1;
    return value;
  }

  /** A length-prefixed text field (`<bytes>US<value>`). */
  textField(field: string, last = false): string {
    const { text } = this;
    const lenEnd = text.indexOf(SEP, this.pos);
    let bytes = 0;
    let ok = lenEnd > this.pos && lenEnd - this.pos <= 9;
    for (let i = this.pos; ok && i < lenEnd; i++) {
      const c = text.charCodeAt(i) - 0x30;
      ok = c >= 0 && c <= 9;
      bytes = bytes * 10 + c;
    }
    if (!ok) this.fail(`bad length for ${field}: "${lenEnd === -1 ? '' : text.slice(this.pos, lenEnd)}"`);
    const end = advanceBytes(text, lenEnd + 1, bytes);
    if (end === -1) this.fail(`field ${field} is truncated`);
    const terminated = last
      ? end === text.length || text.charCodeAt(end) === NL
      : text.charCodeAt(end) === SEP_CODE;
    if (!terminated) this.fail(`field ${field} has the wrong length`);
    const value = text.slice(lenEnd + 1, end);
    this.pos = end + 1;
    return value;
  }

  /** The rest of the line (a `line` field: only ever a record's last). */
  line(): string {
    let end = this.text.indexOf('\n', this.pos);
    if (end === -1) end = this.text.length;
    const value = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return value;
  }
}

/** An S record (SESSION_SPEC). */
export function readSession(c: Cursor): SessionInfo {
  const id = c.id('session_id', '$');
  const created = c.int('session_created') * 1000;
  const activity = c.int('session_activity') * 1000;
  const name = c.textField('session_name', true);
  return { id, name, created, attached: false, clients: 0, activity, windows: [] };
}

/** A W record (WINDOW_SPEC): the session id, the window and its pane count. */
export function readWindow(c: Cursor): { sessionId: string; window: WindowInfo; panes: number } {
  const sessionId = c.id('session_id', '$');
  const id = c.id('window_id', '@');
  const index = c.int('window_index');
  const active = c.bool('window_active');
  const activity = c.int('window_activity') * 1000;
  const panes = c.int('window_panes', false, -1);
  const name = c.textField('window_name', true);
  return { sessionId, window: { id, index, name, active, activity, panes: [] }, panes };
}

/** A P or Q record (PANE_SPEC / PANE_LINE_SPEC): its window's key (session id + window id) and the pane. */
export function readPane(c: Cursor, lineCommand: boolean): { key: string; pane: PaneInfo } {
  const sessionId = c.id('session_id', '$');
  const windowId = c.id('window_id', '@');
  const id = c.id('pane_id', '%');
  const index = c.int('pane_index');
  const active = c.bool('pane_active');
  const width = c.int('pane_width');
  const height = c.int('pane_height');
  const pid = c.int('pane_pid');
  const dead = c.bool('pane_dead');
  const deadStatus = c.fixed('pane_dead_status');
  const inMode = c.bool('pane_in_mode');
  const title = c.textField('pane_title');
  const command = lineCommand ? c.line() : c.textField('pane_current_command', true);
  const pane: PaneInfo = { id, index, active, width, height, command, pid, title, dead, inMode };
  if (dead && deadStatus !== '') pane.deadStatus = toInt(deadStatus);
  return { key: sessionId + windowId, pane };
}
