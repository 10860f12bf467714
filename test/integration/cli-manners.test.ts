import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('CLI manners', () => {
  it('an unknown command or option gets "did you mean", exit 2, not the parser\'s raw text', async () => {
    const sned = await runCli(['sned', 'x', 'hi']);
    expect(sned.code).toBe(2);
    expect(sned.stderr).toBe('tmo: unknown command "sned" — did you mean "send"? (see tmo --help)\n');
    const jsno = await runCli(['-L', 'tmo-manners-none', 'status', '--jsno']);
    expect(jsno.code).toBe(2);
    expect(jsno.stderr).toContain('unknown option "--jsno" for status — did you mean "--json"?');
    expect(jsno.stderr).toContain('tmo status --help');
    expect(jsno.stderr).not.toMatch(/To specify a positional argument/);
  });

  it('--help of a command lists its options; the global help every exit code', async () => {
    const help = await runCli(['activity', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}-n, --lines V +\S/m);
    expect(help.stdout).toMatch(/^ {2}--json +\S/m);
    const global = await runCli(['--help']);
    for (const c of [0, 1, 2, 3, 4, 5]) expect(global.stdout).toMatch(new RegExp(`^  ${c}  \\S`, 'm'));
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('hints keep the -L / -S the user gave', async () => {
    const r = await runCli(['-L', 'tmo-manners-none', 'status']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('tmux -L tmo-manners-none new-session -d -s work');
    const d = await runCli(['-S', '/nonexistent/tmo-manners.sock', 'doctor']);
    expect(d.stdout).toContain('tmux -S /nonexistent/tmo-manners.sock new-session -d -s work');
  });
});
