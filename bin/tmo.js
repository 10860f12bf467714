#!/usr/bin/env -S node --max-semi-space-size=16
// The flag: V8 sizes the young generation by the machine's memory (128 MB on a 24 GB one), and the live
// dashboard's steady stream of short-lived strings kept RSS at ≈ 217 MB; with 16 MB semi-spaces ≈ 144 MB
// at the same CPU (`npm run bench -- soak`). Set here, where Node reads it at start (it cannot change later).
// Launcher: kept to syntax every Node can parse, so an old Node gets a clear one-line refusal.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `tmux-orchestrator needs Node.js >= 22 (this is ${process.version}); run it via npx tmo / npm start, which use the pinned Node 24.\n`,
  );
  process.exit(1);
}
await import('../dist/bundle/cli.js');
