import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('tmo token / tmo serve CLI', () => {
  it('serve refuses a DNS name that starts with 127. as if it were loopback (exit 2 without TLS)', async () => {
    const r = await runCli([
      '-L',
      `tmo-none-${process.pid}`,
      'serve',
      '--host',
      '127.evil.example',
      '--port',
      '0',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to listen on 127\.evil\.example without TLS/);
  });

  it('serve --help lists every option the README lists, and every option serve takes', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('### `tmo serve` options'), readme.indexOf('### Tokens'));
    const documented = [...table.matchAll(/^\| `(--[a-z-]+)/gm)].map((m) => m[1] ?? '');
    const { command } = await import('../../src/commands/serve.js');
    const taken = Object.keys(command.options ?? {}).map((o) => `--${o}`);
    expect(documented).toEqual(expect.arrayContaining(['--allow-origin', '--max-clients']));
    const help = await runCli(['serve', '--help']);
    expect(help.code).toBe(0);
    for (const option of new Set([...documented, ...taken, '--tls-key']))
      expect(help.stdout, option).toMatch(new RegExp(`${option}\\b`));
  });

  it('create prints the secret once; list never shows it; revoke by name; exit codes', async () => {
    const state = mkdtempSync(join(tmpdir(), 'tmo-tokcli-'));
    const env = { XDG_STATE_HOME: state };
    const a = await runCli(['token', 'create', '--name', 'laptop'], { env });
    expect(a.code).toBe(0);
    const secret = a.stdout.trim();
    expect(a.stderr).toMatch(/shown only this once/);
    const b = await runCli(['token', 'create', '--name', 'phone', '--read-only', '--json'], { env });
    expect(JSON.parse(b.stdout)).toMatchObject({
      name: 'phone',
      permissions: ['read'],
      token: expect.any(String),
    });
    const file = join(state, 'tmux-orchestrator', 'tokens.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(secret);

    const list = await runCli(['token', 'list'], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/laptop .* read\+write/);
    expect(list.stdout).toMatch(/phone .* read /);
    expect(list.stdout).not.toContain(secret);

    expect((await runCli(['token', 'create', '--name', 'laptop'], { env })).code).toBe(1);
    expect((await runCli(['token', 'revoke', 'laptop'], { env })).code).toBe(0);
    expect((await runCli(['token', 'revoke', 'laptop'], { env })).code).toBe(1);
    const json = JSON.parse((await runCli(['token', 'list', '--json'], { env })).stdout) as {
      name: string;
    }[];
    expect(json.map((t) => t.name)).toEqual(['phone']);
    expect((await runCli(['token', 'frobnicate'], { env })).code).toBe(2);
  });

  it('serve refuses a non-loopback bind without TLS (usage error, before touching tmux)', async () => {
    const r = await runCli(['-L', 'tmo-net-never-started', 'serve', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TLS/);
    expect((await runCli(['serve', '--tls-cert', 'x.pem'])).code).toBe(2);
    expect((await runCli(['serve', '--port', 'abc'])).code).toBe(2);
  });
});
