/**
 * Revocation is immediate: the server watches the token file (`fs.watch` on its directory, since `tmo token`
 * replaces the file by a rename) and, as a fallback for file systems without notifications, stats it every
 * `pollMs`. Any change calls `onChange` (the hub then closes the connections of tokens no longer there).
 */
import { type FSWatcher, statSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export function watchTokenFile(path: string, onChange: () => void, pollMs = 1000): () => void {
  const name = basename(path);
  const signature = (): string => {
    try {
      const s = statSync(path);
      return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
    } catch {
      return 'none';
    }
  };
  let last = signature();
  const check = () => {
    const now = signature();
    if (now === last) return;
    last = now;
    onChange();
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (file === null || file === name) check();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    // no directory yet, or no notifications here: the poll alone
  }
  const timer = setInterval(check, pollMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    watcher?.close();
  };
}
