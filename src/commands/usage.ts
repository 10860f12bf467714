/** Usage-error helpers: the nearest known word ("did you mean …") and options the parser would reject. */
import type { ParseArgsOptionsConfig } from 'node:util';

/** Edit distance with transpositions (`sned` → `send` is 1). */
export function distance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/** The known word nearest to `word`, if near enough to be a typo (or `word` is its prefix). */
export function suggest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = k.startsWith(word) && word.length >= 2 ? 0.5 : distance(word, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.replace(/^-+/, '').length / 3)));
  return bestD <= limit ? best : undefined;
}

/** The first option in `args` that `options` does not know, as typed (`--jsno`, `-x`), else undefined. */
export function unknownOptions(args: readonly string[], options: ParseArgsOptionsConfig): string | undefined {
  const shorts = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) if (o.short) shorts.set(o.short, name);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return undefined;
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0]!;
      const o = options[name];
      if (!o) return `--${name}`;
      if (o.type === 'string' && !a.includes('=')) i++;
    } else if (a.startsWith('-') && a.length > 1) {
      // -abc: short flags; a string option takes the rest of the word or the next argument
      for (let j = 1; j < a.length; j++) {
        const name = shorts.get(a[j]!);
        if (!name) return `-${a[j]}`;
        if (options[name]!.type === 'string') {
          if (j === a.length - 1) i++;
          break;
        }
      }
    }
  }
  return undefined;
}
