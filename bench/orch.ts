/**
 * Orchestration figures on a private tmux server with the fake Claude agent:
 * - `startProject`: new session with 3 windows → agent ready (polled, no fixed sleep) → briefing confirmed;
 * - `stopSession`: kill + verified gone;
 * - the scheduler: how late a check-in is delivered (and confirmed) after its due time, with the daemon
 *   already running (warm) and when the add has to spawn it (cold).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateDir } from '../src/config/paths.js';
import { realDeps } from '../src/orchestrate/deps.js';
import { startProject } from '../src/orchestrate/project.js';
import { addSchedule } from '../src/orchestrate/schedule.js';
import { readSchedules } from '../src/orchestrate/schedule-store.js';
import { daemonPid } from '../src/orchestrate/scheduler.js';
import { stopSession } from '../src/orchestrate/sessions.js';
import { fmt, stats } from './stats.js';
import { benchServer } from './tmux-fixture.js';

const fake = fileURLToPath(new URL('../src/demo/fake-agent.js', import.meta.url));
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('bench: timed out');
    await sleep(20);
  }
}

export async function benchOrch(): Promise<string[]> {
  const lines = ['## orchestration (start / stop / schedule, fake Claude agent)'];
  const server = benchServer(1, 1);
  const root = mkdtempSync(join(tmpdir(), 'tmo-bench-orch-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_STATE_HOME: join(root, 'state'),
    XDG_CONFIG_HOME: join(root, 'config'),
  };
  delete env['TMUX'];
  try {
    const deps = await realDeps();
    const agent = `${q(process.execPath)} ${q(fake)} --kind claude --work-ms 0`;
    const total: number[] = [];
    const ready: number[] = [];
    const stop: number[] = [];
    for (let i = 0; i < 8; i++) {
      const dir = join(root, `p${i}`);
      mkdirSync(dir);
      const t0 = performance.now();
      const r = await startProject(server.runner, { dir, agent, deps, env, timeoutMs: 20_000 });
      total.push(performance.now() - t0);
      ready.push(r.readyMs ?? Number.NaN);
      if (r.brief?.status !== 'confirmed') lines.push(`  (run ${i}: briefing ${r.brief?.status})`);
      const t1 = performance.now();
      await stopSession(server.runner, r.session.name);
      stop.push(performance.now() - t1);
    }
    lines.push(`start → agent ready → briefing confirmed: ${fmt(stats(total))}`);
    lines.push(`  of which waiting for the agent to be idle: ${fmt(stats(ready))}`);
    lines.push(`stop (kill + verified gone):               ${fmt(stats(stop))}`);

    // The scheduler, against a fake agent that confirms deliveries quickly.
    const pane = server
      .tmux(
        'new-window',
        '-d',
        '-P',
        '-F',
        '#{pane_id}',
        '-t',
        'bench-0:',
        '--',
        process.execPath,
        fake,
        '--work-ms',
        '0',
      )
      .trim();
    await sleep(500);
    const dir = stateDir(env);
    const base = { server: { socketName: server.socketName }, env, target: pane };
    // warm: ten check-ins 0.6 s apart, one daemon
    const ids: string[] = [];
    for (let i = 1; i <= 10; i++)
      ids.push(
        (await addSchedule(server.runner, { ...base, minutes: 0.01 * i, note: `warm ${i}` })).entry.id,
      );
    const warm = await until(async () => {
      const list = (await readSchedules(dir)).filter((e) => ids.includes(e.id));
      return list.every((e) => e.firedAt !== undefined)
        ? list.map((e) => (e.firedAt ?? 0) - e.dueAt)
        : undefined;
    }, 30_000);
    lines.push(`check-in due → delivered+confirmed, daemon running: ${fmt(stats(warm))}`);
    // cold: wait for the daemon to exit, then each add spawns a new one
    const cold: number[] = [];
    for (let i = 0; i < 5; i++) {
      await until(async () => ((await daemonPid(dir)) ? undefined : true));
      const { entry } = await addSchedule(server.runner, { ...base, minutes: 0.005, note: `cold ${i}` });
      const fired = await until(async () =>
        (await readSchedules(dir)).find((e) => e.id === entry.id && e.firedAt),
      );
      cold.push((fired.firedAt ?? 0) - fired.dueAt);
    }
    lines.push(`check-in due (0.3 s) → delivered, daemon spawned by the add: ${fmt(stats(cold))}`);
    const statuses = (await readSchedules(dir)).map((e) => e.status);
    lines.push(
      `  outcomes: ${statuses.filter((s) => s === 'delivered').length}/${statuses.length} delivered`,
    );
  } finally {
    server.kill();
    rmSync(root, { recursive: true, force: true });
  }
  return lines;
}
