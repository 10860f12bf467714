#!/usr/bin/env node
// Launcher: kept to syntax every Node can parse, so an old Node gets a clear one-line refusal.
if (process.argv[2] === 'hook') {
  // `tmo hook <event>`, run by an agent's own hooks: the recorder alone (no CLI, no tmux), silent, exit 0.
  try {
    await (await import('../dist/bundle/hook-entry.js')).main();
  } catch {}
  process.exit(0);
}
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `tmux-orchestrator needs Node.js >= 22 (this is ${process.version}); run it via npx tmo / npm start, which use the pinned Node 24.\n`,
  );
  process.exit(1);
}
await import('../dist/bundle/cli.js');
