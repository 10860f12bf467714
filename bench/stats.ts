/** Small statistics helpers shared by the benchmarks. */
export interface Stats {
  n: number;
  median: number;
  p99: number;
  min: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  return {
    n: sorted.length,
    median: at(0.5),
    p99: at(0.99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export async function timeIt(runs: number, fn: () => Promise<unknown>, warmup = 2): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

export const ms = (v: number): string => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
export const fmt = (s: Stats): string => `median ${ms(s.median)}  p99 ${ms(s.p99)}  (n=${s.n})`;
export const ratio = (a: Stats, b: Stats): string => `${(a.median / b.median).toFixed(1)}×`;
/** `ours is 2.0× faster` or `ours is 1.3× slower`, from medians (`theirs` / `ours`). */
export const versus = (theirs: Stats, ours: Stats): string =>
  theirs.median >= ours.median
    ? `ours is ${ratio(theirs, ours)} faster`
    : `ours is ${ratio(ours, theirs)} slower`;
