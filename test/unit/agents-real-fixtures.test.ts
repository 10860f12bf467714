/**
 * Every recorded screen under test/fixtures/real (the lab's recordings of the real CLIs) and
 * test/fixtures/peers (screens from other projects' detector tests), classified as `status` would:
 * judgePane with the recorded pane command, title and process tree. Checks state, reason, options (labels
 * in order) and message where the fixture gives them, prints the accuracy per CLI, and holds the numbers
 * of issue 11: ≥ 95 % correct, no waiting screen reported working or idle, every error screen an error.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyScreen } from '../../src/agents/classify.js';
import { judgePane } from '../../src/agents/inspect.js';
import type { ProcInfo } from '../../src/agents/proc.js';
import { BUILTIN_TABLES } from '../../src/agents/rules/index.js';
import type { AgentStatus, PaneInfo } from '../../src/model/types.js';

interface Fixture {
  cli: string;
  scenario?: string;
  expected: { state: string; reason?: string; options?: string[]; message?: string };
  title?: string;
  command?: string;
  processTree?: string[];
  width?: number;
  height?: number;
}

const root = fileURLToPath(new URL('../fixtures/', import.meta.url));

function jsonFiles(dir: string): string[] {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(jsonFiles(path));
    else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

/** The recorded process tree as a chain under the pane's pid 100. */
function procsOf(tree: string[] | undefined): Map<number, ProcInfo> | undefined {
  if (!tree?.length) return undefined;
  const m = new Map<number, ProcInfo>();
  tree.forEach((argv, i) => {
    const args = argv.split(' ');
    const first = args[0] ?? '';
    m.set(100 + i, {
      pid: 100 + i,
      ppid: i === 0 ? 1 : 99 + i,
      comm: first.slice(first.lastIndexOf('/') + 1),
      args,
    });
  });
  return m;
}

/**
 * Labels compare as drawn, except that `…` in the expected label stands for any text (`Trust parent folder
 * (…)`, `No, and tell Claude …`) and a trailing key that picks the option (`(esc)`, `(y)`) is ignored on
 * both sides: the recordings disagree on it (Codex's lab strips `(esc)`, Gemini's keeps it).
 */
const PICK = /\s*\((?:esc|enter|[a-z0-9])(?:\s*(?:or|\/|,)\s*(?:esc|enter|[a-z0-9]))*\)\s*$/i;
const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sameLabel = (want: string, got: string | undefined): boolean => {
  if (got === undefined) return false;
  const w = want.replace(PICK, '').trim();
  const g = got.replace(PICK, '').trim();
  return new RegExp(
    `^${w
      .split('…')
      .map((p) => quote(p.trim()))
      .join('.*')}$`,
  ).test(g);
};

interface Outcome {
  file: string;
  cli: string;
  fixture: Fixture;
  got: AgentStatus;
  problems: string[];
}

function judge(file: string): Outcome {
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
  const screen = readFileSync(file.replace(/\.json$/, '.txt'), 'utf8');
  const pane: PaneInfo = {
    id: '%1',
    index: 0,
    active: true,
    width: fixture.width ?? 120,
    height: fixture.height ?? 40,
    command: fixture.command ?? fixture.cli,
    pid: fixture.processTree?.length ? 100 : 0,
    title: fixture.title ?? '',
    dead: false,
    inMode: false,
  };
  const verdict = judgePane({
    pane,
    screen,
    procs: procsOf(fixture.processTree),
    tables: BUILTIN_TABLES,
    now: 0,
  });
  let got = verdict?.status;
  if (!got || got.kind !== fixture.cli) {
    // Membership is tested elsewhere; here the question is the state, so use the recorded kind's table.
    const table = BUILTIN_TABLES.find((t) => t.kind === fixture.cli)!;
    const c = classifyScreen(table, screen, pane.title);
    got = { kind: table.kind, since: 0, ...c };
  }
  const want = fixture.expected;
  const problems: string[] = [];
  if (got.state !== want.state) problems.push(`state ${got.state} (${got.rule}), want ${want.state}`);
  else if (want.reason && got.reason !== want.reason)
    problems.push(`reason ${got.reason}, want ${want.reason}`);
  if (want.options) {
    const labels = got.options?.map((o) => o.label) ?? [];
    if (labels.length !== want.options.length || !want.options.every((w, i) => sameLabel(w, labels[i])))
      problems.push(`options ${JSON.stringify(labels)}, want ${JSON.stringify(want.options)}`);
  }
  if (want.message && !got.message?.includes(want.message))
    problems.push(`message ${JSON.stringify(got.message)}, want …${want.message}…`);
  return { file: relative(root, file), cli: fixture.cli, fixture, got, problems };
}

const files = [...jsonFiles(join(root, 'real')), ...jsonFiles(join(root, 'peers'))].sort();

describe('real and peer screens (test/fixtures/{real,peers})', () => {
  const outcomes = files.map(judge);

  it('has fixtures for every built-in kind', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it('reports the accuracy and holds the numbers', () => {
    const byCli = new Map<string, { ok: number; all: number }>();
    for (const o of outcomes) {
      const s = byCli.get(o.cli) ?? { ok: 0, all: 0 };
      s.all++;
      if (o.problems.length === 0) s.ok++;
      byCli.set(o.cli, s);
    }
    const ok = outcomes.filter((o) => o.problems.length === 0).length;
    const lines = [...byCli].map(([cli, s]) => `  ${cli.padEnd(9)} ${s.ok}/${s.all}`);
    const misses = outcomes
      .filter((o) => o.problems.length)
      .map((o) => `  MISS ${o.file}: ${o.problems.join('; ')}`);
    console.log(
      [
        `agent screens: ${ok}/${outcomes.length} correct (${((100 * ok) / outcomes.length).toFixed(1)} %)`,
        ...lines,
        ...misses,
      ].join('\n'),
    );
    const waitingMissed = outcomes.filter(
      (o) => o.fixture.expected.state === 'waiting' && (o.got.state === 'working' || o.got.state === 'idle'),
    );
    expect(
      waitingMissed.map((o) => o.file),
      'waiting screens reported working or idle',
    ).toEqual([]);
    const errorMissed = outcomes.filter(
      (o) => o.fixture.expected.state === 'error' && o.got.state !== 'error',
    );
    expect(
      errorMissed.map((o) => o.file),
      'error screens not reported error',
    ).toEqual([]);
    expect(ok / outcomes.length).toBeGreaterThanOrEqual(0.95);
  });
});
