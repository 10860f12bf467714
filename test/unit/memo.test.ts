import { describe, expect, it } from 'vitest';
import { remembered } from '../../src/model/memo.js';

describe('remembered (a cache bounded by forgetting)', () => {
  it('computes each key once, undefined answers included, and starts over at max entries', () => {
    const cache = new Map<string, number | undefined>();
    let computed = 0;
    const ask = (key: string, value: number | undefined) =>
      remembered(cache, key, 3, () => {
        computed++;
        return value;
      });
    expect(ask('a', 1)).toBe(1);
    expect(ask('a', 99)).toBe(1);
    expect(ask('b', undefined)).toBeUndefined();
    expect(ask('b', 2)).toBeUndefined();
    expect(computed).toBe(2);
    ask('c', 3);
    expect(cache.size).toBe(3);
    ask('d', 4); // full: forgotten, then d kept
    expect([...cache.keys()]).toEqual(['d']);
    expect(ask('a', 5)).toBe(5);
    expect(computed).toBe(5);
  });
});
