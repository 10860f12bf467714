import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type PrivateTmux, privateTmux } from '../helpers/tmux.js';

const bin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));
const tracer = fileURLToPath(new URL('../helpers/trace-imports.mjs', import.meta.url));

/** Which packages from node_modules a CLI invocation loads. */
function packagesLoaded(args: string[], script: string[] = [bin]): Promise<Set<string>> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tracer, ...script, ...args],
      { encoding: 'utf8', env: { ...process.env, TMUX: '' } },
      (_error, _stdout, stderr) => {
        const names = [...stderr.matchAll(/^\[import\] (.+)$/gm)].map((m) => m[1] ?? '');
        resolve(new Set(names));
      },
    );
  });
}

describe('one-shot commands', () => {
  let t: PrivateTmux;
  beforeAll(() => {
    t = privateTmux('tmo-oneshot');
  });
  afterAll(() => t.kill());

  it('status, summary and health load neither React, Ink nor execa', async () => {
    // the tracer is trusted only if it sees a package that IS loaded
    const control = await packagesLoaded([], ['--input-type=module', '-e', "await import('execa')"]);
    expect(control.has('execa')).toBe(true);
    for (const args of [['status', '--json'], ['summary'], ['health'], ['status', 'detailed']]) {
      const loaded = await packagesLoaded(['-L', t.socketName, ...args]);
      expect(
        [...loaded].filter((p) => /^(react|ink|execa)$/.test(p)),
        args.join(' '),
      ).toEqual([]);
    }
  });

  it('no server is a state: status says so and exits 3, JSON flags it', async () => {
    const text = await runCli(['-L', t.socketName, 'status']);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/No tmux server is running/);
    const json = await runCli(['-L', t.socketName, 'status', '--json']);
    expect(json.code).toBe(3);
    const doc = JSON.parse(json.stdout) as { server: { running: boolean; tmuxVersion: null }; sessions: [] };
    expect(doc.server).toMatchObject({ running: false, tmuxVersion: null });
    expect(doc.sessions).toEqual([]);
    const health = await runCli(['-L', t.socketName, 'health', '--json']);
    expect(health.code).toBe(3);
    expect(JSON.parse(health.stdout)).toMatchObject({ healthy: false, total_agents: 0 });
  });

  it('rejects stray arguments with exit 2', async () => {
    const r = await runCli(['-L', t.socketName, 'status', 'detaled']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unexpected argument "detaled"/);
  });
});
