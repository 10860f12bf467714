// Loaded with `node --import` by tests: prints every module that resolves into node_modules, one line
// each on stderr prefixed `[import] `, so a test can prove what a command loads.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(result.url);
    if (m) process.stderr.write(`[import] ${m[1]}\n`);
    return result;
  },
});
