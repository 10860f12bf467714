import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusJson } from '../../src/commands/report.js';
import type { TmoEvent } from '../../src/model/events.js';
import { createEmbeddedSource } from '../../src/source/embedded.js';
import { runCli } from '../helpers/cli.js';
import { newSession, type PrivateTmux, privateTmux, shq as q, waitFor } from '../helpers/tmux.js';

/**
 * "waiting 4m" means four minutes since the agent started waiting, whoever asks and whenever it started:
 * `status`, `tmo events` and a (re)started live source read one state journal.
 */
const fakeAgent = fileURLToPath(new URL('../../dist/src/demo/fake-agent.js', import.meta.url));

let t: PrivateTmux;
let tmp: string;
let env: NodeJS.ProcessEnv;

const agentCommand = `${q(process.execPath)} ${q(fakeAgent)} --kind claude --work-ms 200 --ask-permission`;

async function statusOf(): Promise<StatusJson['agents'][number] | undefined> {
  const r = await runCli(['-L', t.socketName, 'status', '--json'], { env });
  return (JSON.parse(r.stdout) as StatusJson).agents[0];
}

/** The since a freshly started live source reports for the agent (its first agent.status). */
async function liveSince(): Promise<{ state: string; since: number }> {
  const source = createEmbeddedSource({
    server: { socketName: t.socketName },
    stateDir: join(env['XDG_STATE_HOME'] ?? '', 'tmux-orchestrator'),
    idleDebounceMs: 100,
  });
  const seen: TmoEvent[] = [];
  source.subscribe((e) => seen.push(e));
  try {
    await source.start();
    const e = await waitFor(
      () => seen.find((x) => x.type === 'agent.status'),
      10_000,
      'agent.status from the live source',
    );
    return e?.type === 'agent.status' ? { state: e.state, since: e.since } : { state: '', since: 0 };
  } finally {
    await source.stop();
  }
}

async function makeItWait(): Promise<StatusJson['agents'][number] | undefined> {
  await waitFor(async () => (await statusOf())?.state === 'idle', 15_000, 'agent idle');
  t.tmux('send-keys', '-t', 'work:0', 'do the thing', 'Enter');
  return waitFor(
    async () => {
      const a = await statusOf();
      return a?.state === 'waiting' ? a : undefined;
    },
    15_000,
    'agent waiting',
  );
}

beforeAll(() => {
  t = privateTmux('tmo-ages');
  tmp = mkdtempSync(join(tmpdir(), 'tmo-ages-'));
  env = { XDG_STATE_HOME: join(tmp, 'state'), XDG_CONFIG_HOME: join(tmp, 'config') };
  newSession(t, 'work', agentCommand);
});

afterAll(() => {
  t.kill();
  rmSync(tmp, { recursive: true, force: true });
});

describe('ages are real', () => {
  it('status, tmo events and a restarted live source give the same since; a new server starts afresh', async () => {
    const waiting = await makeItWait();
    if (!waiting) throw new Error('no agent');
    expect(waiting.since).toBeDefined();
    const since = Date.parse(waiting.since ?? '');
    await new Promise((r) => setTimeout(r, 1100)); // later looks must not date it from "now"
    expect((await statusOf())?.since).toBe(waiting.since);
    const explained = await runCli(['-L', t.socketName, 'explain', 'work:0', '--json'], { env });
    expect(JSON.parse(explained.stdout)).toMatchObject({ state: 'waiting', since: waiting.since });

    // `tmo events`: a long-running source started now reports the same since.
    const ev = await runCli(
      ['-L', t.socketName, 'events', '--json', '--filter', 'agent.status', '--count', '1'],
      { env },
    );
    expect(ev.code, ev.stderr).toBe(0);
    const first = JSON.parse(ev.stdout.trim().split('\n')[0] ?? '{}') as TmoEvent;
    expect(first).toMatchObject({ type: 'agent.status', state: 'waiting', since });

    // A dashboard's source, started, stopped and started again: the same since each time.
    expect(await liveSince()).toEqual({ state: 'waiting', since });
    expect(await liveSince()).toEqual({ state: 'waiting', since });

    // The tmux server restarts: pane %0 again, another instance: its since is not inherited.
    const paneBefore = waiting.pane;
    t.kill();
    t = { ...t };
    newSession(t, 'work', agentCommand);
    const again = await makeItWait();
    expect(again?.pane).toBe(paneBefore);
    expect(Date.parse(again?.since ?? '')).toBeGreaterThan(since);
  }, 90_000);
});
