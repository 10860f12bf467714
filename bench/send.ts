/**
 * Send benchmarks on a private tmux server: send-and-confirm latency to a ready fake Claude (median/p99
 * over 20 sends; the 100 ms pause before Enter is included), and a 10 KiB paste (time until every byte
 * reached a `cat > FILE` pane, and the same paste confirmed by the fake agent).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspectPane } from '../src/agents/inspect.js';
import { sendText } from '../src/send/send.js';
import { resolveTarget } from '../src/tmux/target.js';
import { fmt, stats } from './stats.js';
import { benchServer } from './tmux-fixture.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('bench: timed out');
    await sleep(10);
  }
}

export async function benchSend(): Promise<string[]> {
  const fake = fileURLToPath(new URL('../src/demo/fake-agent.js', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'tmo-bench-send-'));
  const sink = join(dir, 'sink');
  const server = benchServer(1, 1, `${process.execPath} ${fake} --kind claude --work-ms 200`);
  const lines: string[] = [];
  try {
    server.tmux(
      'new-session',
      '-d',
      '-s',
      'sink',
      `sh -c 'stty -icanon -echo min 1 time 0; exec cat > ${sink}'`,
    );
    const runner = server.runner;
    const idle = async () => {
      const r = await resolveTarget(runner, 'bench-0');
      return (await inspectPane(runner, r.pane))?.state === 'idle';
    };
    await until(idle);
    await until(() => existsSync(sink));

    const samples: number[] = [];
    let confirmed = 0;
    for (let i = 0; i < 22; i++) {
      await until(idle);
      const t0 = performance.now();
      const o = await sendText(runner, 'bench-0', `message ${i}: please look at the parser`);
      if (i >= 2) {
        samples.push(performance.now() - t0);
        if (o.status === 'confirmed') confirmed++;
      }
    }
    lines.push(
      `send + confirm to an idle fake Claude: ${fmt(stats(samples))}, ${confirmed}/${samples.length} confirmed`,
    );

    const text = Array.from(
      { length: 160 },
      (_, i) => `${String(i).padStart(4, '0')} ${'y'.repeat(59)}`,
    ).join('\n');
    const paste: number[] = [];
    let expected = 0;
    for (let i = 0; i < 10; i++) {
      expected += Buffer.byteLength(text) + 1;
      const t0 = performance.now();
      await sendText(runner, 'sink', text, { inspect: async () => null, confirmTimeoutMs: 0 });
      await until(() => statSync(sink).size >= expected);
      paste.push(performance.now() - t0);
    }
    const exact = readFileSync(sink, 'utf8') === `${text}\n`.repeat(10);
    lines.push(
      `paste ${Buffer.byteLength(text)} B to cat, until every byte arrived: ${fmt(stats(paste))}, byte-exact: ${exact}`,
    );

    const agentPaste: number[] = [];
    for (let i = 0; i < 5; i++) {
      await until(idle);
      const t0 = performance.now();
      const o = await sendText(runner, 'bench-0', text);
      if (o.status === 'confirmed') agentPaste.push(performance.now() - t0);
    }
    lines.push(`paste ${Buffer.byteLength(text)} B to the fake Claude + confirm: ${fmt(stats(agentPaste))}`);
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
