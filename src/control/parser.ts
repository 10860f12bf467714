/**
 * Byte-fed parser for tmux control mode (`tmux -C`). Independent of where bytes come from: feed it
 * chunks split anywhere, it calls back with replies (`%begin`…`%end|%error` blocks), decoded pane output
 * and other notifications. Malformed lines are skipped; every buffer is bounded.
 */

export interface ControlReply {
  /** `%begin <time> <number> <flags>`: flags 1 = a reply to one of our commands. */
  time: string;
  number: string;
  flags: string;
  ok: boolean;
  lines: string[];
}

export interface ControlNotification {
  /** Without the leading `%`: `window-add`, `sessions-changed`, `exit`, ... */
  name: string;
  /** The rest of the line split on single spaces (ids, names are last: see `rest`). */
  args: string[];
  /** Everything after the name and one space (names may contain spaces). */
  rest: string;
}

export interface ControlHandlers {
  reply?(reply: ControlReply): void;
  output?(paneId: string, text: string): void;
  /**
   * Whether a pane's output text is wanted (default: yes). Unwanted output is neither unescaped nor decoded:
   * `activity` hears that the pane printed, and nothing is kept.
   */
  wants?(paneId: string): boolean;
  activity?(paneId: string): void;
  notification?(note: ControlNotification): void;
}

export interface ParserLimits {
  /** Longest line kept; longer lines are dropped (skipped up to the next newline). */
  maxLineBytes?: number;
  /** Most lines kept in one reply block; more are dropped (the reply still completes). */
  maxBlockLines?: number;
}

const NL = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;
const utf8 = new TextDecoder('utf-8');

export class ControlParser {
  private readonly handlers: ControlHandlers;
  private readonly maxLineBytes: number;
  private readonly maxBlockLines: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Dropping an over-long line until its newline. */
  private skipping = false;
  private block: ControlReply | null = null;
  private readonly decoders = new Map<string, InstanceType<typeof TextDecoder>>();
  /** Lines skipped as malformed or over-long (for diagnostics and tests). */
  skipped = 0;

  constructor(handlers: ControlHandlers, limits: ParserLimits = {}) {
    this.handlers = handlers;
    this.maxLineBytes = limits.maxLineBytes ?? 16 * 1024 * 1024;
    this.maxBlockLines = limits.maxBlockLines ?? 1_000_000;
  }

  /** True while inside a `%begin` block. */
  get inBlock(): boolean {
    return this.block !== null;
  }

  feed(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    while (start < buf.length) {
      const nl = buf.indexOf(NL, start);
      if (nl === -1) {
        this.keep(buf.subarray(start));
        return;
      }
      if (this.skipping) {
        this.skipping = false;
        this.skipped++;
      } else if (this.pendingBytes === 0) {
        this.line(buf.subarray(start, nl));
      } else {
        this.keep(buf.subarray(start, nl));
        if (!this.skipping) {
          const whole = Buffer.concat(this.pending, this.pendingBytes);
          this.pending = [];
          this.pendingBytes = 0;
          this.line(whole);
        } else {
          this.skipping = false;
          this.skipped++;
        }
      }
      start = nl + 1;
    }
  }

  /** Forget per-pane decoder state of a pane that is gone. */
  forgetPane(paneId: string): void {
    this.decoders.delete(paneId);
  }

