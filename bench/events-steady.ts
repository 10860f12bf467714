/**
 * Issue 14's live-engine goal, measured as stated: 50 agents printing 10 lines/s each; the CPU of `tmo events`
 * (its own process, and with its `tmux -C` child) against the 0.5 s polling way (its own process, and with the
 * tmux processes it forks), both running side by side over the same windows, so the machine's noise falls on
 * both; RSS of `tmo events`; and how long an agent's state change takes to reach the feed.
 *
 * The stand-in agents are `claude` by argv[0] and never fork while printing (bash builtins only): a real agent
 * prints from one process, and a `sleep` per line would flip the window's name 10 times a second.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, stats } from './stats.js';
import { type BenchServer, benchServer } from './tmux-fixture.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TICK = 100; // clock ticks per second (Linux USER_HZ)

/**
 * The stand-in agent: a working spinner line 10 times a second; while the flag file ($1) exists, a permission
 * dialog instead. $2 gets the time each change was drawn. Builtins only (`read -t` waits on the pane's tty).
 */
const AGENT = `n=0; shown=
while :; do
  if [ -e "$1" ]; then
    if [ -z "$shown" ]; then printf '%s' "$EPOCHREALTIME" > "$2"; printf '\\033[2J\\033[HDo you want to proceed?\\n \\342\\235\\257 1. Yes\\n   2. No\\n'; shown=1; fi
  else
    if [ -n "$shown" ]; then printf '%s' "$EPOCHREALTIME" > "$2"; printf '\\033[2J\\033[H'; shown=; fi
    n=$((n+1)); printf '\\342\\234\\263 Working\\342\\200\\246 (esc to interrupt) %s\\n' $n
  fi
  read -r -t 0.1 _
done
`;
const agentCommand = (script: string, flag: string, stamp: string) =>
  `bash -c 'exec -a claude bash ${script} ${flag} ${stamp}'`;

function procCpu(pid: number): { own: number; reaped: number } {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return { own: Number(x[11]) + Number(x[12]), reaped: Number(x[13]) + Number(x[14]) };
  } catch {
    return { own: 0, reaped: 0 };
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8');
      if (Number(f.slice(f.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(p));
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU ticks of a process: its own, and with its children (live ones, and those it reaped). */
function cpuTicks(pid: number): { own: number; tree: number } {
  const me = procCpu(pid);
  let tree = me.own + me.reaped;
  for (const c of childrenOf(pid)) tree += procCpu(c).own;
  return { own: me.own, tree };
}

const rssMb = (pid: number, field = 'VmRSS'): number => {
  const m = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
};

interface Feed {
  child: ChildProcess;
  states: { at: number; paneId: string; state: string }[];
  lines: number;
}

function tmoEvents(socketName: string, extra: string[]): Feed {
  const bin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));
  // TMO_BENCH_PROF=<dir>: a CPU profile of `tmo events` in <dir> (node --cpu-prof).
  const prof = process.env['TMO_BENCH_PROF'];
  const flags = prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : [];
  const child = spawn(process.execPath, [...flags, bin, '-L', socketName, 'events', '--json', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TMUX: '' },
  });
  const feed: Feed = { child, states: [], lines: 0 };
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const at = Date.now();
    const text = rest + chunk.toString('utf8');
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    feed.lines += lines.length;
    for (const l of lines)
      if (l.includes('"agent.status"')) {
        const e = JSON.parse(l) as { paneId: string; state: string };
        feed.states.push({ at, paneId: e.paneId, state: e.state });
      }
  });
  return feed;
}

async function stateDelays(server: BenchServer, feed: Feed, flag: string, stamp: string, runs: number) {
  const pane = server.tmux('display-message', '-p', '-t', 'bench-0:0', '#{pane_id}').trim();
  const delays: Record<string, number[]> = { waiting: [], working: [] };
  for (let i = 0; i < runs; i++)
    for (const state of ['waiting', 'working'] as const) {
      const from = feed.states.length;
      if (state === 'waiting') writeFileSync(flag, '');
      else unlinkSync(flag);
      const t0 = Date.now();
      while (!feed.states.slice(from).some((s) => s.paneId === pane && s.state === state)) {
        if (Date.now() - t0 > 10_000) throw new Error(`no ${state} within 10 s`);
        await sleep(10);
      }
      const seen = feed.states.slice(from).find((s) => s.paneId === pane && s.state === state)!;
      const drawn = Number(readFileSync(stamp, 'utf8').replace(',', '.')) * 1000;
      delays[state]!.push(seen.at - drawn);
      await sleep(1500);
    }
  return delays;
}

