/**
 * A small file of the state dir written whole: a temporary file renamed over it (a reader meanwhile sees
 * the old or the new text, never half), mode 0600 in a 0700 directory. When the file is new, the directory
 * keeps only the newest `keep` files that `counts` accepts (those of servers long gone go first), so files
 * keyed by server never pile up. Throws what the file system throws: callers decide what a failure costs.
 */
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * `mkdir -p` for the state and config dirs, mode 0700 for what it creates; an existing directory is fine.
 * Not `mkdirSync(dir, { recursive: true })`: where a file system answers ENOENT for a directory whose
 * parent exists (procfs: `XDG_STATE_HOME=/proc/x`), Node's recursive mkdir tries again forever at full
 * CPU (Node 24) — `tmo status` then never returned. Here that is the error it is.
 */
export function makeDirs(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    makeDirs(parent);
  }
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    // made meanwhile by another process
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(dir).isDirectory()) throw error;
  }
}

export function writeStateFile(
  file: string,
  text: string,
  keep: number,
  counts: (name: string) => boolean = (name) => !name.endsWith('.tmp'),
): void {
  const dir = dirname(file);
  const fresh = statSync(file, { throwIfNoEntry: false }) === undefined;
  makeDirs(dir);
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
