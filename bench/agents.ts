/**
 * Agent detection and classification figures: classification time per pane (target ≤ 0.2 ms for a
 * 200×50 screen), the process-table read, and one batched capture vs one tmux call per pane.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classifyScreen } from '../src/agents/classify.js';
import { detectKind } from '../src/agents/detect.js';
import { inspectSnapshot } from '../src/agents/inspect.js';
import { readProcessTable } from '../src/agents/proc.js';
import { BUILTIN_TABLES } from '../src/agents/rules/index.js';
import type { PaneInfo } from '../src/model/types.js';
import { capturePanes } from '../src/tmux/capture.js';
import { takeSnapshot } from '../src/tmux/snapshot.js';
import { fmt, ms, ratio, stats, timeIt } from './stats.js';
import { benchServer } from './tmux-fixture.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/screens/', import.meta.url));

/** A fixture widened to 200 columns and 50 rows: long transcript lines above the real screen. */
function wide(file: string): string {
  const lines = readFileSync(fixtures + file, 'utf8').split('\n');
  const filler = Array.from({ length: 10 }, (_, i) =>
    `  ${`transcript line ${i} `.repeat(12)}`.slice(0, 200),
  );
  return [
    ...filler,
    ...lines.map((l) => (l.length > 60 ? `${l}${' lorem ipsum'.repeat(7)}`.slice(0, 200) : l)),
  ]
    .slice(-50)
    .join('\n');
}

/** Per-call time of a sync function, from batches (a single call is below the timer's resolution). */
function perCall(fn: () => unknown, batches = 200, batch = 50): ReturnType<typeof stats> {
  for (let i = 0; i < 500; i++) fn();
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    samples.push((performance.now() - t0) / batch);
  }
  return stats(samples);
}
const us = (v: number) => `${(v * 1000).toFixed(1)} µs`;
const fmtUs = (s: ReturnType<typeof stats>) => `median ${us(s.median)}  p99 ${us(s.p99)}`;

export async function benchAgents(): Promise<string[]> {
  const lines = ['## agent detection and classification'];
  const files = readdirSync(fixtures).filter((f) => /^(claude|codex|gemini|aider)-.*\.txt$/.test(f));
  const screens = files.map((f) => ({ file: f, kind: f.split('-')[0]!, screen: wide(f) }));
  let worst = { file: '', median: 0 };
  const all: number[] = [];
  for (const s of screens) {
    const table = BUILTIN_TABLES.find((t) => t.kind === s.kind)!;
    const st = perCall(() => classifyScreen(table, s.screen, 'title'));
    all.push(st.median);
    if (st.median > worst.median) worst = { file: s.file, median: st.median };
  }
  const agg = stats(all);
  lines.push(
    `classifyScreen, 200×50 screen, ${screens.length} recorded screens: median ${us(agg.median)}, ` +
      `slowest ${us(worst.median)} (${worst.file}) — target ≤ 200 µs`,
  );
  const pane: PaneInfo = {
    id: '%1',
    index: 0,
    active: true,
    width: 200,
    height: 50,
    command: 'sleep',
    pid: 0,
    title: 'host',
    dead: false,
    inMode: false,
  };
  const aider = screens.find((s) => s.file === 'aider-idle.txt')!.screen;
  lines.push(
    `detectKind by screen (last resort, aider at the end of the table): ${fmtUs(perCall(() => detectKind(pane, undefined, BUILTIN_TABLES, aider)))}`,
  );
  const procs = await readProcessTable();
  lines.push(
    `readProcessTable (${procs.size} processes, /proc): ${fmt(await timeIt(30, () => readProcessTable()))}`,
  );

  const srv = benchServer(5, 10, `sh -c 'cat ${fixtures}claude-working.txt; exec sleep 3600'`);
  try {
    const snapshot = await takeSnapshot(srv.runner);
    const ids = snapshot.sessions.flatMap((s) => s.windows.flatMap((w) => w.panes.map((p) => p.id)));
    const batched = await timeIt(30, () => capturePanes(srv.runner, ids));
    const perPane = await timeIt(5, async () => {
      for (const id of ids) await srv.runner.run(['capture-pane', '-p', '-J', '-t', id]);
    });
    lines.push(`capture ${ids.length} panes in one tmux call: ${fmt(batched)}`);
    lines.push(
      `capture ${ids.length} panes one call each: ${fmt(perPane)}  → batched is ${ratio(perPane, batched)} faster`,
    );
    const inspect = await timeIt(20, () => inspectSnapshot(srv.runner, snapshot, { tables: BUILTIN_TABLES }));
    lines.push(`inspectSnapshot, ${ids.length} panes (process table + capture + classify): ${fmt(inspect)}`);
    lines.push(`  per pane: ${ms(inspect.median / ids.length)}`);
  } finally {
    srv.kill();
  }
  return lines;
}
