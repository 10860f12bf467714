/**
 * Small helpers the non-Claude drivers share: make the throw-away project a git repo (some CLIs show
 * their trust screen only there), and kill what a CLI left running from its throw-away HOME (daemons,
 * language servers) — by pid, only processes whose command line or cwd lies under that unique folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

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

/** Link the CLI's executable as `<home>/bin/<name>` (so the pane types just `<name>`); returns the PATH. */
export function onPath(home: string, bin: string, name: string): string {
  const dir = join(home, 'bin');
  mkdirSync(dir, { recursive: true });
  symlinkSync(bin, join(dir, name));
  return `${dir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`;
}

/** Copies of the named scenarios at other terminal sizes (`<name>-<w>x<h>`), appended. */
export function resized<
  S extends { name: string; width?: number; height?: number; steps: { record?: true | { name?: string } }[] },
>(
  scenarios: S[],
  names: string[],
  sizes: [number, number][] = [
    [80, 24],
    [200, 50],
  ],
): S[] {
  for (const [width, height] of sizes)
    for (const name of names) {
      const s = scenarios.find((x) => x.name === name)!;
      // A step that records under its own name records under that name with the size too.
      const steps = s.steps.map((st) =>
        typeof st.record === 'object' && st.record.name
          ? { ...st, record: { ...st.record, name: `${st.record.name}-${width}x${height}` } }
          : st,
      );
      scenarios.push({ ...s, name: `${name}-${width}x${height}`, width, height, steps });
    }
  return scenarios;
}
