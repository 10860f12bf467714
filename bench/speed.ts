/**
 * Issue 14 figures: whole processes as a user runs them, each as a ratio to Node itself starting and
 * exiting (`node -e 0`), run interleaved so the machine's load hits both alike.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { delimiter, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SNAPSHOT_ARGS } from '../src/tmux/snapshot.js';
import { fmt, interleaved, ms, ratioTo, type Stats, stats } from './stats.js';
import { benchServerWithAgents } from './tmux-fixture.js';

const run = promisify(execFile);
// TMO_BENCH_ROOT: another build's root (its bin/ and dist/), e.g. a checkout of the commit before a change.
const repoRoot = process.env['TMO_BENCH_ROOT'] || fileURLToPath(new URL('../..', import.meta.url));
const node = process.execPath;
// As a user runs it: the bin itself (its shebang finds the pinned Node first on PATH).
const bin = `${repoRoot.replace(/\/?$/, '/')}bin/tmo.js`;
const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env['PATH'] ?? ''}`, TMUX: '' };
const nodeOnly = () => run(node, ['-e', '0']);
const tmo =
  (...args: string[]) =>
  () =>
    run(bin, args, { env, maxBuffer: 64 * 1024 * 1024 });

/** A section's figures, or the line that says why there are none (a failing command is a finding). */
async function orFailure(label: string, fn: () => Promise<string[]>): Promise<string[]> {
  try {
    return await fn();
  } catch (error) {
    const e = error as Error & { stderr?: string };
    return [`${label}: FAILS — ${(e.stderr || e.message).trim().split('\n').slice(-1)[0]}`];
  }
}

/** `count` idle processes (one `sh` and its `sleep`s, one process group), up to 10 s to appear. */
async function idleProcesses(count: number): Promise<{ kill(): void }> {
  const child: ChildProcess = spawn(
    'sh',
    ['-c', `i=0; while [ $i -lt ${count} ]; do sleep 600 & i=$((i+1)); done; wait`],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  };
  const { readFileSync } = await import('node:fs');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ');
    if (children.length >= count) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { kill };
}

/** Our own work (no tmux call running) in a fresh process, `runs` times. */
async function ownWork(socketName: string, runs: number) {
  const script = `${repoRoot.replace(/\/?$/, '/')}dist/bench/own-work.js`;
  const samples: { wall: number; tmux: number; own: number; cpu: number; calls: number; agents: number }[] =
    [];
  for (let i = 0; i < runs; i++)
    samples.push(JSON.parse((await run(node, [script, socketName], { env })).stdout));
  const pick = (k: 'wall' | 'tmux' | 'own' | 'cpu') => stats(samples.map((s) => s[k]));
  return {
    wall: pick('wall'),
    tmux: pick('tmux'),
    own: pick('own'),
    cpu: pick('cpu'),
    last: samples[samples.length - 1]!,
  };
}

const med = (s: Stats) => ms(s.median);

