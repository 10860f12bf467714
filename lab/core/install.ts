/**
 * Installs a pinned version of a real agent CLI from the npm registry into a cache OUTSIDE the repo, once:
 * `$TMO_LAB_CACHE/<pkg>@<version>` (default `~/.cache/tmo-lab`; a scope's `/` becomes `+`), with
 * `npm install --prefix <dir> --no-save`. A later run finds the `.tmo-lab-complete` marker and skips npm.
 *
 *   const { bin } = installPinned('@anthropic-ai/claude-code', '2.1.332', 'claude');
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Installed {
  /** Absolute path of the package's executable (`<dir>/node_modules/.bin/<bin>`). */
  bin: string;
  /** The install prefix. */
  dir: string;
  pkg: string;
  version: string;
}

/** The cache root: `$TMO_LAB_CACHE` or `~/.cache/tmo-lab`. */
export function labCache(): string {
  return process.env['TMO_LAB_CACHE'] || join(homedir(), '.cache', 'tmo-lab');
}

export function installPinned(pkg: string, version: string, binName: string): Installed {
  const dir = join(labCache(), `${pkg.replace('/', '+')}@${version}`);
  const bin = join(dir, 'node_modules', '.bin', binName);
  const marker = join(dir, '.tmo-lab-complete');
  if (!existsSync(marker) || !existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    console.log(`lab: installing ${pkg}@${version} into ${dir} …`);
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `${pkg}@${version}`,
      ],
      { stdio: 'inherit' },
    );
    if (!existsSync(bin)) throw new Error(`lab: ${pkg}@${version} installed no ${binName} at ${bin}`);
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  }
  return { bin, dir, pkg, version };
}
