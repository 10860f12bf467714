import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryJson } from '../../src/commands/summary-build.js';
import { runCli } from '../helpers/cli.js';
import { newSession, type PrivateTmux, privateTmux, shq as q, waitFor } from '../helpers/tmux.js';

const fakeAgent = fileURLToPath(new URL('../../dist/src/demo/fake-agent.js', import.meta.url));

let t: PrivateTmux;
let tmp: string;
let env: NodeJS.ProcessEnv;
let pane: string;

beforeAll(() => {
  t = privateTmux('tmo-summary');
  tmp = mkdtempSync(join(tmpdir(), 'tmo-summary-'));
  env = { XDG_STATE_HOME: join(tmp, 'state'), XDG_CONFIG_HOME: join(tmp, 'config') };
  newSession(t, 'work', `${q(process.execPath)} ${q(fakeAgent)} --kind claude --work-ms 300`);
  pane = t.tmux('display-message', '-p', '-t', 'work:0', '#{pane_id}').trim();
});

afterAll(() => {
  t.kill();
  rmSync(tmp, { recursive: true, force: true });
});

describe('tmo summary', () => {
  it('shows the last request sent to an agent and its activity; --save writes the report', async () => {
    await waitFor(
      async () => (await runCli(['-L', t.socketName, 'status', '--json'], { env })).stdout.includes('"idle"'),
      10_000,
      'agent idle',
    );
    const sent = await runCli(['-L', t.socketName, 'send', pane, 'refactor the parser; keep the API'], {
      env,
    });
    expect(sent.code, sent.stderr).toBe(0);
    // a FILE in a directory that is not there is an error, not a tree of new directories
    const saved = join(tmp, 'out', 'summary.json');
    const typo = await runCli(['-L', t.socketName, 'summary', '--save', saved], { env });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/^tmo: ENOENT.*summary\.json/m);
    expect(existsSync(join(tmp, 'out'))).toBe(false);
    mkdirSync(join(tmp, 'out'));
    const r = await runCli(['-L', t.socketName, 'summary', '--json', '--save', saved], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`summary saved to ${saved}`);
    const doc = JSON.parse(r.stdout) as SummaryJson;
    expect(doc.agents).toHaveLength(1);
    expect(doc.agents[0]).toMatchObject({
      pane,
      kind: 'claude',
      lastRequest: { text: 'refactor the parser; keep the API', source: 'history' },
    });
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(doc);
    const text = await runCli(['-L', t.socketName, 'summary'], { env });
    expect(text.stdout).toContain('last request: refactor the parser; keep the API');
  });

  it('messages sent through the live source (dashboard, tmo serve) are history too', async () => {
    const { createEmbeddedSource } = await import('../../src/source/embedded.js');
    const saved = process.env['XDG_STATE_HOME'];
    process.env['XDG_STATE_HOME'] = env['XDG_STATE_HOME'];
    const source = createEmbeddedSource({ server: { socketName: t.socketName } });
    try {
      await source.start();
      await waitFor(() => source.getState().agents[pane]?.state === 'idle', 10_000, 'idle again');
      const outcome = await source.send(pane, 'now write the changelog');
      expect(outcome.status).toBe('confirmed');
    } finally {
      await source.stop();
      process.env['XDG_STATE_HOME'] = saved;
    }
    const r = await runCli(['-L', t.socketName, 'summary', '--json'], { env });
    const doc = JSON.parse(r.stdout) as SummaryJson;
    expect(doc.agents[0]?.lastRequest).toMatchObject({ text: 'now write the changelog', source: 'history' });
  });

  it('without any history, the last request comes from the transcript on screen', async () => {
    const summary = async () => {
      const r = await runCli(['-L', t.socketName, 'summary', '--json'], {
        env: { ...env, XDG_STATE_HOME: join(tmp, 'empty') },
      });
      return (JSON.parse(r.stdout) as SummaryJson).agents[0]?.lastRequest;
    };
    // the agent echoes the newest request into its transcript
    const last = await waitFor(
      async () => {
        const l = await summary();
        return l?.text === 'now write the changelog' ? l : undefined;
      },
      10_000,
      'the request in the transcript',
    );
    expect(last).toMatchObject({ text: 'now write the changelog', source: 'screen' });
  });
});
