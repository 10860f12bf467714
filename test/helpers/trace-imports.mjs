// Loaded with `node --import` by tests: prints every module that resolves into node_modules, and every file of
// the bundle (dist/bundle/) that is loaded, one line each on stderr prefixed `[import] ` or `[chunk] `, so a
// test can prove what a command loads (dist/bundle/meta.json tells which packages each bundle file holds).
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(result.url);
    if (m) process.stderr.write(`[import] ${m[1]}\n`);
    const chunk = /\/(dist\/bundle\/[^/]+\.js)$/.exec(result.url);
    if (chunk) process.stderr.write(`[chunk] ${chunk[1]}\n`);
    return result;
  },
});
