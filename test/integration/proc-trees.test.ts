import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  countProcesses,
  processTree,
  readProcessesFor,
  readProcessTable,
  readProcessTrees,
} from '../../src/agents/proc.js';
import { waitFor } from '../helpers/tmux.js';

const linux = existsSync('/proc/self/task');

describe('process trees read from /proc/N/task/T/children', () => {
  it.skipIf(!linux)(
    'equal the same trees cut out of the whole table, threads and grandchildren included',
    async () => {
      // sh → (sleep, sleep, node → sleep): node runs several threads; its child is found through them.
      const script =
        "sleep 30 & sleep 30 & exec node -e \"require('node:child_process').spawn('sleep', ['31'], { stdio: 'ignore' }); setTimeout(() => {}, 30000)\"";
      const root = spawn('sh', ['-c', script], { stdio: 'ignore' });
      try {
        const pid = root.pid!;
        await waitFor(async () => processTree(await readProcessTable(), pid).length >= 4, 10_000, 'the tree');
        const full = processTree(await readProcessTable(), pid);
        const trees = await readProcessTrees([pid]);
        expect(trees).toBeDefined();
        const fromTrees = processTree(trees!, pid);
        const key = (p: { pid: number; ppid: number; comm: string; args: string[] }) =>
          `${p.pid}<${p.ppid} ${p.comm} ${p.args.join(' ')}`;
        expect(fromTrees.map(key).sort()).toEqual(full.map(key).sort());
        expect(fromTrees.map((p) => p.args[0]?.replace(/^.*\//, ''))).toEqual(
          expect.arrayContaining(['sleep', 'node']),
        );
        expect(fromTrees.length).toBe(4);
        // only the tree: nothing else of the machine
        expect(trees!.size).toBe(4);
      } finally {
        // the whole tree this test started, children first
        for (const p of [...((await readProcessTrees([root.pid!]))?.values() ?? [])].reverse()) {
          try {
            process.kill(p.pid, 'SIGKILL');
          } catch {
            // gone
          }
        }
      }
    },
  );

  it.skipIf(!linux)(
    'readProcessesFor reads the trees when they are few, the whole table when they are many',
    async () => {
      const total = countProcesses()!;
      expect(total).toBeGreaterThan(0);
      const few = await readProcessesFor([process.pid], total);
      expect(few.get(process.pid)?.args.join(' ')).toContain('node');
      expect(few.size).toBeLessThan(total);
      const many = await readProcessesFor([process.pid], 1);
      expect(many.has(1) || many.size >= total / 2).toBe(true);
      expect(await readProcessesFor([], total)).toEqual(new Map());
    },
  );
});
