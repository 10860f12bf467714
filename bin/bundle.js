// Bundles the CLI (src/cli.tsx, the two scripts it starts by path, and the `tmo hook` recorder) into dist/bundle/, which bin/tmo.js runs.
// Why: Node resolves, reads and links each module on its own; the dashboard's ~400 modules (Ink and its
// dependencies) took ≈ 250 ms that way and ≈ 100 ms as a few files. Code splitting keeps every lazy import
// lazy: the one-shot commands never load the chunks that hold React, Ink or execa (a test checks it with
// dist/bundle/meta.json, which maps each output file to the sources and packages inside it).
// Each one-shot command also gets ONE file of its own, `cmd-<name>.js` (src/cli-main.ts and that command's
// module, nothing split off): `status` loads 1 module instead of ≈ 20 chunks, which is most of its start-up.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { standInSource } from './string-width-fast.js';

const require = createRequire(import.meta.url);

const root = fileURLToPath(new URL('..', import.meta.url));
/** The names a CommonJS module (or a built-in) exports that an ES module can re-export by name. */
const exportNames = (path) =>
  Object.keys(require(path)).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
const common = {
  absWorkingDir: root,
  bundle: true,
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
};
// Ink's `string-width` gets a stand-in that answers plain lines without loading the package (see
// bin/string-width-fast.js); the stand-in's own `require` of it reaches the package.
const stringWidthFast = {
  name: 'string-width-fast',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      args.namespace === 'string-width-fast'
        ? undefined
        : { path: 'stand-in', namespace: 'string-width-fast' },
    );
    b.onLoad({ filter: /.*/, namespace: 'string-width-fast' }, () => ({
      contents: standInSource(),
      resolveDir: root,
      loader: 'js',
    }));
  },
};
// React is a CommonJS package: esbuild gives each ES module that imports it (≈ 40 of Ink's and ours) a copy
// of its exports with a getter per name (__toESM), ≈ 10 ms of the dashboard's start. One small ES module
// per entry point re-exports the names once; CommonJS code (react-reconciler) still requires it directly.
const CJS_FACADES = ['react', 'react/jsx-runtime'];
const cjsFacades = {
  name: 'cjs-facades',
  setup(b) {
    b.onResolve({ filter: /^react(\/jsx-runtime)?$/ }, (args) =>
      args.kind === 'import-statement' && args.namespace !== 'cjs-facade' && CJS_FACADES.includes(args.path)
        ? { path: args.path, namespace: 'cjs-facade' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'cjs-facade' }, (args) => {
      const lines = [`const m = require(${JSON.stringify(args.path)});`, 'export default m;'];
      for (const k of exportNames(args.path)) lines.push(`export const ${k} = m.${k};`);
      return { contents: lines.join('\n'), resolveDir: root, loader: 'js' };
    });
  },
};
const result = await build({
  ...common,
  plugins: [stringWidthFast, cjsFacades],
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
  splitting: true,
});
const outputs = { ...result.metafile.outputs };

// The commands of src/commands/registry.ts (`name: 'x'` … `import('./file.js')`), but those that stay up
// and share the dashboard's machinery (they run from cli.js).
const LONG_RUNNING = new Set(['events', 'serve', 'demo']);
const registry = readFileSync(`${root}src/commands/registry.ts`, 'utf8');
const oneShot = [...registry.matchAll(/name: '([a-z][a-z-]*)'[\s\S]*?import\('\.\/([\w-]+)\.js'\)/g)]
  .map(([, name, file]) => ({ name, file }))
  .filter(({ name }) => !LONG_RUNNING.has(name));

