/**
 * The 0.5 s polling way as its own process (the yardstick of `bench/events-steady.ts`): a snapshot and a
 * capture of every pane, forked twice a second. `node dist/bench/poll-way.js <socket-name>`; runs until
 * killed.
 */
import { CountingRunner } from '../src/control/runner.js';
import { capturePanes } from '../src/tmux/capture.js';
import { ProcessRunner } from '../src/tmux/runner.js';
import { takeSnapshot } from '../src/tmux/snapshot.js';

const socketName = process.argv[2];
if (!socketName) throw new Error('usage: poll-way.js <socket-name>');
const runner = new CountingRunner(new ProcessRunner({ socketName }));
for (;;) {
  const snap = await takeSnapshot(runner);
  const panes = snap.sessions.flatMap((s) => s.windows.flatMap((w) => w.panes.map((p) => p.id)));
  await capturePanes(runner, panes);
  await new Promise((r) => setTimeout(r, 500));
}
