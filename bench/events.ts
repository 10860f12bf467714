/**
 * `npm run bench -- events`: the live engine on private tmux servers. Latency of pane output (written
 * straight to the pane's tty) and of structural changes to the delivered event; a full snapshot over the
 * control client; steady-state forks/s, CPU (ours and the tmux server's) and RSS over 10 s with 50 idle
 * agents and with 50 panes printing 10 lines/s; the 0.5 s polling way alongside.
 */
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlClient } from '../src/control/client.js';
import { CountingRunner } from '../src/control/runner.js';
import type { TmoEvent } from '../src/model/events.js';
import { createEmbeddedSource, type EmbeddedSource } from '../src/source/embedded.js';
import { capturePanes } from '../src/tmux/capture.js';
import { ProcessRunner } from '../src/tmux/runner.js';
import { takeSnapshot } from '../src/tmux/snapshot.js';
import { fmt, stats, timeIt } from './stats.js';
import { type BenchServer, benchServer } from './tmux-fixture.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitEvent(
  source: EmbeddedSource,
  pred: (e: TmoEvent) => boolean,
  timeoutMs = 5000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('event timed out'));
    }, timeoutMs);
    const off = source.subscribe((e) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      off();
      resolve(performance.now());
    });
  });
}

async function start(server: BenchServer, output: 'agents' | 'all' = 'agents') {
  const runner = new CountingRunner(new ProcessRunner({ socketName: server.socketName }));
  const source = createEmbeddedSource({
    server: { socketName: server.socketName },
    runner,
    safetyIntervalMs: 5000,
    output,
  });
  await source.start();
  await source.settled();
  return { source, runner };
}

async function outputLatency(server: BenchServer, source: EmbeddedSource, runs: number) {
  const ttys = server
    .tmux('list-panes', '-a', '-F', '#{session_name} #{pane_id} #{pane_tty}')
    .trim()
    .split('\n');
  const panes = ttys
    .filter((l) => !l.startsWith('__tmo_'))
    .map((l) => l.split(' ') as [string, string, string]);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [, paneId, tty] = panes[(i * 7) % panes.length]!;
    const marker = `mk${i}x${Math.random().toString(36).slice(2, 8)}`;
    const fd = openSync(tty, 'w');
    const arrived = waitEvent(
      source,
      (e) => e.type === 'pane.output' && e.paneId === paneId && e.text.includes(marker),
    );
    const t0 = performance.now();
    writeSync(fd, `${marker}\r\n`);
    samples.push((await arrived) - t0);
    closeSync(fd);
  }
  return stats(samples);
}

/**
 * Another control client issues the changes, like a person's tmux would: our own client executes its
 * commands one at a time, so a change made through it would delay our follow-up query behind it.
 */
async function actorFor(server: BenchServer): Promise<ControlClient> {
  const actor = new ControlClient({ server: { socketName: server.socketName }, session: 'bench-0' });
  await actor.start();
  return actor;
}

async function structuralLatency(server: BenchServer, source: EmbeddedSource, runs: number) {
  const actor = await actorFor(server);
  const windowId = server.tmux('display-message', '-p', '-t', 'bench-0:', '#{window_id}').trim();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const name = `renamed-${i}`;
    const arrived = waitEvent(source, (e) => e.type === 'window.renamed' && e.window === name);
    const t0 = performance.now();
    await actor.command(['rename-window', '-t', windowId, name]);
    samples.push((await arrived) - t0);
    await source.settled();
  }
  await actor.stop();
  return stats(samples);
}

/** new-window → window.created and kill-window → window.removed (these need a re-snapshot). */
async function createRemoveLatency(server: BenchServer, source: EmbeddedSource, runs: number) {
  const actor = await actorFor(server);
  const created: number[] = [];
  const removed: number[] = [];
  for (let i = 0; i < runs; i++) {
    const name = `fresh-${i}`;
    const add = waitEvent(source, (e) => e.type === 'window.created' && e.window === name);
    const reply = await actor.command([
      'new-window',
      '-d',
      '-P',
      '-F',
      '#{window_id}',
      '-t',
      'bench-1:',
      '-n',
      name,
      'sleep 600',
    ]);
    let t0 = performance.now(); // tmux has made the change (creating a window costs tmux itself ms)
    created.push(Math.max(0, (await add) - t0));
    await source.settled();
    const gone = waitEvent(source, (e) => e.type === 'window.removed' && e.window === name);
    await actor.command(['kill-window', '-t', reply.lines[0] ?? '']);
    t0 = performance.now();
    removed.push(Math.max(0, (await gone) - t0));
    await source.settled();
  }
  await actor.stop();
  return { created: stats(created), removed: stats(removed) };
}

function serverCpuMs(server: BenchServer): number {
  const pid = server.tmux('display-message', '-p', '#{pid}').trim();
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (100/s)
}

/** Forks/s, our CPU %, the tmux server's CPU % and RSS over `ms`. */
async function steady(server: BenchServer, counting: CountingRunner, ms: number, spawnedExtra = () => 0) {
  const calls0 = counting.calls + spawnedExtra();
  const cpu0 = process.cpuUsage();
  const srv0 = serverCpuMs(server);
  const t0 = performance.now();
  await sleep(ms);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const forks = counting.calls + spawnedExtra() - calls0;
  return {
    forksPerSec: (forks / wall) * 1000,
    cpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    serverPct: ((serverCpuMs(server) - srv0) / wall) * 100,
    rssMb: process.memoryUsage().rss / 1024 / 1024,
  };
}

