/**
 * Small helpers the non-Claude drivers share: make the throw-away project a git repo (some CLIs show
 * their trust screen only there), and kill what a CLI left running from its throw-away HOME (daemons,
 * language servers) — by pid, only processes whose command line or cwd lies under that unique folder.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export function git(project: string): void {
  execFileSync('git', ['init', '-q'], { cwd: project, stdio: 'ignore' });
}

/** SIGKILL every process whose argv or cwd mentions `dir` (a mkdtemp folder of this run). */
export function killUnder(dir: string): number[] {
  const killed: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${name}/cwd`);
      } catch {}
      if (argv.includes(dir) || cwd === dir || cwd.startsWith(`${dir}/`)) {
        process.kill(Number(name), 'SIGKILL');
        killed.push(Number(name));
      }
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}

/** On a busy machine a CLI can take a minute per step: give every `until` without its own timeout `ms`. */
export function patient<S extends { steps: { until?: RegExp; timeout?: number }[] }>(
  scenarios: S[],
  ms = 90_000,
): S[] {
  for (const s of scenarios)
    for (const step of s.steps) if (step.until && step.timeout === undefined) step.timeout = ms;
  return scenarios;
}
