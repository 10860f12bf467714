import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { runCli } from '../helpers/cli.js';
import { newSession, type PrivateTmux, privateTmux } from '../helpers/tmux.js';

const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => {
  try {
    return Number(execFileSync(p, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' })) < 22;
  } catch {
    return false;
  }
});

describe('the tmo CLI', () => {
  let t: PrivateTmux;
  beforeAll(() => {
    t = privateTmux('tmo-cli');
  });
  afterAll(() => t.kill());

  it('prints help and version, exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/usage: tmo/);
    expect(help.stdout).toMatch(/status \[detailed\] \[--json\]/);
    const version = await runCli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it('exits 2 with a clear message on usage errors', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    expect(unknown.stdout).toBe('');
    const badFlag = await runCli(['doctor', '--bogus']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--bogus/);
    // an empty server or port (`-L "$SOCK"` with SOCK unset) is a mistake, never the default server
    for (const args of [
      ['-L', '', 'status'],
      ['-S', '', 'send', 'x', 'hi'],
      ['--socket-name=', 'status'],
    ]) {
      const r = await runCli(args, { env: { TMUX: undefined } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^tmo: -[LS] needs a socket (name|path), got ""\n$/);
    }
    const project = await runCli(['hooks', 'install', 'claude', '--project', '']);
    expect(project.code).toBe(2);
    expect(project.stderr).toMatch(/--project needs a directory/);
    const negative = await runCli(['schedule', '-0.5', 'hi']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toMatch(/"-0\.5": a negative number is not a value tmo schedule takes/);
    const port = await runCli(['serve', '--port', '']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be an integer/);
  });

  it('doctor: exit 3 without a server, 0 with one; JSON on stdout', async () => {
    const down = await runCli(['-L', t.socketName, 'doctor', '--json']);
    expect(down.code).toBe(3);
    const report = JSON.parse(down.stdout) as { ok: boolean; checks: { name: string; ok: boolean }[] };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'server')?.ok).toBe(false);
    newSession(t, 'doc');
    const up = await runCli(['doctor', '-L', t.socketName]);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/server\s+running on -L tmo-cli/);
  });

  it.runIf(systemNode)('refuses an old Node with a one-line message', () => {
    const bin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));
    let stderr = '';
    let status = 0;
    try {
      execFileSync(systemNode!, [bin, 'status'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const e = error as { stderr: string; status: number };
      stderr = e.stderr;
      status = e.status;
    }
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/needs Node\.js >= 22/);
  });
});
