import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusJson } from '../../src/commands/report.js';
import { runCli } from '../helpers/cli.js';
import { newSession, type PrivateTmux, privateTmux, shq as q, waitFor } from '../helpers/tmux.js';

/**
 * `tmo status --json` against a real tmux server whose panes show every recorded screen, each run by a
 * process with the name the real agent has (a copy of `sleep` named `claude`, `2.1.34`, `node`…) and the
 * title the agent sets: the whole path a user's `status` takes.
 */
interface Fixture {
  file: string;
  command: string;
  title: string;
  kind: string | null;
  state?: string;
  reason?: string;
}
const dir = fileURLToPath(new URL('../fixtures/screens/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { screens: Fixture[] };

let t: PrivateTmux;
let tmp: string;
const paneOf = new Map<string, string>();

beforeAll(async () => {
  t = privateTmux('tmo-status-fx');
  tmp = mkdtempSync(join(tmpdir(), 'tmo-status-'));
  mkdirSync(join(tmp, 'bin'));
  mkdirSync(join(tmp, 'config'));
  newSession(t, 'fixtures');
  for (const fx of manifest.screens) {
    const bin = join(tmp, 'bin', fx.command);
    if (!existsSync(bin)) {
      copyFileSync('/bin/sleep', bin);
      chmodSync(bin, 0o755);
    }
    const script = `cat ${q(join(dir, fx.file))}; exec ${q(bin)} 600`;
    const id = t
      .tmux(
        'new-window',
        '-d',
        '-P',
        '-F',
        '#{pane_id}',
        '-t',
        'fixtures:',
        '-n',
        fx.file.replace('.txt', ''),
        `sh -c ${q(script)}`,
      )
      .trim();
    t.tmux('select-pane', '-t', id, '-T', fx.title);
    paneOf.set(fx.file, id);
  }
  // every pane has drawn its screen and exec'd into its "agent" process
  await waitFor(
    () => {
      const rows = t.tmux('list-panes', '-s', '-t', 'fixtures', '-F', '#{pane_id} #{pane_current_command}');
      return manifest.screens.every((fx) => rows.includes(`${paneOf.get(fx.file)} ${fx.command}\n`));
    },
    15_000,
    'fixture panes',
  );
});

afterAll(() => {
  t.kill();
  rmSync(tmp, { recursive: true, force: true });
});

describe('tmo status --json over every recorded screen', () => {
  it('reports the right kind, state and reason for each pane', async () => {
    const r = await runCli(['-L', t.socketName, 'status', '--json'], {
      env: { XDG_CONFIG_HOME: join(tmp, 'config') },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as StatusJson;
    const panes = new Map(
      doc.sessions.flatMap((s) => s.windows.flatMap((w) => w.panes.map((p) => [p.id, p]))),
    );
    const wrong: string[] = [];
    for (const fx of manifest.screens) {
      const agent = panes.get(paneOf.get(fx.file)!)?.agent;
      const got = agent ? `${agent.kind}/${agent.state}/${agent.reason ?? ''}` : 'none';
      const want = fx.kind ? `${fx.kind}/${fx.state}/${fx.reason ?? ''}` : 'none';
      if (got !== want) wrong.push(`${fx.file}: got ${got}, want ${want}`);
    }
    expect(wrong).toEqual([]);
    const agents = manifest.screens.filter((fx) => fx.kind).length;
    expect(doc.agents).toHaveLength(agents);
    expect(doc.health.counts.error).toBe(manifest.screens.filter((fx) => fx.state === 'error').length);
    expect(doc.health.healthy).toBe(false);
  });

  it('the human view shows the per-session window count and each agent with its reason', async () => {
    const r = await runCli(['-L', t.socketName, 'status'], { env: { XDG_CONFIG_HOME: join(tmp, 'config') } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${manifest.screens.length + 1} windows`);
    expect(r.stdout).toMatch(/waiting\s+claude\s+· permission/);
    const detailed = await runCli(['-L', t.socketName, 'status', 'detailed'], {
      env: { XDG_CONFIG_HOME: join(tmp, 'config') },
    });
    expect(detailed.stdout).toMatch(/trap-node-devserver\s+dev-server/);
  });
});
