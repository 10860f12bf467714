import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePanes } from '../../src/tmux/capture.js';
import { runCli } from '../helpers/cli.js';
import { type PrivateTmux, privateTmux } from '../helpers/tmux.js';

/**
 * Issue 11 item 6 / issue 14: `status` at 1000 panes with 400 agents. Captures of that many panes no longer
 * fit one tmux command line ("command too long" at ≈ 150): they are split and run in parallel.
 */
describe('status at 1000 panes with 400 agents', () => {
  let t: PrivateTmux;
  beforeAll(() => {
    t = privateTmux('tmo-scale');
    // 100 sessions × 10 windows; the first 4 windows of each run a stand-in agent (argv[0] `claude`).
    const agent = `bash -c 'printf "\\n> \\n"; exec -a claude sleep 600'`;
    for (let s = 0; s < 100; s += 5) {
      const args: string[] = [];
      for (let k = s; k < s + 5; k++) {
        if (args.length) args.push(';');
        args.push('new-session', '-d', '-s', `s${k}`, '-x', '80', '-y', '10', agent);
        for (let w = 1; w < 10; w++)
          args.push(';', 'new-window', '-d', '-t', `s${k}:`, w < 4 ? agent : 'sleep 600');
      }
      t.tmux(...args);
    }
  }, 180_000);
  afterAll(() => t.kill());

  it('works: every pane listed, every agent found', async () => {
    const r = await runCli(['-L', t.socketName, 'status', '--json'], { timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { sessions: { windows: unknown[] }[]; agents: { kind: string }[] };
    expect(doc.sessions.reduce((n, s) => n + s.windows.length, 0)).toBe(1000);
    expect(doc.agents.length).toBe(400);
    expect(new Set(doc.agents.map((a) => a.kind))).toEqual(new Set(['claude']));
  }, 150_000);

  it('captures 1000 panes in parallel calls, each pane its own screen', async () => {
    const ids = t.tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n');
    expect(ids.length).toBe(1000);
    const screens = await capturePanes(t.runner, ids);
    expect([...screens.keys()].sort()).toEqual([...ids].sort());
    const prompts = [...screens.values()].filter((s) => s.includes('> ')).length;
    expect(prompts).toBe(400);
  }, 120_000);
});
