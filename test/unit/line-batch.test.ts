import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lineBatch } from '../../src/commands/line-batch.js';

describe('lineBatch (tmo events writes many lines at once)', () => {
  let writes: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    writes = [];
  });
  afterEach(() => vi.useRealTimers());

  it('lets output lines wait up to waitMs and writes them in one go', () => {
    const b = lineBatch((t) => writes.push(t), { waitMs: 25 });
    b.push('a', true);
    vi.advanceTimersByTime(10);
    b.push('b', true);
    vi.advanceTimersByTime(14);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual(['a\nb\n']);
  });

  it('writes a line that may not wait on the next turn, with what waited before it, in order', () => {
    const b = lineBatch((t) => writes.push(t), { waitMs: 25 });
    b.push('out', true);
    b.push('status', false);
    b.push('out2', true);
    vi.advanceTimersToNextTimer(); // the immediate, not the 25 ms timer
    expect(writes).toEqual(['out\nstatus\nout2\n']);
    vi.advanceTimersByTime(100);
    expect(writes).toHaveLength(1); // the timer went with it
  });

  it('does not let more than maxBytes wait', () => {
    const b = lineBatch((t) => writes.push(t), { waitMs: 25, maxBytes: 10 });
    b.push('0123456789', true);
    b.push('x', true);
    vi.advanceTimersByTime(0);
    expect(writes).toEqual(['0123456789\nx\n']);
  });

  it('flush writes what waits at once, and nothing when nothing waits', () => {
    const b = lineBatch((t) => writes.push(t));
    b.flush();
    b.push('last', true);
    b.flush();
    vi.advanceTimersByTime(100);
    expect(writes).toEqual(['last\n']);
  });
});
