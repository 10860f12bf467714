/**
 * V8 sizes its young generation by the machine's memory (128 MB on a 24 GB machine) and grows it while
 * short-lived objects pour in: under 50 busy agents the dashboard's RSS sat at ≈ 217 MB with 17 MB live.
 * `--max-semi-space-size` would cap it, but only on Node's command line (a `#!` with `env -S`, which
 * BusyBox lacks); the growth factor, though, is read at each scavenge. So watch the scavenges and stop the
 * growth once the young generation (both semi-spaces) reaches `maxMb`; more may slip past before the callback.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

export function capYoungGeneration(maxMb = 32): void {
  const observer = new PerformanceObserver(() => {
    const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (!young || young.space_size < maxMb * 1024 * 1024) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