const line = (label: string, s: Awaited<ReturnType<typeof steady>>) =>
  `  ${label.padEnd(44)} forks ${s.forksPerSec.toFixed(2)}/s  CPU ${s.cpuPct.toFixed(2)}%  tmux server ${s.serverPct.toFixed(2)}%  RSS ${s.rssMb.toFixed(0)} MB`;

/** The old way: a snapshot and a capture of every agent pane, forked twice a second. */
async function pollingWay(server: BenchServer, ms: number) {
  const counting = new CountingRunner(new ProcessRunner({ socketName: server.socketName }));
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const snap = await takeSnapshot(counting);
      const panes = snap.sessions.flatMap((s) => s.windows.flatMap((w) => w.panes.map((p) => p.id)));
      await capturePanes(counting, panes);
      await sleep(500);
    }
  })();
  const result = await steady(server, counting, ms);
  stop = true;
  await loop;
  return result;
}

function fakeAgentDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmo-bench-agents-'));
  const write = (name: string, body: string) => {
    const file = join(dir, name);
    writeFileSyncExec(file, `#!/bin/sh\n${body}\n`);
  };
  write('claude', `printf '> \\n'; exec cat > /dev/null`);
  // a busy "agent": the same name, printing a working spinner line 10 times a second
  mkdirSync(join(dir, 'busy'));
  writeFileSyncExec(
    join(dir, 'busy', 'claude'),
    "#!/bin/sh\nn=0\nwhile :; do n=$((n+1)); printf '\\342\\234\\263 Working\\342\\200\\246 (esc to interrupt) %s\\n' $n; sleep 0.1; done\n",
  );
  return dir;
}

function writeFileSyncExec(file: string, text: string): void {
  const fd = openSync(file, 'w');
  writeSync(fd, text);
  closeSync(fd);
  chmodSync(file, 0o755);
}

export async function benchEvents(): Promise<string[]> {
  const out: string[] = ['Live engine (tmo events / embedded source): control mode vs 0.5 s polling'];
  for (const [sessions, windows, runs] of [
    [10, 5, 200],
    [100, 10, 100],
  ] as const) {
    const server = benchServer(sessions, windows);
    try {
      const { source } = await start(server, 'all'); // the panes run `sleep`: stream every window
      out.push(`${sessions}×${windows} (every window linked):`);
      out.push(
        `  pane output → pane.output event            ${fmt(await outputLatency(server, source, runs))}`,
      );
      out.push(
        `  structural change → window.renamed event   ${fmt(await structuralLatency(server, source, Math.min(runs, 50)))}`,
      );
      out.push(
        `  takeSnapshot over control (links listed)   ${fmt(await timeIt(50, () => takeSnapshot(source.runner)))}`,
      );
      out.push(
        `  no-op command over control (the floor)     ${fmt(await timeIt(50, () => source.runner.run(['display-message', '-p', ''])))}`,
      );
      out.push(
        `  full snapshot, one tmux process            ${fmt(await timeIt(20, () => takeSnapshot(source.runner.fallback)))}`,
      );
      await source.stop();
      // The default: only agents' windows are linked (none here), so tmux lists each window once.
      out.push('  default linking (agents only):');
      const plain = await start(server);
      const resync = () => {
        plain.source.requestResync();
        return plain.source.settled();
      };
      out.push(`    full resync over control (snapshot+diff) ${fmt(await timeIt(50, resync))}`);
      const cr = await createRemoveLatency(server, plain.source, Math.min(runs, 30));
      out.push(`    window.created event after new-window    ${fmt(cr.created)}`);
      out.push(`    window.removed event after kill-window   ${fmt(cr.removed)}`);
      await plain.source.stop();
    } finally {
      server.kill();
    }
  }

  const dir = fakeAgentDir();
  try {
    out.push('Steady state, 10×5 = 50 panes, 10 s each:');
    const idle = benchServer(10, 5, join(dir, 'claude'));
    try {
      const { source, runner } = await start(idle);
      await sleep(2500); // detection and first classification done
      out.push(line('50 idle agents, control mode', await steady(idle, runner, 10_000)));
      await source.stop();
      out.push(line('50 idle agents, 0.5 s polling (forks)', await pollingWay(idle, 10_000)));
    } finally {
      idle.kill();
    }
    const busy = benchServer(10, 5, join(dir, 'busy', 'claude'));
    try {
      const { source, runner } = await start(busy);
      let events = 0;
      source.subscribe((e) => {
        if (e.type === 'pane.output') events++;
      });
      await sleep(1000);
      const e0 = events;
      const s = await steady(busy, runner, 10_000);
      out.push(
        `${line('50 panes × 10 lines/s, control mode', s)}  (${((events - e0) / 10).toFixed(0)} output events/s)`,
      );
      await source.stop();
      out.push(line('50 panes × 10 lines/s, 0.5 s polling (forks)', await pollingWay(busy, 10_000)));
    } finally {
      busy.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  out.push('  (polling finds a change 250 ms late on average; control mode delivers as measured above)');
  return out;
}
