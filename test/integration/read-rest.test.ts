import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REST_MS, ReadRest } from '../../src/control/read-rest.js';
import { waitFor } from '../helpers/tmux.js';

/**
 * A real child writing small lines often, as tmux writes `%output`, read with rests after small reads
 * (`awaiting`: a reply is awaited, so no rest).
 */
async function gulps(awaiting: boolean) {
  const child = spawn('sh', ['-c', 'for i in $(seq 100); do echo "%output %1 line $i"; sleep 0.002; done'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const r = new ReadRest(child.stdout);
  let chunks = 0;
  let text = '';
  const t0 = performance.now();
  child.stdout.on('data', (chunk: Buffer) => {
    chunks++;
    text += chunk.toString('utf8');
    r.after(chunk.length, awaiting);
  });
  await new Promise((resolve) => child.stdout.on('end', resolve));
  return { chunks, text, rests: r.rests, ms: performance.now() - t0 };
}

const expected = Array.from({ length: 100 }, (_, i) => `%output %1 line ${i + 1}\n`).join('');

describe('control-mode output read in gulps (read-rest.ts)', () => {
  it('reads small writes at most once per rest, losing nothing and keeping the order', async () => {
    const r = await gulps(false);
    expect(r.text).toBe(expected);
    expect(r.rests).toBeGreaterThan(0);
    // one read per rest of REST_MS (the 100 writes span far longer), not one per line
    expect(r.chunks).toBeLessThanOrEqual(Math.ceil(r.ms / REST_MS) + 2);
    expect(r.chunks).toBeLessThan(100);
  });

  it('never rests while a reply is awaited', async () => {
    const r = await gulps(true);
    expect(r.text).toBe(expected);
    expect(r.rests).toBe(0);
  });

  it('a wake reads at once what waits in the pipe', async () => {
    const child = spawn('sh', ['-c', 'printf first; sleep 0.05; printf second; sleep 5'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const r = new ReadRest(child.stdout, 60_000);
      const got: { text: string; at: number }[] = [];
      child.stdout.on('data', (chunk: Buffer) => {
        got.push({ text: chunk.toString('utf8'), at: performance.now() });
        r.after(chunk.length, false);
      });
      await waitFor(() => got.length === 1, 5000, 'the first write');
      expect(r.rests).toBe(1);
      // `second` is written 50 ms later and waits in the pipe: the rest lasts a minute
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(got.map((g) => g.text)).toEqual(['first']);
      const woke = performance.now();
      r.wake();
      await waitFor(() => got.length === 2, 5000, 'the second write');
      expect(got[1]!.text).toBe('second');
      expect(got[1]!.at - woke).toBeLessThan(1000);
    } finally {
      child.kill();
    }
  });
});
