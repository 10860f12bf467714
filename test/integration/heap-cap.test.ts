import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const heap = pathToFileURL(fileURLToPath(new URL('../../dist/src/commands/heap.js', import.meta.url))).href;

/** The young generation's size (MB) after 1.5 s of short-lived strings, in a fresh Node that may grow it to 128 MB. */
function youngAfterChurn(cap: boolean): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    if (${cap}) (await import(${JSON.stringify(heap)})).capYoungGeneration(16);
    let keep = [];
    const t = performance.now();
    while (performance.now() - t < 1500) {
      for (let i = 0; i < 1000; i++) keep.push('x'.repeat(200) + i);
      if (keep.length > 20000) keep = [];
      await new Promise((r) => setImmediate(r)); // let the gc observer run, as an event loop does
    }
    const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    console.log(young.space_size / 1048576);`;
  const out = execFileSync(
    process.execPath,
    ['--max-semi-space-size=64', '--input-type=module', '-e', script],
    {
      encoding: 'utf8',
    },
  );
  return Number(out.trim());
}

describe('capYoungGeneration', () => {
  it('stops the young generation growing past the cap under a stream of garbage', () => {
    expect(youngAfterChurn(false)).toBeGreaterThan(32); // what V8 does on its own
    expect(youngAfterChurn(true)).toBeLessThanOrEqual(32); // the cap, plus what slips past before the callback
  });
});
