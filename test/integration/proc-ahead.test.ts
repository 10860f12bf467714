import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countProcesses, type ProcInfo, processTree, readProcessesFor } from '../../src/agents/proc.js';
import { processesFor } from '../../src/agents/proc-ahead.js';
import { waitFor } from '../helpers/tmux.js';

const linux = existsSync('/proc/self/task');
const dir = mkdtempSync(join(tmpdir(), 'tmo-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('process trees read ahead of the snapshot (proc-ahead.ts)', () => {
  it.skipIf(!linux)(
    'kept where they hold the pane command; read again where the program changed since',
    async () => {
      const script = join(dir, 'claude');
      writeFileSync(script, 'setTimeout(() => {}, 30000);\n');
      // A shell waiting on a line (no child), which then becomes `node …/claude` (same pid).
      const root = spawn('sh', ['-c', `read go; exec "${process.execPath}" "${script}"`], {
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      try {
        const pid = root.pid!;
        const total = countProcesses();
        await waitFor(async () => (await readProcessesFor([pid], total)).get(pid)?.comm === 'sh', 10_000);
        const ahead = await readProcessesFor([pid], total);

        // Agrees with what tmux would name: the map read ahead is taken as it is.
        expect(await processesFor([{ pid, command: 'sh' }], total, ahead)).toBe(ahead);

        root.stdin!.write('go\n');
        // The exec, seen in argv: Node 24 renames its main thread `MainThread` as it starts, so its `comm`
        // says `node` only for a moment (waiting for that was a race this test lost now and then).
        await waitFor(
          () => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === process.execPath,
          10_000,
        );
        // A child read ahead (gone since) that a re-read must not keep.
        const withChild = new Map<number, ProcInfo>(ahead);
        withChild.set(2 ** 30, { pid: 2 ** 30, ppid: pid, comm: 'vim', args: ['vim', 'notes'] });
        // …and it holds what tmux names if that is the child: kept.
        expect(await processesFor([{ pid, command: 'vim' }], total, withChild)).toBe(withChild);

        const now = await processesFor([{ pid, command: 'node' }], total, withChild);
        expect(now).not.toBe(withChild);
        expect(now.get(pid)?.args).toEqual([process.execPath, script]);
        expect(now.has(2 ** 30)).toBe(false);
        expect(processTree(now, pid).map((p) => p.pid)).toEqual([pid]);

        // A pane the read ahead did not cover is read now; no map ahead reads all now.
        const other = await processesFor(
          [
            { pid, command: 'node' },
            { pid: process.pid, command: 'node' },
          ],
          total,
          new Map(),
        );
        expect(other.get(process.pid)?.comm).toBe(readFileSync('/proc/self/comm', 'utf8').trim());
        expect(other.get(pid)?.args[1]).toBe(script);
      } finally {
        root.kill('SIGKILL');
      }
    },
  );

  it('a login shell named with its dash (argv[0] `-zsh`) holds `zsh`', async () => {
    const ahead = new Map<number, ProcInfo>([[7, { pid: 7, ppid: 1, comm: 'x', args: ['-zsh'] }]]);
    expect(await processesFor([{ pid: 7, command: 'zsh' }], undefined, ahead)).toBe(ahead);
  });
});