// Node's built-in modules reached by `import` each get an ES-module facade built at load (≈ 2× the time of
// `require`, ≈ 5–10 ms for the five a one-shot command uses): the command bundles take them with the
// banner's `require` instead. Each becomes a small ES module exporting the built-in's names, each one read
// by a call marked pure, so the bundle keeps (and reads at load) only the names some module imports: as a
// CommonJS module instead, every `import` of it built a copy of the whole built-in with a getter per
// name (esbuild's __toESM: 18 copies, 871 getters at each start of `status`).
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'import-statement' ? { path: args.path, namespace: 'builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const lines = [`const m = __tmoBuiltin(${JSON.stringify(args.path)});`, 'const get = (k) => m[k];'];
      exportNames(args.path).forEach((k, i) => {
        lines.push(`const _${i} = /* @__PURE__ */ get(${JSON.stringify(k)});`, `export { _${i} as ${k} };`);
      });
      lines.push('export default m;');
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};
// These commands begin with a snapshot: their bundle starts its tmux call before anything else runs
// (src/tmux/early-snapshot.ts), so tmux answers while the rest loads.
const EARLY_SNAPSHOT = new Set(['status', 'summary', 'health']);
const earlySnapshot = {
  name: 'early-snapshot',
  setup(b) {
    b.onResolve({ filter: /^tmo:early-snapshot$/ }, () => ({ path: 'early', namespace: 'tmo' }));
    b.onLoad({ filter: /.*/, namespace: 'tmo' }, () => ({
      contents:
        "import { startSnapshotEarly } from './src/tmux/early-snapshot.ts';\nstartSnapshotEarly(process.argv.slice(2));\n",
      resolveDir: root,
      loader: 'ts',
    }));
  },
};

for (const { name, file } of oneShot) {
  // The registry's other commands stay out of this file: only `name` ever runs from it (bin/tmo.js picks
  // the file by the command; cli-main hands any other command to cli.js).
  // Its own command module is imported statically by the entry (below), so esbuild hoists the whole chain
  // into plain top-level code: reached by the registry's dynamic import, every module of it was wrapped
  // in a lazy initialiser with an export object of getters. The registry's import gets that module from
  // a small slot the entry fills.
  const onlyThisCommand = {
    name: 'only-this-command',
    setup(b) {
      b.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) => {
        if (args.kind !== 'dynamic-import' || !args.importer.endsWith('src/commands/registry.ts')) return;
        return args.path === `./${file}.js`
          ? { path: 'own', namespace: 'tmo-own' }
          : { path: args.path, external: true };
      });
      b.onResolve({ filter: /^tmo:own-slot$/ }, () => ({ path: 'slot', namespace: 'tmo-own' }));
      b.onLoad({ filter: /^own$/, namespace: 'tmo-own' }, () => ({
        contents: "import { slot } from 'tmo:own-slot';\nexport const command = slot.command;\n",
        resolveDir: root,
        loader: 'js',
      }));
      b.onLoad({ filter: /^slot$/, namespace: 'tmo-own' }, () => ({
        contents: 'export const slot = {};\n',
        loader: 'js',
      }));
    },
  };
  const r = await build({
    ...common,
    // Only built-ins are required here (a test checks that no package is inside): Node's own lookup of
    // them, where there is one (22.3+), skips createRequire's path work (≈ 2 ms of cold code at start).
    banner: {
      js: "const __tmoBuiltin = process.getBuiltinModule ?? (await import('node:module')).createRequire(import.meta.url); const require = __tmoBuiltin;",
    },
    stdin: {
      contents: [
        EARLY_SNAPSHOT.has(name) ? "import 'tmo:early-snapshot';" : '',
        `import { command } from './src/commands/${file}.ts';`,
        "import { slot } from 'tmo:own-slot';",
        "import { runMain } from './src/cli-main.ts';",
        'slot.command = command;',
        `runMain(process.argv.slice(2), { only: ${JSON.stringify(name)} });`,
      ].join('\n'),
      resolveDir: root,
      sourcefile: `cmd-${name}.ts`,
      loader: 'ts',
    },
    outfile: `${outdir}/cmd-${name}.js`,
    plugins: [onlyThisCommand, builtinsByRequire, earlySnapshot],
  });
  Object.assign(outputs, r.metafile.outputs);
}
writeFileSync(`${outdir}/meta.json`, JSON.stringify({ ...result.metafile, outputs }));
