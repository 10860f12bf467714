import { describe, expect, it } from 'vitest';
import { isoTime } from '../../src/model/iso-time.js';

/** A small deterministic generator (the suite is deterministic). */
function* randoms(seed: number, count: number): Generator<number> {
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    yield x / 2 ** 31;
  }
}

describe('isoTime', () => {
  it('is Date#toISOString for every instant tried', () => {
    const edges = [
      0,
      -0,
      1,
      -1,
      999,
      1000,
      0.5,
      -0.5,
      1.9,
      -1.9,
      86_399_999,
      86_400_000,
      -86_400_000,
      951_782_400_000,
      951_868_799_999,
      4_107_542_400_000,
      253_402_300_799_999,
      253_402_300_800_000,
      -62_167_219_200_000,
      -62_167_219_200_001,
      8.64e15,
      -8.64e15,
      Date.UTC(2026, 11, 8, 4, 16, 53, 7),
    ];
    for (const ms of edges) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
    for (const r of randoms(7, 20_000)) {
      const ms = Math.floor((r - 0.5) * 2 * 300_000_000_000_000);
      expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
    }
    // every day of four centuries around the epoch, at a time of day that varies
    for (let day = -73_000; day < 73_000; day += 1) {
      const ms = day * 86_400_000 + ((((day * 7_919_123) % 86_400_000) + 86_400_000) % 86_400_000);
      if (isoTime(ms) !== new Date(ms).toISOString()) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('throws as Date does on a value that is not a time', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1])
      expect(() => isoTime(bad)).toThrow(RangeError);
  });
});
