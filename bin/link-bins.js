// `npm ci` links the bins of dependencies into node_modules/.bin but not the project's own: link them
// too, so `node_modules/.bin/tmo` exists in a clone as in an install. Runs from `prepare`; never fails it.
import { existsSync, mkdirSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const binDir = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));
if (existsSync(fileURLToPath(new URL('../node_modules/', import.meta.url)))) {
  mkdirSync(binDir, { recursive: true });
  for (const name of ['tmo', 'tmux-orchestrator']) {
    const link = binDir + name;
    try {
      if (readlinkSync(link) === '../../bin/tmo.js') continue;
      unlinkSync(link);
    } catch {
      // absent
    }
    try {
      symlinkSync('../../bin/tmo.js', link);
    } catch (error) {
      process.stderr.write(`note: could not link ${link}: ${error.message}\n`);
    }
  }
}
