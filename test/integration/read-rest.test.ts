import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReadRest } from '../../src/control/read-rest.js';
import { waitFor } from '../helpers/tmux.js';

/** A Node child running `code` (its stdout a real pipe to us, as tmux's control client's is). */
const children: ChildProcess[] = [];
function child(code: string): ChildProcess {
  const c = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(c);
  return c;
}
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

/** Writes `n` lines on its own, one every millisecond (as busy agents' output reaches tmux's client). */
const FLOOD = (n: number) =>
  `let i = 0; const t = setInterval(() => { process.stdout.write('%output %1 line ' + ++i + '\\n'); if (i === ${n}) { clearInterval(t); setTimeout(() => process.exit(0), 50); } }, 1);`;
const flooded = (n: number) => Array.from({ length: n }, (_, i) => `%output %1 line ${i + 1}\n`).join('');

describe('control-mode output read in gulps (read-rest.ts)', () => {
  it('reads output that comes on its own in gulps, losing nothing and keeping the order', async () => {
    const c = child(FLOOD(300));
    const r = new ReadRest(c.stdout!);
    let reads = 0;
    let text = '';
    c.stdout!.on('data', (chunk: Buffer) => {
      reads++;
      text += chunk.toString('utf8');
      r.after(chunk, false);
    });
    await new Promise((resolve) => c.stdout!.on('end', resolve));
    expect(text).toBe(flooded(300));
    expect(r.rests).toBeGreaterThan(0);
    expect(reads).toBeLessThan(300 / 2); // not a read per line
  });

  it('never rests while a reply is awaited', async () => {
    const c = child(FLOOD(100));
    const r = new ReadRest(c.stdout!);
    let text = '';
    c.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      r.after(chunk, true);
    });
    await new Promise((resolve) => c.stdout!.on('end', resolve));
    expect(text).toBe(flooded(100));
    expect(r.rests).toBe(0);
  });

  it('does not slow a writer that waits for each answer: a rest is tried now and then, and dropped', async () => {
    // Answers each line it reads with one line: its next output waits for us (a ping-pong).
    const c = child(
      "process.stdin.setEncoding('utf8'); process.stdin.on('data', (d) => { for (const l of d.split('\\n')) if (l) process.stdout.write('re ' + l + '\\n'); });",
    );
    const r = new ReadRest(c.stdout!);
    let got: (() => void) | undefined;
    c.stdout!.on('data', (chunk: Buffer) => {
      r.after(chunk, false);
      got?.();
    });
    const rounds = 90;
    for (let i = 0; i < rounds; i++) {
      const answered = new Promise<void>((resolve) => {
        got = resolve;
      });
      c.stdin!.write(`ping ${i}\n`);
      await answered;
    }
    // A probe after each FAST_READS fast reads at most, each dropped at once: ≤ 1 in 9 answers held.
    expect(r.rests).toBeLessThanOrEqual(Math.ceil(rounds / 9));
  });

  it('a wake reads at once what waits in the pipe', async () => {
    // The child writes only when told, then marks a file: by then all it wrote waits in the pipe.
    const mark = join(mkdtempSync(join(tmpdir(), 'tmo-rest-')), 'written');
    const c = child(
      `process.stdin.once('data', () => { for (let i = 1; i <= 20; i++) process.stdout.write('%output %1 line ' + i + '\\n'); process.stdout.write('late\\n'); require('fs').writeFileSync(${JSON.stringify(mark)}, ''); }); setTimeout(() => {}, 60000);`,
    );
    const r = new ReadRest(c.stdout!, { probeMs: 60_000, maxMs: 60_000 });
    let text = '';
    let lastAt = 0;
    c.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      lastAt = performance.now();
      r.after(chunk, false);
    });
    await new Promise((resolve) => setImmediate(resolve)); // the stream is reading
    // Eight fast reads in a row (made here in one go, so no loaded machine can space them out) bring a
    // minute-long rest: reading stops.
    for (let i = 0; i < 20 && r.rests === 0; i++) r.after(Buffer.from('%output %1 x\n'), false);
    expect(r.rests).toBe(1);
    c.stdin!.write('go\n');
    await waitFor(() => existsSync(mark), 10_000, 'the child done writing');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(text).toBe('');
    const woke = performance.now();
    r.wake();
    await waitFor(() => text.includes('late\n'), 5000, 'the late line');
    expect(lastAt - woke).toBeLessThan(1000);
    expect(text.split('\n')).toHaveLength(22); // 20 lines, late, and the end
  });
});
