/**
 * A small file of the state dir written whole: a temporary file renamed over it (a reader meanwhile sees
 * the old or the new text, never half), mode 0600 in a 0700 directory. When the file is new, the directory
 * keeps only the newest `keep` files that `counts` accepts (those of servers long gone go first), so files
 * keyed by server never pile up. Throws what the file system throws: callers decide what a failure costs.
 */
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeStateFile(
  file: string,
  text: string,
  keep: number,
  counts: (name: string) => boolean = (name) => !name.endsWith('.tmp'),
): void {
  const dir = dirname(file);
  const fresh = statSync(file, { throwIfNoEntry: false }) === undefined;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
  if (fresh) prune(dir, basename(file), keep, counts);
}

/** Keep the newest `keep` files of `dir` that `counts` accepts, `kept` among them. */
function prune(dir: string, kept: string, keep: number, counts: (name: string) => boolean): void {
  const files = readdirSync(dir)
    .filter((f) => f !== kept && counts(f))
    .map((f) => join(dir, f))
    .map((f) => ({ f, t: statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(keep - 1)) unlinkSync(f);
}
