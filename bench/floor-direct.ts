/**
 * The floor of a one-shot command now that its tmux calls go to the server's socket (src/tmux/direct.ts):
 * Node starts, loads that one module, runs ONE call on the server `-L <argv[2]>` over the socket, prints
 * and exits. bench/speed.ts prints it beside `tmo status` and beside bench/floor.ts (the same call through
 * a tmux process).
 */
import { runDirect, socketPath } from '../src/tmux/direct.js';

const [socketName = '', ...args] = process.argv.slice(2);
const env = process.env;
const path = socketPath(['-L', socketName], env);
const result = path ? await runDirect(path, args, env) : undefined;
if (result?.code !== 0) process.exitCode = 1;
process.stdout.write(`${result?.stdout.length ?? 0}\n`);
