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

/**
 * Time several commands run in turn, round after round (a b c a b c …), so that a machine's changing load
 * hits them alike: compare their medians as ratios.
 */
export async function interleaved<K extends string>(
  rounds: number,
  fns: Record<K, () => Promise<unknown>>,
  warmup = 2,
): Promise<Record<K, Stats>> {
  const names = Object.keys(fns) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < warmup + rounds; r++)
    for (const n of names) {
      const t0 = performance.now();
      await fns[n]();
      if (r >= warmup) samples[n].push(performance.now() - t0);
    }
  return Object.fromEntries(names.map((n) => [n, stats(samples[n])])) as Record<K, Stats>;
}

/** `1.12× node -e 0 (target ≤ 1.15×)`. */
export const ratioTo = (a: Stats, yardstick: Stats, name: string, target?: number): string => {
  const r = a.median / yardstick.median;
  const goal = target === undefined ? '' : ` (target ≤ ${target}×: ${r <= target ? 'met' : 'MISSED'})`;
  return `${r.toFixed(2)}× ${name}${goal}`;
};