/** Node running one tmux call and nothing else (bench/floor.ts). */
const floor = (socketName: string, args: readonly string[]) => () =>
  run(node, [fileURLToPath(new URL('./floor.js', import.meta.url)), socketName, ...args], {
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
/** The same call over the server's socket (bench/floor-direct.ts), as `status` makes it now. */
const floorDirect = (socketName: string, args: readonly string[]) => () =>
  run(node, [fileURLToPath(new URL('./floor-direct.js', import.meta.url)), socketName, ...args], {
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
/** The cheapest question with an answer per pane. */
const BARE_CALL = ['list-panes', '-a', '-F', '#{pane_id}'];
/** What the goals above stand on: Node with one tmux call of its own, and nothing of ours. */
const floorLines = (r: Record<'node' | 'bare' | 'listing' | 'direct', Stats>) => [
  `  floor, Node + 1 tmux process and nothing else: list-panes -F '#{pane_id}' ${med(r.bare)} → ${ratioTo(r.bare, r.node, 'node -e 0')}; our snapshot listing alone ${med(r.listing)} → ${ratioTo(r.listing, r.node, 'node -e 0')}`,
  `  floor, Node + our snapshot listing over the server's socket (tmux/direct.ts alone): ${med(r.direct)} → ${ratioTo(r.direct, r.node, 'node -e 0')}`,
];

export async function benchSpeed(): Promise<string[]> {
  const lines = ["## one-shot commands against Node's own start-up (issue 14), interleaved, medians"];
  const v = await interleaved(12, { node: nodeOnly, version: tmo('--version') });
  lines.push(
    `tmo --version: ${med(v.version)} vs node -e 0 ${med(v.node)} → ${ratioTo(v.version, v.node, 'node -e 0', 1.15)}`,
  );

  const small = benchServerWithAgents(10, 5, 5);
  try {
    const status = tmo('-L', small.socketName, 'status', '--json');
    const quiet = await interleaved(12, {
      node: nodeOnly,
      status,
      bare: floor(small.socketName, BARE_CALL),
      listing: floor(small.socketName, SNAPSHOT_ARGS),
      direct: floorDirect(small.socketName, SNAPSHOT_ARGS),
    });
    lines.push(
      `10×5, 5 agents: tmo status --json ${med(quiet.status)} vs node -e 0 ${med(quiet.node)} → ${ratioTo(quiet.status, quiet.node, 'node -e 0', 1.4)}`,
      ...floorLines(quiet),
    );
    lines.push('  (the original Python system is not installed here: no ratio to it)');
    const busy = await idleProcesses(1000);
    try {
      const loaded = await interleaved(12, { node: nodeOnly, status });
      const grew = loaded.status.median - loaded.node.median - (quiet.status.median - quiet.node.median);
      lines.push(
        `  with 1,000 more idle processes: ${med(loaded.status)} vs node -e 0 ${med(loaded.node)} → ${ratioTo(loaded.status, loaded.node, 'node -e 0')}; grew ${grew.toFixed(1)} ms over Node's own start (target ≤ +10 ms: ${grew <= 10 ? 'met' : 'MISSED'})`,
      );
    } finally {
      busy.kill();
    }
  } finally {
    small.kill();
  }

  const mid = benchServerWithAgents(100, 10, 20);
  try {
    lines.push(
      ...(await orFailure('100×10, 20 agents: tmo status --json', async () => {
        const r = await interleaved(8, {
          node: nodeOnly,
          status: tmo('-L', mid.socketName, 'status', '--json'),
          bare: floor(mid.socketName, BARE_CALL),
          listing: floor(mid.socketName, SNAPSHOT_ARGS),
          direct: floorDirect(mid.socketName, SNAPSHOT_ARGS),
        });
        return [
          `100×10, 20 agents: tmo status --json ${med(r.status)} vs node -e 0 ${med(r.node)} → ${ratioTo(r.status, r.node, 'node -e 0', 2.5)}`,
          ...floorLines(r),
        ];
      })),
    );
    const noop = await interleaved(8, {
      noop: () => run('tmux', ['-L', mid.socketName, 'display-message', '-p', '']),
    });
    lines.push(`  (one no-op tmux call at 100×10, the floor of each call: ${fmt(noop.noop)})`);
  } finally {
    mid.kill();
  }

  const big = benchServerWithAgents(100, 10, 400);
  try {
    const r = await run(bin, ['-L', big.socketName, 'status', '--json'], {
      env,
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      (x) => ({ ok: true, agents: (JSON.parse(x.stdout) as { agents: unknown[] }).agents.length }),
      (e: Error) => ({ ok: false, agents: 0, error: e.message.split('\n').slice(-2).join(' ') }),
    );
    lines.push(
      `1000 panes, 400 agents: tmo status --json ${r.ok ? `works, ${r.agents} agents listed` : `FAILS: ${'error' in r ? r.error : ''}`}`,
    );
    lines.push(
      ...(await orFailure('  our own work', async () => {
        const w = await ownWork(big.socketName, 3);
        return [
          `  our own work (no tmux call running), fresh process: ${med(w.own)} (target ≤ 40 ms: ${w.own.median <= 40 ? 'met' : 'MISSED'}); tmux calls ${med(w.tmux)} (${w.last.calls} calls); gather→JSON ${med(w.wall)}; our CPU in all (with what runs beside tmux) ${med(w.cpu)}`,
        ];
      })),
    );
  } finally {
    big.kill();
  }
  return lines;
}
