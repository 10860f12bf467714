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

/**
 * The command word as src/cli-main.ts finds it (the first positional; -L/-S and their long forms take a
 * value), or '' when there is none, or undefined when the arguments are anything less plain — then the
 * whole CLI decides. Only picks which file to load: the same code parses the arguments either way.
 */
function commandOf(args) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-L' || a === '-S' || a === '--socket-name' || a === '--socket-path') i++;
    else if (a === '--') return undefined;
    else if (!a.startsWith('-') || a === '-') return /^[a-z][a-z-]*$/.test(a) ? a : undefined;
    else if (!/^(?:-[LS].+|--socket-(?:name|path)=.*|--[a-z][a-z-]*|-h)$/.test(a)) return undefined;
  }
  return '';
}

const args = process.argv.slice(2);
const command = commandOf(args);
if (command === '' && args.includes('--version')) {
  // `tmo --version`: no module and no file to read (importing node:fs and parsing package.json cost
  // ≈ 5 ms, a tenth of Node's own start); test/unit/version.test.ts keeps this in step with package.json.
  process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE') {
      process.stderr.write(`tmo: cannot write output: ${error.message}\n`);
      process.exitCode = 1;
    }
  });
  process.stdout.write('0.1.0\n');
} else {
  // A one-shot command runs from its own single file (bin/bundle.js), anything else from the whole CLI.
  try {
    if (!command) throw new Error('no one-shot command');
    await import(`../dist/bundle/cmd-${command}.js`);
  } catch (error) {
    if (command && error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    await import('../dist/bundle/cli.js');
  }
}
