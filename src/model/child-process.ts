import { createRequire } from 'node:module';

let loaded: typeof import('node:child_process') | undefined;

/**
 * node:child_process, loaded on first use: a one-shot command that never starts a process (its tmux calls
 * go to the server's socket, tmux/direct.ts) does not pay for loading it (≈ 5 ms with what it pulls in).
 */
export function childProcess(): typeof import('node:child_process') {
  loaded ??= createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  return loaded;
}
