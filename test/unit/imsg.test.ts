import { describe, expect, it } from 'vitest';
import {
  cString,
  FrameReader,
  frame,
  HEADER,
  ints,
  MAX_FRAME,
  MSG,
  PROTOCOL_VERSION,
  Sink,
} from '../../src/tmux/imsg.js';

describe("tmux's imsg frames", () => {
  it('has the 16-byte header tmux reads: type, length with header, flags 0, protocol version, pid', () => {
    const f = frame(MSG.IDENTIFY_FLAGS, ints(0x10000));
    expect(f.length).toBe(HEADER + 4);
    expect(f.readUInt32LE(0)).toBe(100);
    expect(f.readUInt16LE(4)).toBe(20);
    expect(f.readUInt16LE(6)).toBe(0);
    expect(f.readUInt32LE(8)).toBe(PROTOCOL_VERSION);
    expect(f.readUInt32LE(12)).toBe(process.pid);
    expect(f.readInt32LE(16)).toBe(0x10000);
    expect([...cString('ab')]).toEqual([0x61, 0x62, 0]);
  });

  it('refuses a frame longer than tmux takes', () => {
    expect(() => frame(MSG.COMMAND, Buffer.alloc(MAX_FRAME - HEADER))).not.toThrow();
    expect(() => frame(MSG.COMMAND, Buffer.alloc(MAX_FRAME - HEADER + 1))).toThrow(RangeError);
  });

  it('splits a stream into frames wherever its chunks break, and throws on an impossible length', () => {
    const stream = Buffer.concat([
      frame(MSG.WRITE_OPEN, ints(1, 1, 0)),
      frame(MSG.WRITE, ints(1), Buffer.from('héllo\n')),
      frame(MSG.EXIT, ints(0)),
    ]);
    for (const size of [1, 3, 16, 17, 40, stream.length]) {
      const reader = new FrameReader();
      const got: { type: number; data: string }[] = [];
      for (let at = 0; at < stream.length; at += size)
        reader.push(stream.subarray(at, at + size), (type, buf, start, end) =>
          got.push({ type, data: buf.toString('hex', start, end) }),
        );
      expect(got).toEqual([
        { type: MSG.WRITE_OPEN, data: ints(1, 1, 0).toString('hex') },
        { type: MSG.WRITE, data: Buffer.concat([ints(1), Buffer.from('héllo\n')]).toString('hex') },
        { type: MSG.EXIT, data: ints(0).toString('hex') },
      ]);
    }
    const bad = Buffer.alloc(HEADER);
    bad.writeUInt16LE(HEADER - 1, 4);
    expect(() => new FrameReader().push(bad, () => {})).toThrow(RangeError);
  });

  it('gathers a stream written in many pieces, a character split between two included', () => {
    const sink = new Sink();
    const text = `${'é✓日本'.repeat(5000)}\n`;
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += 7) sink.add(bytes, at, Math.min(at + 7, bytes.length));
    expect(sink.text()).toBe(text);
  });
});
