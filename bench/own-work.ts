/**
 * Run by bench/speed.ts in a fresh process (cold, as the CLI runs): `tmo status --json`'s work on a server
 * — gather, report, JSON — timing what is NOT a tmux call: the wall time minus the time during which at
 * least one tmux process was running; and our CPU time in all, which also counts the work done while tmux
 * runs. Prints one JSON line.
 */
import { gather } from '../src/commands/gather.js';
import { buildStatus } from '../src/commands/report.js';
import { ProcessRunner, type RunOptions, type RunResult, type TmuxRunner } from '../src/tmux/runner.js';

class TimedRunner implements TmuxRunner {
  readonly server;
  private readonly inner: ProcessRunner;
  private inFlight = 0;
  private since = 0;
  calls = 0;
  tmuxMs = 0;
  constructor(socketName: string) {
    this.inner = new ProcessRunner({ socketName });
    this.server = this.inner.server;
  }
  async run(args: readonly string[], options?: RunOptions): Promise<RunResult> {
    this.calls++;
    if (this.inFlight++ === 0) this.since = performance.now();
    try {
      return await this.inner.run(args, options);
    } finally {
      if (--this.inFlight === 0) this.tmuxMs += performance.now() - this.since;
    }
  }
}

const runner = new TimedRunner(process.argv[2] ?? '');
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { snapshot, agents } = await gather(runner, process.env);
const json = JSON.stringify(buildStatus(snapshot, agents, '0'), null, 2);
const wall = performance.now() - t0;
const used = process.cpuUsage(cpu0);
// Our CPU time in all (some of it runs while tmux works: the process trees read ahead, proc-ahead.ts).
const cpu = (used.user + used.system) / 1000;
process.stdout.write(
  `${JSON.stringify({ wall, tmux: runner.tmuxMs, own: wall - runner.tmuxMs, cpu, calls: runner.calls, agents: Object.keys(agents).length, bytes: json.length })}\n`,
);
