/**
 * Dashboard figures, measured on the real CLI (`bin/tmo.js dash`, real embedded source) running in a
 * 120×40 pane of a private tmux server and watching another private server of agents: first frame after
 * start and all agents listed (50 agents alone, and 500 panes), `q` → process gone, keypress → frame, pane
 * output → on screen, CPU (idle and busy agents), RSS. Starts are interleaved with `node -e 0` (the
 * yardstick: Node starting and exiting) so a loaded machine shows as a ratio. Screen reads are
 * `capture-pane` polls (≈ 2–5 ms each), so latencies include that much overhead.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, ms, ratioTo, type Stats, stats } from './stats.js';
import { openTerminal, type Terminal } from './terminal.js';
import { type BenchServer, benchServer, privateServer, zombie } from './tmux-fixture.js';

// TMO_BENCH_ROOT: another build's root (its bin/ and dist/), e.g. a checkout of the commit before a change.
const root = process.env['TMO_BENCH_ROOT'] || fileURLToPath(new URL('../..', import.meta.url));
const TICKS = 100; // USER_HZ on Linux
const TITLE = `printf '\\033]0;✳ Claude Code\\007'`;
// Stand-ins that call themselves claude (`exec -a`), as the real one does: a title alone over a shell loop or
// `cat` is what an agent left behind, not an agent (detect.ts leftoverRule).
const IDLE = `${TITLE}; printf 'claude idle\\n> '; exec bash -c 'exec -a claude cat'`;
export const BUSY = `${TITLE}; exec bash -c 'exec -a claude bash -c "i=0; while :; do i=\\$((i+1)); echo working line \\$i; sleep 0.1; done"'`;

/**
 * The dashboard as a user starts it: bin/tmo.js run as a program, so its `#!` line's Node flags apply, with
 * this Node first in PATH for `env`. With `stamp`: bash writes the time (µs, $EPOCHREALTIME, a builtin: no
 * fork) to that file right before it execs the dashboard, which then starts as that same process.
 */
export const dashCommand = (agents: BenchServer, stamp?: string): string => {
  const run = `cd ${root.replace(/\/?$/, '/')} && PATH=${dirname(process.execPath)}:$PATH exec bin/tmo.js dash -L ${agents.socketName}`;
  return stamp ? `exec bash -c 'printf %s "$EPOCHREALTIME" > ${stamp}; ${run}'` : run;
};

export function outerServer(): BenchServer {
  const socketName = `tmo-bench-ui-${process.pid}-${randomBytes(3).toString('hex')}`;
  const { tmux, kill } = privateServer(socketName);
  return { socketName, runner: undefined as never, tmux, kill };
}

/**
 * What a dashboard that has exited left on the server it watched: hidden sessions (`__tmo_<pid>`) and
 * `tmux -C` clients of ours — none, when it left as it should. Looked at after a moment: a quit hands what
 * tmux did not confirm in time to a helper that finishes within about 2 s.
 */
async function leftBehind(agents: BenchServer, dashPid: number): Promise<string[]> {
  const hidden = `__tmo_${dashPid}`;
  let left: string[] = [];
  for (let i = 0; i < 30; i++) {
    const sessions = agents.tmux('list-sessions', '-F', '#{session_name}').split('\n');
    const clients = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(`-L ${agents.socketName} -C attach-session -t =${hidden}`));
    left = [...sessions.filter((s) => s === hidden), ...clients.map((c) => `control client ${c.trim()}`)];
    if (left.length === 0) return [];
    await sleep(100);
  }
  return left;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Poll `check` every ms; on timeout the error says what was awaited (and `show()`: the screen). */
