/**
 * The floor of a one-shot command that asks tmux anything: Node starts, runs ONE tmux call (the arguments
 * given, on the server `-L <argv[2]>`) and exits, with no code of ours loaded. bench/speed.ts prints it
 * beside `tmo status` as a ratio to `node -e 0`: what no `status` can go under while it asks tmux after
 * Node has started.
 */
import { execFile } from 'node:child_process';

const [socketName = '', ...args] = process.argv.slice(2);
execFile('tmux', ['-L', socketName, ...args], { maxBuffer: 256 * 1024 * 1024 }, (error, stdout) => {
  if (error) process.exitCode = 1;
  process.stdout.write(`${stdout.length}\n`);
});
