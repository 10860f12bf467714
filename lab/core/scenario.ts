/**
 * Scenarios and the runner every CLI driver (`lab/cli/<name>.ts`) uses.
 *
 * A driver exports `driver: CliDriver<M>` where `M` is what its stand-in model server is scripted with
 * (e.g. a list of turns for `lab/servers/anthropic.ts`). For each scenario the runner:
 *   1. makes a throw-away HOME (mkdtemp) with a `project/` folder and a private tmux server of the
 *      scenario's size;
 *   2. calls `driver.prepare(ctx, scenario)`: the driver starts its model server with `scenario.model`,
 *      seeds config files under `ctx.home` and returns the command line to type plus the pane's env;
 *   3. starts bash in a pane, types the command + Enter, then runs `scenario.steps` in order: optional pause,
 *      keys / text, wait until a regex matches, wait until the screen settles, and record the screen as a
 *      fixture (`record`) — a scenario may record several screens (e.g. a spinner over time);
 *   4. kills the tmux server and every process seen under it, stops the driver's server, removes HOME.
 * A scenario that fails (timeout) is reported with its last screen and the run goes on with the next one.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Expected, writeFixture } from './record.js';
import { type LabPane, LabTmux } from './tmux.js';

export interface RecordSpec {
  /** Fixture name; default the scenario's name. */
  name?: string;
  /** Default the scenario's `expected`. */
  expected?: Expected;
  notes?: string;
}

export interface Step {
  /** Pause this long first (ms). */
  pause?: number;
  /** tmux key names sent with send-keys, e.g. ['Enter'], ['Escape'], ['C-c'], ['BTab']. */
  keys?: string[];
  /** Text typed literally (before `keys`). */
  type?: string;
  /** Then wait until the screen matches (timeout `timeout`, default 30 s). */
  until?: RegExp;
  /** Then wait until the screen is unchanged this long (ms); `false` to skip. Default: `settle` of the run. */
  settle?: number | false;
  timeout?: number;
  /** Resize the window first. */
  resize?: [width: number, height: number];
  /** Run arbitrary code (e.g. inspect files) — keep rare. */
  run?: (pane: LabPane, ctx: LabContext) => Promise<void> | void;
  /** Record the screen after this step. */
  record?: RecordSpec | true;
}

export interface Scenario<M> {
  name: string;
  /** One line: what the scenario does. */
  description: string;
  /** The state of the recorded screen(s), from what the scenario did. */
  expected: Expected;
  /** What the stand-in model server answers (driver-specific). */
  model: M;
  steps: Step[];
  width?: number;
  height?: number;
  /** Default quiet time for `settle` (ms); default 1500. */
  settle?: number;
  notes?: string;
}

export interface LabContext {
  /** The throw-away HOME. */
  home: string;
  /** `<home>/project`, the CLI's working folder. */
  project: string;
  width: number;
  height: number;
}

export interface Prepared {
  /** The command line typed into the pane's shell. */
  command: string;
  env: Record<string, string>;
  /** Called after the scenario (stop servers, kill daemons by pid). */
  stop?: () => Promise<void> | void;
}

export interface CliDriver<M> {
  /** Agent kind, the fixtures' folder: `claude`, `codex`, … */
  cli: string;
  /** The pinned version the fixtures are recorded under. */
  version: string;
  /** Install (cached) and anything once per run. */
  setup?: () => Promise<void> | void;
  prepare: (ctx: LabContext, scenario: Scenario<M>) => Promise<Prepared>;
  scenarios: Scenario<M>[];
}

export interface RunOptions {
  /** Keep the tmux server after the last step (prints the attach command); for debugging. */
  keep?: boolean;
}

