/**
 * `npm run bench -- hooks`: an agent's hook event → the state change the live source (the dashboard's
 * store) reports, on a private tmux server with a stand-in Claude Code whose screen stays an idle prompt;
 * and the run time of `tmo hook` itself (a whole Node process, as the agent starts it) beside bare Node.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hookFile, socketPathFor } from '../src/agenthooks/paths.js';
import { appendRecord, type HookRecord } from '../src/agenthooks/record.js';
import type { TmoEvent } from '../src/model/events.js';
import { createEmbeddedSource } from '../src/source/embedded.js';
import { fmt, stats } from './stats.js';
import { benchServer } from './tmux-fixture.js';

const tmoBin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));

const run = (args: string[], env: NodeJS.ProcessEnv, input: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = execFile(process.execPath, args, { env: { ...process.env, ...env } }, (error) =>
      error ? reject(error) : resolve(performance.now() - t0),
    );
    child.stdin?.end(input);
  });

export async function benchHooks(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tmo-bench-hooks-'));
  const saved = process.env['XDG_STATE_HOME'];
  process.env['XDG_STATE_HOME'] = join(dir, 'state');
  const script = join(dir, 'claude');
  writeFileSync(script, "#!/bin/sh\nprintf '> \\n'\nwhile IFS= read -r l; do :; done\n");
  chmodSync(script, 0o755);
  const server = benchServer(1, 1, script);
  const lines: string[] = [];
  const source = createEmbeddedSource({ server: { socketName: server.socketName } });
  try {
    const pane = server.tmux('display-message', '-p', '-t', 'bench-0:0', '#{pane_id}').trim();
    const socket = socketPathFor({ socketName: server.socketName }, { ...process.env, TMUX: '' });
    const file = hookFile(socket);
    const waiters = new Set<(e: TmoEvent) => void>();
    source.subscribe((e) => {
      for (const w of waiters) w(e);
    });
    const next = (state: string) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${state} within 5 s`)), 5000);
        const w = (e: TmoEvent) => {
          if (e.type !== 'agent.status' || e.paneId !== pane || e.state !== state) return;
          clearTimeout(timer);
          waiters.delete(w);
          resolve(performance.now());
        };
        waiters.add(w);
      });
    const idle = next('idle');
    await source.start();
    await idle;
    const record = (event: string, type?: string): HookRecord => ({
      v: 1,
      pane,
      server: socket,
      event,
      agent: 'claude',
      at: Date.now(),
      ...(type ? { type } : {}),
    });
    // 1. The source's part: from the line appended (what `tmo hook` ends with) to the state change.
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) {
      const [state, r] =
        i % 2 === 0
          ? (['waiting', record('Notification', 'permission_prompt')] as const)
          : (['working', record('UserPromptSubmit')] as const);
      const seen = next(state);
      const t0 = performance.now();
      appendRecord(file, r);
      const t1 = await seen;
      if (i >= 2) samples.push(t1 - t0);
    }
    lines.push(
      `hook line appended → agent.status from the live source: ${fmt(stats(samples))}  (target ≤ 100 ms)`,
    );
    // 2. End to end: `tmo hook` started as the agent starts it, to the state change.
    const env = { TMUX_PANE: pane, TMUX: `${socket},1,0` };
    const whole: number[] = [];
    const runs: number[] = [];
    for (let i = 0; i < 12; i++) {
      const [state, event, json] =
        i % 2 === 0
          ? [
              'waiting',
              'Notification',
              '{"hook_event_name":"Notification","notification_type":"permission_prompt"}',
            ]
          : ['working', 'UserPromptSubmit', '{"hook_event_name":"UserPromptSubmit","prompt":"x"}'];
      const seen = next(state);
      const t0 = performance.now();
      runs.push(await run([tmoBin, 'hook', event, '--agent', 'claude'], env, json));
      whole.push((await seen) - t0);
    }
    lines.push(`\`tmo hook\` started → agent.status (incl. Node start-up): ${fmt(stats(whole))}`);
    lines.push(`\`tmo hook\` run time (one Node process):                   ${fmt(stats(runs))}`);
    const bare: number[] = [];
    for (let i = 0; i < 12; i++) bare.push(await run(['-e', '0'], {}, ''));
    lines.push(`bare \`node -e 0\` on this machine, for comparison:          ${fmt(stats(bare))}`);
  } finally {
    await source.stop();
    server.kill();
    if (saved === undefined) delete process.env['XDG_STATE_HOME'];
    else process.env['XDG_STATE_HOME'] = saved;
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
