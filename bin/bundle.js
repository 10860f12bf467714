// Bundles the CLI (src/cli.tsx, the two scripts it starts by path, and the `tmo hook` recorder) into dist/bundle/, which bin/tmo.js runs.
// Why: Node resolves, reads and links each module on its own; the dashboard's ~400 modules (Ink and its
// dependencies) took ≈ 250 ms that way and ≈ 100 ms as a few files. Code splitting keeps every lazy import
// lazy: the one-shot commands never load the chunks that hold React, Ink or execa (a test checks it with
// dist/bundle/meta.json, which maps each output file to the sources and packages inside it).
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // src/demo/setup.ts and src/orchestrate/scheduler.ts start these by a path next to their own module.
  entryPoints: [
    'src/cli.tsx',
    'src/demo/fake-agent.ts',
    'src/orchestrate/daemon-main.ts',
    'src/hook-entry.ts',
  ],
  outdir,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // React's production build only (its development build checks and logs every render); smaller to load.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Ink loads it only when DEV=true is set, as a debugging aid; it is not a dependency of ours.
  external: ['react-devtools-core'],
  // CommonJS packages inside an ES module bundle call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __tmoRequire } from 'node:module'; const require = __tmoRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));