/** Run the named scenarios (all when empty); returns the number that failed. */
export async function runScenarios<M>(
  driver: CliDriver<M>,
  names: string[],
  opts: RunOptions = {},
): Promise<number> {
  const unknown = names.filter((n) => !driver.scenarios.some((s) => s.name === n));
  if (unknown.length) throw new Error(`lab: unknown ${driver.cli} scenario(s): ${unknown.join(', ')}`);
  const chosen = names.length ? driver.scenarios.filter((s) => names.includes(s.name)) : driver.scenarios;
  await driver.setup?.();
  let failed = 0;
  for (const scenario of chosen) {
    const t0 = Date.now();
    try {
      const n = await runOne(driver, scenario, opts);
      console.log(
        `lab: ${driver.cli} ${scenario.name}: ${n} screen(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    } catch (err) {
      failed++;
      console.error(`lab: ${driver.cli} ${scenario.name} FAILED: ${(err as Error).message}`);
    }
  }
  return failed;
}

async function runOne<M>(driver: CliDriver<M>, scenario: Scenario<M>, opts: RunOptions): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'tmo-lab-'));
  const project = join(home, 'project');
  mkdirSync(project);
  const ctx: LabContext = { home, project, width: scenario.width ?? 120, height: scenario.height ?? 40 };
  const tmux = LabTmux.create(ctx.width, ctx.height);
  let prepared: Prepared | undefined;
  let recorded = 0;
  try {
    prepared = await driver.prepare(ctx, scenario);
    const pane = tmux.start({ env: { HOME: home, ...prepared.env }, cwd: project });
    await pane.waitFor((s) => s.includes('$'), 10_000, 'the shell prompt');
    pane.type(prepared.command);
    pane.keys('Enter');
    for (const step of scenario.steps) {
      if (step.pause) await new Promise((r) => setTimeout(r, step.pause));
      if (step.resize) {
        tmux.resize(...step.resize);
        ctx.width = step.resize[0];
        ctx.height = step.resize[1];
      }
      if (step.type !== undefined) pane.type(step.type);
      if (step.keys) pane.keys(...step.keys);
      if (step.until) {
        const re = step.until;
        await pane.waitFor((s) => re.test(s), step.timeout ?? 30_000, String(re));
      }
      const settle = step.settle ?? scenario.settle ?? 1500;
      if (settle !== false) await pane.waitSettled(settle, step.timeout ?? 20_000);
      if (step.run) await step.run(pane, ctx);
      if (step.record) {
        const r = step.record === true ? {} : step.record;
        recordScreen(driver, scenario, pane, ctx, r);
        recorded++;
      }
    }
    if (opts.keep) {
      console.log(`lab: kept; attach with: tmux -L ${tmux.socket} attach`);
      return recorded;
    }
  } finally {
    if (!opts.keep) {
      tmux.kill();
      await prepared?.stop?.();
      rmSync(home, { recursive: true, force: true });
    }
  }
  return recorded;
}

function recordScreen<M>(
  driver: CliDriver<M>,
  scenario: Scenario<M>,
  pane: LabPane,
  ctx: LabContext,
  r: RecordSpec,
): void {
  const screen = pane.capture();
  const name = r.name ?? scenario.name;
  const expected = { ...(r.expected ?? scenario.expected) };
  try {
    if (expected.options) expected.options = resolveOptions(screen, expected.options);
    if (expected.message && !screen.includes(expected.message)) {
      throw new Error(`lab: message "${expected.message}" is not on the screen`);
    }
  } catch (err) {
    throw new Error(`${(err as Error).message}; screen:\n${screen}`);
  }
  const notes = [scenario.description, scenario.notes, r.notes].filter(Boolean).join(' ');
  const path = writeFixture(
    {
      cli: driver.cli,
      version: driver.version,
      scenario: name,
      expected,
      title: pane.title(),
      command: pane.command(),
      processTree: pane.processTree(),
      width: ctx.width,
      height: ctx.height,
      recordedWith: `npm run lab -- ${driver.cli} ${scenario.name}`,
      notes,
    },
    screen,
  );
  console.log(
    `\n── ${name} (${ctx.width}x${ctx.height}) title=${JSON.stringify(pane.title())} command=${pane.command()}`,
  );
  console.log(screen.replace(/\n+$/, ''));
  console.log(`── written ${path}\n`);
}

/**
 * A scenario names a dialog's options by their start (`'Yes, and always allow'`: the rest may hold a
 * random path), in order; an exact label wins over a longer one. The fixture gets each option's whole
 * label as drawn (after `❯` and `N.`, up to a gap of 2+ spaces). An option not on the screen fails the
 * scenario: the dialog is not the one it meant to raise.
 */
export function resolveOptions(screen: string, starts: string[]): string[] {
  // Each line's cells (a gap of 2+ spaces): a row of buttons holds several options (OpenCode).
  const labels = screen.split('\n').flatMap((l) =>
    l
      .replace(/\s*[│┃]\s*$/, '') // a boxed dialog's borders (Copilot CLI)
      .replace(/^\s*(?:[│┃]\s*)?(?:[❯›>]\s*)?(?:\d+\.\s+)?/, '')
      .trimEnd()
      .split(/\s{2,}/),
  );
  let from = 0;
  return starts.map((start) => {
    const after = labels.slice(from);
    let i = after.indexOf(start);
    if (i === -1) i = after.findIndex((l) => l.startsWith(start));
    if (i === -1) throw new Error(`lab: option "${start}" is not on the screen (in order)`);
    from += i + 1;
    return after[i]!;
  });
}
