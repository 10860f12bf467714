import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Tests that run the real CLI (`bin/tmo.js` → `dist/bundle/`) or scripts from `dist/src/` need a fresh build:
 * compile and bundle once per test run.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  } catch {
    // tsc still emits on type errors; `npm run typecheck` reports them. CLI tests run on what was emitted.
  }
  execFileSync(process.execPath, ['bin/bundle.js'], { cwd: root, stdio: 'inherit' });
}
