import { execFile } from 'node:child_process';
import { delimiter, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { takeSnapshot } from '../src/tmux/snapshot.js';
import { fmt, timeIt, versus } from './stats.js';
import { benchServer } from './tmux-fixture.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Issue 2 figures: our one-call snapshot vs the original's 2-call batch vs the naive per-window way,
 * and the whole-process time of `tmo status --json`.
 */
export async function benchSnapshot(): Promise<string[]> {
  const lines: string[] = ['## tmux snapshot (issue 2)'];
  for (const [sessions, windows, runs, naiveRuns] of [
    [10, 5, 60, 10],
    [100, 10, 20, 2],
  ] as const) {
    const srv = benchServer(sessions, windows);
    try {
      const r = srv.runner;
      const ours = await timeIt(runs, () => takeSnapshot(r));
      const twoCall = await timeIt(runs, async () => {
        await r.run([
          'list-sessions',
          '-F',
          '#{session_name}:#{session_attached}:#{session_windows}:#{session_created}',
        ]);
        await r.run([
          'list-windows',
          '-a',
          '-F',
          '#{session_name}:#{window_index}:#{window_name}:#{window_active}:#{pane_current_command}',
        ]);
      });
      const naive = await timeIt(
        naiveRuns,
        async () => {
          const { stdout } = await r.run(['list-sessions', '-F', '#{session_name}']);
          for (const s of stdout.trim().split('\n')) {
            const w = await r.run(['list-windows', '-t', `=${s}`, '-F', '#{window_id}']);
            for (const id of w.stdout.trim().split('\n')) {
              await r.run([
                'display-message',
                '-p',
                '-t',
                id,
                '#{window_name}:#{pane_current_command}:#{pane_pid}:#{pane_title}',
              ]);
            }
          }
        },
        1,
      );
      // The floor of any tmux call here: a client that connects, asks for nothing and exits.
      const noop = await timeIt(runs, () => r.run(['display-message', '-p', '']));
      const label = `${sessions}×${windows}`;
      lines.push(`${label} one-call snapshot (ours, 1 fork):      ${fmt(ours)}`);
      lines.push(`${label} no-op tmux call (the floor, 1 fork):   ${fmt(noop)}`);
      lines.push(
        `${label} original 2-call batch (2 forks):       ${fmt(twoCall)}   → ${versus(twoCall, ours)} (it lists windows, no panes)`,
      );
      lines.push(
        `${label} naive per-window (${1 + sessions + sessions * windows} forks):      ${fmt(naive)}   → ${versus(naive, ours)}`,
      );
      if (sessions === 10) {
        const node = process.execPath;
        // As a user runs it: the bin npm links (its shebang finds the pinned Node first on PATH).
        const bin = `${repoRoot}node_modules/.bin/tmo`;
        const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env['PATH'] ?? ''}` };
        const whole = await timeIt(
          20,
          () => run(bin, ['-L', srv.socketName, 'status', '--json'], { env }),
          2,
        );
        lines.push(`${label} whole process \`node_modules/.bin/tmo status --json\`: ${fmt(whole)}`);
        const nodeOnly = await timeIt(20, () => run(node, ['-e', '0']), 2);
        lines.push(`        (Node itself starting and exiting:      ${fmt(nodeOnly)})`);
      }
    } finally {
      srv.kill();
    }
  }
  return lines;
}
