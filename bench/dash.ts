/**
 * Dashboard figures, measured on the real CLI (`node bin/tmo.js dash`, real embedded source) running in a
 * 120×40 pane of a private tmux server and watching another private server of agents:
 * first frame after start, pane output → on screen, keypress → frame, CPU (idle and busy agents), RSS.
 * Screen reads are `capture-pane` polls (≈ 2–5 ms each), so latencies include that much overhead.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, ms, stats } from './stats.js';
import { type BenchServer, benchServer } from './tmux-fixture.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TICKS = 100; // USER_HZ on Linux
const TITLE = `printf '\\033]0;✳ Claude Code\\007'`;
const IDLE = `${TITLE}; printf 'claude idle\\n> '; exec cat`;
export const BUSY = `${TITLE}; i=0; while :; do i=$((i+1)); echo "working line $i"; sleep 0.1; done`;

/**
 * The dashboard as a user starts it: bin/tmo.js run as a program, so its `#!` line's Node flags apply, with
 * this Node first in PATH for `env`.
 */
export const dashCommand = (agents: BenchServer): string =>
  `cd ${root} && PATH=${dirname(process.execPath)}:$PATH exec bin/tmo.js dash -L ${agents.socketName}`;

export function outerServer(): BenchServer {
  const socketName = `tmo-bench-ui-${process.pid}-${randomBytes(3).toString('hex')}`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', socketName, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      env: { ...process.env, TMUX: '' },
      // tmux's complaints (a server that already exited with its dashboard) belong in the error, not the report
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  return {
    socketName,
    runner: undefined as never,
    tmux,
    kill: () => {
      try {
        tmux('kill-server');
      } catch {
        // gone
      }
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, timeoutMs = 10_000): Promise<number> {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > timeoutMs) throw new Error('timeout');
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

async function run(agents: BenchServer, busy: boolean): Promise<string[]> {
  const ui = outerServer();
  const lines: string[] = [];
  try {
    const cmd = dashCommand(agents);
    const screen = () => ui.tmux('capture-pane', '-p', '-t', 'ui');
    const t0 = performance.now();
    ui.tmux('new-session', '-d', '-s', 'ui', '-x', '120', '-y', '40', cmd);
    await until(() => TITLE_RE.test(screen()));
    const first = performance.now() - t0;
    await until(() => /500 panes · 50 agents/.test(screen()), 20_000);
    const pid = Number(ui.tmux('display-message', '-p', '-t', 'ui', '#{pane_pid}').trim());
    lines.push(
      `  first frame after start (process start included): ${ms(first)}; all 500 panes (50 agents) listed after ${ms(performance.now() - t0)}`,
    );
    await sleep(busy ? 1000 : 3000);
    const cpu = await cpuPercent(pid, 5);
    lines.push(
      `  CPU with 50 ${busy ? 'agents printing 10 lines/s each' : 'idle agents'}: ${cpu.toFixed(1)}% of one core (4–9 s after start); RSS ${rssMb(pid).toFixed(0)} MB`,
    );
    if (!busy) {
      // Idle proper: the steady state once start-up work (first captures, debounces, JIT) is over.
      await sleep(6000);
      const steady = await cpuPercent(pid, 10);
      lines.push(
        `  CPU with 50 idle agents, steady (15–25 s after start): ${steady.toFixed(1)}% of one core`,
      );
    }
    if (busy) return lines;

    // keypress → frame: j/k alternate; the pane title changes.
    const keys: number[] = [];
    for (let i = 0; i < 20; i++) {
      // The tree's cursor row (marked `>`) moves; header rows select no pane, so the pane id may not change.
      const cursorRow = () =>
        screen()
          .split('\n')
          .findIndex((l) => l.startsWith('>'));
      const before = cursorRow();
      const t = performance.now();
      ui.tmux('send-keys', '-t', 'ui', i % 2 ? 'k' : 'j');
      await until(() => cursorRow() !== before, 5000);
      keys.push(performance.now() - t);
    }
    lines.push(`  keypress → frame: ${fmt(stats(keys))}`);

    // pane output → on screen: type a marker into the selected (cat) pane; cat echoes it.
    const selected = /Pane (%\d+)/.exec(screen())?.[1] ?? '%0';
    const out: number[] = [];
    for (let i = 0; i < 15; i++) {
      const marker = `mark${i}x${randomBytes(2).toString('hex')}`;
      const t = performance.now();
      agents.tmux('send-keys', '-t', selected, '-l', marker);
      await until(() => screen().includes(marker), 5000);
      out.push(performance.now() - t);
      agents.tmux('send-keys', '-t', selected, 'Enter');
      await sleep(150);
    }
    lines.push(`  pane output → on screen: ${fmt(stats(out))}`);
    return lines;
  } finally {
    ui.kill();
  }
}

/** Start the dashboard `n` times (quit with q each time): process start → first frame on screen. */
async function firstFrames(agents: BenchServer, n: number): Promise<{ first: number[]; quit: number[] }> {
  const times: number[] = [];
  const quit: number[] = [];
  for (let i = 0; i < n; i++) {
    const ui = outerServer();
    try {
      const cmd = dashCommand(agents);
      const t0 = performance.now();
      ui.tmux('new-session', '-d', '-s', 'ui', '-x', '120', '-y', '40', cmd);
      await until(() => TITLE_RE.test(ui.tmux('capture-pane', '-p', '-t', 'ui')));
      times.push(performance.now() - t0);
      const pid = ui.tmux('display-message', '-p', '-t', 'ui', '#{pane_pid}').trim();
      // q → the process is gone (the shell would have the terminal back): after the tree has loaded.
      await until(() => /500 panes/.test(ui.tmux('capture-pane', '-p', '-t', 'ui')), 20_000);
      const q0 = performance.now();
      ui.tmux('send-keys', '-t', 'ui', 'q');
      await until(
        () => !existsSync(`/proc/${pid}`) || /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')),
      );
      quit.push(performance.now() - q0);
    } finally {
      ui.kill();
    }
  }
  return { first: times, quit };
}

/** The panel title once the tree is drawn: `Sessions  500 panes · 50 agents` (or `Agents  50`). */
const TITLE_RE = /(Sessions|Agents)\s+\d/;

/** 450 more panes beside the 50 agents (45 sessions × 10 windows of `sleep`): 500 in the tree. */
function padTo500(server: BenchServer): void {
  for (let s = 0; s < 45; s++) {
    const args = ['new-session', '-d', '-s', `pad-${s}`, '-x', '120', '-y', '40', 'exec sleep 3600'];
    for (let w = 1; w < 10; w++) args.push(';', 'new-window', '-d', '-t', `pad-${s}:`, 'exec sleep 3600');
    server.tmux(...args);
  }
}

export async function benchDash(): Promise<string[]> {
  const lines = [
    'dashboard (real CLI in a 120×40 tmux pane, embedded source, 500 panes in the tree: 50 agents, 450 others):',
  ];
  const idle = benchServer(5, 10, IDLE);
  padTo500(idle);
  try {
    const starts = await firstFrames(idle, 15);
    lines.push(
      `  first frame after start, 50 idle agents + 450 panes (tmux starting the pane and capture-pane polls included): ${fmt(stats(starts.first))}`,
    );
    lines.push(`  q → process gone (the shell has the terminal back): ${fmt(stats(starts.quit))}`);
    lines.push(...(await run(idle, false)));
  } finally {
    idle.kill();
  }
  const busy = benchServer(5, 10, BUSY);
  padTo500(busy);
  try {
    lines.push(...(await run(busy, true)));
  } finally {
    busy.kill();
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of await benchDash()) console.log(line);
}
