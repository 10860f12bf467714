/**
 * `npm run lab`: drives real agent CLIs against stand-in model servers in private tmux servers and records
 * their screens as fixtures under test/fixtures/real/<cli>/<version>/. A developer tool, not part of CI.
 *
 *   npm run lab -- --list                      every CLI and its scenarios
 *   npm run lab -- claude                      all of Claude Code's scenarios
 *   npm run lab -- claude trust permission-bash
 *   npm run lab -- claude trust --keep         leave the tmux server running to look at (prints attach)
 *
 * Each CLI is a module `lab/cli/<name>.ts` exporting `driver` (see lab/core/scenario.ts).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliDriver, runScenarios } from './core/scenario.js';

const here = dirname(fileURLToPath(import.meta.url));

function cliNames(): string[] {
  return readdirSync(join(here, 'cli'))
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.(js|ts)$/, ''))
    .sort();
}

async function load(name: string): Promise<CliDriver<unknown>> {
  if (!cliNames().includes(name)) throw new Error(`lab: no CLI "${name}"; have: ${cliNames().join(', ')}`);
  const mod = (await import(`./cli/${name}.js`)) as { driver: CliDriver<unknown> };
  return mod.driver;
}

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const [cli, ...names] = args.filter((a) => !a.startsWith('--'));

if (flags.includes('--list') || !cli) {
  for (const name of cliNames()) {
    const d = await load(name);
    console.log(`${name} ${d.version}`);
    for (const s of d.scenarios) {
      const e = s.expected;
      const state = e.reason ? `${e.state}/${e.reason}` : e.state;
      console.log(`  ${s.name.padEnd(28)} ${state.padEnd(20)} ${s.description}`);
    }
  }
  if (!cli && !flags.includes('--list')) console.log('\nusage: npm run lab -- <cli> [scenario…] [--keep]');
} else {
  const failed = await runScenarios(await load(cli), names, { keep: flags.includes('--keep') });
  process.exitCode = failed ? 1 : 0;
}