export async function benchEventsSteady(): Promise<string[]> {
  const out = ['Issue 14 goal: 50 agents × 10 lines/s, `tmo events` vs the 0.5 s polling way (side by side)'];
  const dir = mkdtempSync(join(tmpdir(), 'tmo-bench-steady-'));
  const flag = join(dir, 'ask');
  const stamp = join(dir, 'drawn');
  // One pane (bench-0:0) changes state on request; the other 49 just print.
  const script = join(dir, 'agent.sh');
  writeFileSync(script, AGENT);
  const server = benchServer(10, 5, agentCommand(script, join(dir, 'never'), join(dir, 'unused')));
  server.tmux('respawn-pane', '-k', '-t', 'bench-0:0', agentCommand(script, flag, stamp));
  try {
    for (const [label, extra] of [
      ['tmo events --json (every event printed, 500 pane.output/s)', []],
      ['tmo events --json --filter agent.status (no one asks for output)', ['--filter', 'agent.status']],
    ] as const) {
      out.push(`${label}:`);
      out.push(...(await measure(server, [...extra], flag, stamp)));
    }
  } finally {
    server.kill();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

async function measure(server: BenchServer, extra: string[], flag: string, stamp: string): Promise<string[]> {
  const out: string[] = [];
  const feed = tmoEvents(server.socketName, extra);
  const poll = spawn(
    process.execPath,
    [fileURLToPath(new URL('./poll-way.js', import.meta.url)), server.socketName],
    { stdio: 'ignore' },
  );
  try {
    await sleep(4000); // detection, linking, first classification
    const windows = 5;
    const ms = 6000;
    const rows: { ev: number; evTree: number; po: number; poTree: number }[] = [];
    for (let i = 0; i < windows; i++) {
      const e0 = cpuTicks(feed.child.pid!);
      const p0 = cpuTicks(poll.pid!);
      const t0 = performance.now();
      await sleep(ms);
      const wall = (performance.now() - t0) / 1000;
      const e1 = cpuTicks(feed.child.pid!);
      const p1 = cpuTicks(poll.pid!);
      const pct = (a: number, b: number) => ((b - a) / TICK / wall) * 100;
      rows.push({
        ev: pct(e0.own, e1.own),
        evTree: pct(e0.tree, e1.tree),
        po: pct(p0.own, p1.own),
        poTree: pct(p0.tree, p1.tree),
      });
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ev = med(rows.map((r) => r.ev));
    const po = med(rows.map((r) => r.po));
    const evT = med(rows.map((r) => r.evTree));
    const poT = med(rows.map((r) => r.poTree));
    const ratios = rows.map((r) => (r.ev / r.po).toFixed(1)).join(' ');
    out.push(
      `  CPU ${ev.toFixed(2)}%  polling way ${po.toFixed(2)}%  → ${(ev / po).toFixed(2)}× (goal ≤ 2×; per window: ${ratios})`,
    );
    out.push(
      `  with child processes (tmux -C / forked tmux): ${evT.toFixed(2)}% vs ${poT.toFixed(2)}% → ${(evT / poT).toFixed(2)}×`,
    );
    out.push(
      `  RSS ${rssMb(feed.child.pid!).toFixed(0)} MB (peak ${rssMb(feed.child.pid!, 'VmHWM').toFixed(0)} MB; goal ≤ 120 MB); ${feed.lines} lines printed`,
    );
    const d = await stateDelays(server, feed, flag, stamp, 5);
    out.push(`  agent drew a dialog → agent.status waiting in the feed   ${fmt(stats(d['waiting']!))}`);
    out.push(`  agent printing again → agent.status working in the feed ${fmt(stats(d['working']!))}`);
  } finally {
    poll.kill();
    feed.child.kill('SIGTERM');
    await sleep(1000); // it removes its hidden session
  }
  return out;
}
