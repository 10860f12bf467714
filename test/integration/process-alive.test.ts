import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processAlive } from '../../src/agents/proc.js';
import { daemonPid, pidPath } from '../../src/orchestrate/scheduler.js';
import { waitFor } from '../helpers/tmux.js';

describe('processAlive', () => {
  it('is false for a zombie (dead, not reaped yet), true while it runs, false once gone; a scheduler pid file is trusted only for the scheduler', async () => {
    if (!existsSync('/proc/self/stat')) return; // the zombie check needs procfs (Linux)
    // `sleep 0.3` is a child of the `sleep 5` its shell becomes, which never reaps it: a zombie for 5 s.
    const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 5'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const pid = Number(
        await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(String(d)))),
      );
      expect(processAlive(pid)).toBe(true);
      const state = () => readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]?.charAt(0);
      await waitFor(() => state() === 'Z', 5000, 'the child to become a zombie');
      expect(() => process.kill(pid, 0)).not.toThrow(); // kill(0) alone calls it alive
      expect(processAlive(pid)).toBe(false);
      // A scheduler killed a moment ago is such a zombie until init reaps it: its pid file is stale, so
      // `schedule list` / `tmo schedule` start a new scheduler instead of trusting the dead one.
      const dir = mkdtempSync(join(tmpdir(), 'tmo-zombie-'));
      try {
        writeFileSync(pidPath(dir), String(pid));
        expect(await daemonPid(dir)).toBeUndefined();
        // A live process that is not this dir's scheduler (its pid given to something else): not trusted.
        writeFileSync(pidPath(dir), String(parent.pid));
        expect(await daemonPid(dir)).toBeUndefined();
        // One whose command line is the scheduler's, for this dir: trusted.
        const daemon = spawn(
          process.execPath,
          ['-e', 'setTimeout(() => {}, 5000)', 'x/daemon-main.js', dir],
          {
            stdio: 'ignore',
          },
        );
        try {
          writeFileSync(pidPath(dir), String(daemon.pid));
          await waitFor(
            () => readFileSync(`/proc/${daemon.pid}/cmdline`, 'utf8').includes('daemon-main.js'),
            5000,
            'the stand-in scheduler to start',
          );
          expect(await daemonPid(dir)).toBe(daemon.pid);
          expect(await daemonPid(mkdtempSync(join(tmpdir(), 'tmo-other-')))).toBeUndefined();
        } finally {
          daemon.kill('SIGKILL');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      parent.kill('SIGKILL');
    }
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(0)).toBe(false);
    expect(processAlive(-1)).toBe(false);
    expect(processAlive(2 ** 22 + 7)).toBe(false); // above Linux's largest pid
  });
});
