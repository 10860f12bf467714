/**
 * Hostile: stdout that fails. A full disk (/dev/full) is one line on stderr and exit 1; a reader that went
 * away (EPIPE) ends nothing and says nothing. Before, both were Node's stack trace of an unhandled
 * 'error' event (every command on /dev/full; `doctor`, `hooks status` and `schedule list` piped into
 * `head -c 1` now and then).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateTmux, privateTmux } from '../helpers/tmux.js';

const bin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));

/** Run the CLI with stdout on `fd` ('pipe': a pipe whose reader is closed at once); its code and stderr. */
function run(args: string[], out: number | 'closed-pipe'): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: ['ignore', out === 'closed-pipe' ? 'pipe' : out, 'pipe'],
      env: { ...process.env, TMUX: '' },
    });
    if (out === 'closed-pipe') child.stdout!.destroy();
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('hostile: stdout that fails', () => {
  let t: PrivateTmux;
  beforeAll(() => {
    t = privateTmux('tmo-outerr');
    t.tmux('new-session', '-d', '-s', 'work');
  });
  afterAll(() => t.kill());

  it.skipIf(!existsSync('/dev/full'))(
    'a full disk: one line on stderr, exit 1, for every kind of command',
    async () => {
      const full = openSync('/dev/full', 'w');
      try {
        const commands = [
          ['status', '--json'],
          ['status', 'detailed'],
          ['summary'],
          ['doctor'],
          ['--help'],
          ['--version'],
        ];
        for (const args of commands) {
          const r = await run(['-L', t.socketName, ...args], full);
          expect(r.stderr, args.join(' ')).toMatch(/^tmo: cannot write output: ENOSPC[^\n]*\n$/);
          expect(r.code, args.join(' ')).toBe(1);
        }
      } finally {
        closeSync(full);
      }
    },
  );

  it('a reader gone: no word, the exit status of the command', async () => {
    for (const args of [['status', '--json'], ['doctor'], ['hooks', 'status'], ['schedule', 'list']]) {
      const r = await run(['-L', t.socketName, ...args], 'closed-pipe');
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
    }
  });
});