async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
  show?: () => Promise<string>,
): Promise<number> {
  const t0 = performance.now();
  while (!(await check())) {
    if (performance.now() - t0 > timeoutMs) {
      let screen = '';
      try {
        screen = show ? `\n${await show()}` : '';
      } catch {}
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${screen}`);
    }
    await sleep(1);
  }
  return performance.now() - t0;
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
}
export const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function cpuPercent(pid: number, seconds: number): Promise<number> {
  const a = cpuTicks(pid);
  await sleep(seconds * 1000);
  return ((cpuTicks(pid) - a) / TICKS / seconds) * 100;
}

/** The bench's `node -e 0`: Node starting and exiting, the yardstick every start is compared to. */
function nodeOnce(): number {
  const t0 = performance.now();
  execFileSync(process.execPath, ['-e', '0']);
  return performance.now() - t0;
}

/**
 * A dashboard started in a fresh 120×40 pane of its own tmux server (bench/terminal.ts: read and typed into
 * through one control-mode client); its screen, keys and pid. `since()`: ms since the dashboard's process
 * started (the issue's "from process start"); `t0`: before the terminal's shell started.
 */
async function startDash(agents: BenchServer): Promise<
  Terminal & {
    ui: BenchServer;
    t0: number;
    since: () => number;
  }
> {
  const ui = outerServer();
  const stamp = join(tmpdir(), `${ui.socketName}.start`);
  const t0 = performance.now();
  const term = await openTerminal(ui, dashCommand(agents, stamp));
  let started: number | undefined;
  const since = () => {
    const now = performance.timeOrigin + performance.now();
    started ??= Number(readFileSync(stamp, 'utf8').replace(',', '.')) * 1000;
    return now - started;
  };
  const kill = ui.kill;
  ui.kill = () => {
    term.close();
    kill();
    rmSync(stamp, { force: true });
  };
  return { ...term, ui, t0, since };
}

interface Starts {
  /** From the dashboard's process start. */
  first: Stats;
  /** The terminal's tmux server and shell starting, before the dashboard's process began. */
  terminal: Stats;
  /** The tree of the server's panes on screen (its pane count in the title). */
  tree: Stats;
  listed: Stats;
  /** What the dashboards left on the server after quitting (hidden sessions, control clients). */
  left: string[];
  quit: Stats;
  /** `q` pressed 2 s after everything was listed (a dashboard in use, start-up work done). */
  quitSettled: Stats;
  node: Stats;
}

/**
 * `n` starts, each after a `node -e 0`: process start → first frame (the tree's title on screen), → the
 * header counts everything (`listed`), and `q` → the process gone (the shell would have the terminal back);
 * and `n` more whose `q` comes 2 s after everything was listed, as on a dashboard in use.
 */
async function starts(agents: BenchServer, n: number, tree: RegExp, listed: RegExp): Promise<Starts> {
  const first: number[] = [];
  const terminal: number[] = [];
  const trees: number[] = [];
  const left: string[] = [];
  const all: number[] = [];
  const quit: number[] = [];
  const quitSettled: number[] = [];
  const node: number[] = [];
  // Every other start is quit at once (start-up work still running), the others once settled.
  for (let i = 0; i < 2 * n; i++) {
    const settled = i % 2 === 1;
    if (!settled) node.push(nodeOnce());
    const d = await startDash(agents);
    try {
      await until(async () => TITLE_RE.test(await d.screen()), 'the first frame', 30_000, d.screen);
      if (!settled) {
        first.push(d.since());
        terminal.push(performance.now() - d.t0 - first[first.length - 1]!);
      }
      await until(async () => tree.test(await d.screen()), `${tree}`, 30_000, d.screen);
      if (!settled) trees.push(d.since());
      await until(async () => listed.test(await d.screen()), `${listed}`, 30_000, d.screen);
      if (!settled) all.push(d.since());
      else await new Promise((r) => setTimeout(r, 2000));
      const pid = await d.pid();
      const q0 = performance.now();
      await d.keys('q');
      await until(() => zombie(pid), 'the process to exit after q', 10_000);
      (settled ? quitSettled : quit).push(performance.now() - q0);
      left.push(...(await leftBehind(agents, pid)));
    } finally {
      d.ui.kill();
    }
  }
  return {
    first: stats(first),
    terminal: stats(terminal),
    tree: stats(trees),
    listed: stats(all),
    quit: stats(quit),
    quitSettled: stats(quitSettled),
    node: stats(node),
    left,
  };
}

function startLines(label: string, r: Starts, listedTarget?: number): string[] {
  const vs = (x: Stats, target?: number) =>
    `${fmt(x)} = ${ratioTo(x, r.node, 'node -e 0')}${target === undefined ? '' : ` (target ≤ ${target} ms: ${x.median <= target ? 'met' : 'MISSED'})`}`;
  return [
    `  ${label}: node -e 0 (interleaved) ${fmt(r.node)}`,
    `    first frame after the process started: ${vs(r.first, listedTarget === undefined ? undefined : 300)} (the terminal's own start before it, not counted: ${fmt(r.terminal)})`,
    `    the tree of every pane shown: ${vs(r.tree)}`,
    `    all listed: ${vs(r.listed, listedTarget)}`,
    `    q as soon as all were listed → process gone (the shell has the terminal back): ${fmt(r.quit)}${r.quit.median <= 100 ? ' (target ≤ 100 ms: met)' : ' (target ≤ 100 ms: MISSED)'}`,
    `    q 2 s after all were listed → process gone: ${fmt(r.quitSettled)}${r.quitSettled.median <= 100 ? ' (target ≤ 100 ms: met)' : ' (target ≤ 100 ms: MISSED)'}`,
    `    left on the server after quitting: ${r.left.length ? r.left.join(', ') : 'nothing'}`,
  ];
}

/** Keys, output, CPU and RSS of one long-running dashboard. */
async function run(agents: BenchServer, busy: boolean): Promise<string[]> {
  const d = await startDash(agents);
  const { screen } = d;
  const lines: string[] = [];
  try {
    await until(async () => TITLE_RE.test(await screen()), 'the first frame', 30_000, screen);
    const first = d.since();
    await until(async () => /500 panes · 50 agents/.test(await screen()), 'all 500 panes', 30_000, screen);
    const pid = await d.pid();
    lines.push(
      `  first frame after the process started: ${ms(first)}; all 500 panes (50 agents) listed after ${ms(d.since())}`,
    );
    await sleep(busy ? 1000 : 3000);
    const cpu = await cpuPercent(pid, 5);
    lines.push(
      `  CPU with 50 ${busy ? 'agents printing 10 lines/s each' : 'idle agents'}: ${cpu.toFixed(1)}% of one core (4–9 s after start); RSS ${rssMb(pid).toFixed(0)} MB`,
    );
    if (busy) return lines;
    // Idle proper: the steady state once start-up work (first captures, debounces, JIT) is over.
    await sleep(6000);
    const steady = await cpuPercent(pid, 10);
    lines.push(`  CPU with 50 idle agents, steady (15–25 s after start): ${steady.toFixed(1)}% of one core`);

    // keypress → frame: j/k alternate; the tree's cursor row (marked `>`) moves. Header rows select no
    // pane, so the pane id alone may not change.
    const cursorRow = async () => (await screen()).split('\n').findIndex((l) => l.startsWith('>'));
    const keys: number[] = [];
    for (let i = 0; i < 20; i++) {
      const before = await cursorRow();
      const t = performance.now();
      await d.keys(i % 2 ? 'k' : 'j');
      await until(async () => (await cursorRow()) !== before, 'the cursor to move', 10_000, screen);
      keys.push(performance.now() - t);
    }
    lines.push(`  keypress → frame: ${fmt(stats(keys))}`);

    // pane output → on screen: type a marker into the selected (cat) pane; cat echoes it.
    const selected = /Pane (%\d+)/.exec(await screen())?.[1] ?? '%0';
    const out: number[] = [];
    for (let i = 0; i < 15; i++) {
      const marker = `mark${i}x${randomBytes(2).toString('hex')}`;
      const t = performance.now();
      agents.tmux('send-keys', '-t', selected, '-l', marker);
      await until(async () => (await screen()).includes(marker), 'the marker on screen', 10_000, screen);
      out.push(performance.now() - t);
      agents.tmux('send-keys', '-t', selected, 'Enter');
      await sleep(150);
    }
    lines.push(`  pane output → on screen: ${fmt(stats(out))}`);
    return lines;
  } finally {
    d.ui.kill();
  }
}

/**
 * The panel title in the first frame: `Sessions  connecting…` before the first tree, `Sessions  500 panes ·
 * 50 agents` (or `Agents  50`) once it is there.
 */
const TITLE_RE = /(Sessions|Agents)\s+(\d|connecting)/;

/** 450 more panes beside the 50 agents (45 sessions × 10 windows of `sleep`): 500 in the tree. */
function padTo500(server: BenchServer): void {
  for (let s = 0; s < 45; s++) {
    const args = ['new-session', '-d', '-s', `pad-${s}`, '-x', '120', '-y', '40', 'exec sleep 3600'];
    for (let w = 1; w < 10; w++) args.push(';', 'new-window', '-d', '-t', `pad-${s}:`, 'exec sleep 3600');
    server.tmux(...args);
  }
}

/** A section's figures, or the line that says why there are none (a failure is a finding, not a crash). */
async function orFailure(label: string, fn: () => Promise<string[]>): Promise<string[]> {
  try {
    return await fn();
  } catch (error) {
    return [`  ${label}: FAILS — ${(error as Error).message}`];
  }
}

/** `TMO_BENCH_DASH_ROUNDS=3 npm run bench -- dash`: fewer starts for a quick look. */
export async function benchDash(
  rounds = Number(process.env['TMO_BENCH_DASH_ROUNDS']) || 10,
): Promise<string[]> {
  const lines = [
    'dashboard (real CLI in a 120×40 tmux pane, embedded source; each start interleaved with node -e 0):',
  ];
  // Issue 14: 50 agents, nothing else.
  const fifty = benchServer(5, 10, IDLE);
  try {
    lines.push(
      ...(await orFailure('50 agents', async () =>
        startLines(
          `50 idle agents (${rounds} starts)`,
          await starts(fifty, rounds, /\b50 panes/, /50 panes · 50 agents/),
          600,
        ),
      )),
    );
    // …and 450 other panes beside them: the tree of 500.
    padTo500(fifty);
    lines.push(
      ...(await orFailure('500 panes', async () =>
        startLines(
          `50 idle agents + 450 other panes (${rounds} starts)`,
          await starts(fifty, rounds, /\b500 panes/, /500 panes · 50 agents/),
        ),
      )),
    );
    lines.push(...(await orFailure('500 panes, one run', () => run(fifty, false))));
  } finally {
    fifty.kill();
  }
  const busy = benchServer(5, 10, BUSY);
  try {
    padTo500(busy);
    lines.push(...(await orFailure('busy agents', () => run(busy, true))));
  } finally {
    busy.kill();
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of await benchDash()) console.log(line);
}
