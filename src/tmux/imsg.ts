/**
 * The frames tmux's client and server exchange over the server's socket (OpenBSD imsg, tmux-protocol.h):
 * a 16-byte header — type (u32), length with the header (u16), flags (u16), peer id (u32, tmux puts its
 * PROTOCOL_VERSION there), pid (u32) — then the message's data. Fields are in the machine's byte order;
 * direct.ts only speaks it on little-endian machines, where newer imsg's 32-bit length field (flags folded
 * into it) reads the same as long as no file descriptor is passed, and none is.
 */

/** tmux's client/server protocol version (tmux 2.x to 3.5 speak 8); a server on another says MSG_VERSION. */
export const PROTOCOL_VERSION = 8;
export const HEADER = 16;
/** tmux's MAX_IMSGSIZE: no frame, header included, is longer. */
export const MAX_FRAME = 16384;

/** The message types direct.ts sends or reads (tmux-protocol.h `enum msgtype`). */
export const MSG = {
  VERSION: 12,
  IDENTIFY_FLAGS: 100,
  IDENTIFY_TERM: 101,
  IDENTIFY_TTYNAME: 102,
  IDENTIFY_DONE: 106,
  IDENTIFY_CLIENTPID: 107,
  IDENTIFY_CWD: 108,
  COMMAND: 200,
  EXIT: 203,
  SHUTDOWN: 210,
  FLAGS: 218,
  READ_OPEN: 300,
  READ: 301,
  READ_DONE: 302,
  WRITE_OPEN: 303,
  WRITE: 304,
  WRITE_READY: 305,
  WRITE_CLOSE: 306,
} as const;

/** One frame to send; a data part too long for one frame is the caller's error. */
export function frame(type: number, ...parts: Buffer[]): Buffer {
  const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  if (HEADER + data.length > MAX_FRAME) throw new RangeError('imsg frame too long');
  const out = Buffer.allocUnsafe(HEADER + data.length);
  out.writeUInt32LE(type, 0);
  out.writeUInt16LE(HEADER + data.length, 4);
  out.writeUInt16LE(0, 6);
  out.writeUInt32LE(PROTOCOL_VERSION, 8);
  out.writeUInt32LE(process.pid, 12);
  data.copy(out, HEADER);
  return out;
}

/** C ints, as tmux's message structs hold them. */
export function ints(...values: number[]): Buffer {
  const out = Buffer.allocUnsafe(4 * values.length);
  for (let i = 0; i < values.length; i++) out.writeInt32LE(values[i]!, 4 * i);
  return out;
}

/** A C string with its terminating NUL. */
export const cString = (s: string): Buffer => Buffer.from(`${s}\0`, 'utf8');

/** What FrameReader hands on for each frame: its type, and where its data lies in `buf` (valid during the call only). */
export type OnFrame = (type: number, buf: Buffer, start: number, end: number) => void;

/**
 * Splits a byte stream into frames, with no object made per frame: a big listing comes as thousands of
 * small frames (tmux sends each printed line as one), and a Buffer per frame cost ≈ 10 ms in a process
 * that has just started. A header whose length is impossible throws (the stream is not tmux's protocol).
 */
export class FrameReader {
  private pending: Buffer | undefined;

  push(chunk: Buffer, each: OnFrame): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    while (buf.length - at >= HEADER) {
      const len = buf[at + 4]! | (buf[at + 5]! << 8);
      if (len < HEADER || len > MAX_FRAME) throw new RangeError(`imsg frame of ${len} bytes`);
      if (buf.length - at < len) break;
      each(int32(buf, at) >>> 0, buf, at + HEADER, at + len);
      at += len;
    }
    this.pending = at === buf.length ? undefined : buf.subarray(at);
  }
}

/** The C int at `at` (little-endian), without a bounds-checked call. */
export const int32 = (buf: Buffer, at: number): number =>
  buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24);

/** Bytes gathered into one growing buffer: a stream's output, copied frame by frame. */
export class Sink {
  private buf = Buffer.allocUnsafe(16 * 1024);
  private length = 0;

  add(src: Buffer, start: number, end: number): void {
    const need = this.length + end - start;
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, 2 * this.buf.length));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += src.copy(this.buf, this.length, start, end);
  }

  text(): string {
    return this.buf.toString('utf8', 0, this.length);
  }
}