  /** Drop any partial line and open block (e.g. when the process is replaced). */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
    this.block = null;
    this.decoders.clear();
  }

  private keep(part: Buffer): void {
    if (this.skipping) return;
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = true;
      return;
    }
    // Copy: the caller may reuse its chunk buffer.
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  private line(raw: Buffer): void {
    let bytes = raw;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    const block = this.block;
    if (block) {
      // Inside a block every line is content unless it is exactly the matching %end / %error.
      if (bytes[0] === 0x25 /* % */) {
        const text = bytes.toString('latin1');
        const m = /^%(end|error) (\S+) (\S+) (\S+)$/.exec(text);
        if (m && m[2] === block.time && m[3] === block.number && m[4] === block.flags) {
          block.ok = m[1] === 'end';
          this.block = null;
          this.handlers.reply?.(block);
          return;
        }
      }
      if (block.lines.length < this.maxBlockLines) block.lines.push(utf8.decode(bytes));
      else this.skipped++;
      return;
    }
    if (bytes[0] !== 0x25) {
      if (bytes.length > 0) this.skipped++;
      return;
    }
    // %output %<pane> <data>  /  %extended-output %<pane> <age> ... : <data>
    if (startsWith(bytes, OUTPUT)) {
      this.output(bytes, OUTPUT.length, false);
      return;
    }
    if (startsWith(bytes, EXTENDED)) {
      this.output(bytes, EXTENDED.length, true);
      return;
    }
    const text = utf8.decode(bytes);
    const sp = text.indexOf(' ');
    const name = text.slice(1, sp === -1 ? text.length : sp);
    if (!/^[a-z][a-z-]*$/.test(name)) {
      this.skipped++;
      return;
    }
    const rest = sp === -1 ? '' : text.slice(sp + 1);
    if (name === 'begin') {
      const m = /^(\S+) (\S+) (\S+)$/.exec(rest);
      if (!m) {
        this.skipped++;
        return;
      }
      this.block = { time: m[1]!, number: m[2]!, flags: m[3]!, ok: false, lines: [] };
      return;
    }
    if (name === 'end' || name === 'error') {
      this.skipped++; // an end without a begin
      return;
    }
    this.handlers.notification?.({ name, args: rest === '' ? [] : rest.split(' '), rest });
  }

  private output(bytes: Buffer, from: number, extended: boolean): void {
    // Pane id: %<digits>
    let i = from;
    if (bytes[i] !== 0x25) {
      this.skipped++;
      return;
    }
    i++;
    const idStart = i;
    while (i < bytes.length && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) i++;
    if (i === idStart || (i < bytes.length && bytes[i] !== 0x20)) {
      this.skipped++;
      return;
    }
    const paneId = bytes.toString('latin1', from, i);
    if (this.handlers.wants && !this.handlers.wants(paneId)) {
      this.decoders.delete(paneId); // a character split across the gap would decode wrong later
      this.handlers.activity?.(paneId);
      return;
    }
    let dataStart = i + 1;
    if (extended) {
      // "<age> [reserved...] : <data>"
      const colon = bytes.indexOf(' : ', i);
      if (colon === -1) {
        this.skipped++;
        return;
      }
      dataStart = colon + 3;
    }
    if (dataStart > bytes.length) dataStart = bytes.length;
    const data = unescapeOctal(bytes.subarray(dataStart));
    let decoder = this.decoders.get(paneId);
    if (!decoder) {
      decoder = new TextDecoder('utf-8');
      this.decoders.set(paneId, decoder);
    }
    const text = decoder.decode(data, { stream: true });
    if (text.length > 0) this.handlers.output?.(paneId, text);
  }
}

const OUTPUT = Buffer.from('%output ');
const EXTENDED = Buffer.from('%extended-output ');

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

const isOctal = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x37;

/** tmux writes bytes < 0x20 and `\` as `\ooo`; everything else raw. Malformed escapes are kept as-is. */
export function unescapeOctal(bytes: Buffer): Buffer {
  if (bytes.indexOf(BACKSLASH) === -1) return bytes;
  const out = Buffer.allocUnsafe(bytes.length);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === BACKSLASH && isOctal(bytes[i + 1]) && isOctal(bytes[i + 2]) && isOctal(bytes[i + 3])) {
      out[o++] = ((bytes[i + 1]! - 0x30) * 64 + (bytes[i + 2]! - 0x30) * 8 + (bytes[i + 3]! - 0x30)) & 0xff;
      i += 3;
    } else out[o++] = b;
  }
  return out.subarray(0, o);
}
