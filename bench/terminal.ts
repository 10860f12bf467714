/**
 * The terminal the dash bench runs a dashboard in: a private tmux server and ONE control-mode client of
 * it, through which the bench starts the pane, reads its screen and types. No process is started per look:
 * a `tmux capture-pane` process every few ms (the bench's earlier way) took enough of a 2-core machine to
 * delay the dashboard's own first frame by ≈ 200 ms (its first write came at ≈ 440–500 ms from its start
 * instead of ≈ 250).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchServer } from './tmux-fixture.js';

export interface Terminal {
  /** The pane's screen as text (capture-pane -p). */
  screen(): Promise<string>;
  /** Keys typed into the pane (send-keys arguments). */
  keys(...keys: string[]): Promise<void>;
  /** The pane's process (the dashboard, once the shell exec'd it). */
  pid(): Promise<number>;
  close(): void;
}

/**
 * Open the terminal on `server` (a fresh private server with one session to attach to) and start `command`
 * in a 120×40 pane named `ui` (run from a script file: no quoting through tmux's parser).
 */
export async function openTerminal(server: BenchServer, command: string): Promise<Terminal> {
  server.tmux('new-session', '-d', '-s', 'keep', '-x', '80', '-y', '24', 'exec sleep 3600');
  const script = join(tmpdir(), `${server.socketName}.sh`);
  writeFileSync(script, `${command}\n`);
  const child: ChildProcess = spawn(
    'tmux',
    [
      '-L',
      server.socketName,
      '-f',
      '/dev/null',
      '-C',
      'attach-session',
      '-t',
      'keep',
      '-f',
      'ignore-size,no-output',
    ],
    { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, TMUX: '' } },
  );
  const waiting: { resolve: (lines: string[]) => void; reject: (e: Error) => void }[] = [];
  let block: string[] | undefined;
  let ours = false;
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (block === undefined) {
        if (line.startsWith('%begin ')) {
          block = [];
          // Flags 1: the reply to a command of this client (0: attach-session's own, at the start).
          ours = line.endsWith(' 1');
        }
      } else if (line.startsWith('%end ') || line.startsWith('%error ')) {
        const done = block;
        block = undefined;
        if (!ours) continue;
        const w = waiting.shift();
        if (line.startsWith('%end ')) w?.resolve(done);
        else w?.reject(new Error(done.join('\n') || 'tmux error'));
      } else block.push(line);
    }
  });
  const command_ = (line: string) =>
    new Promise<string[]>((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.stdin!.write(`${line}\n`);
    });
  await command_(`new-session -d -s ui -x 120 -y 40 "bash ${script}"`);
  return {
    screen: async () => (await command_('capture-pane -p -t ui')).join('\n'),
    keys: async (...keys) => {
      await command_(`send-keys -t ui ${keys.join(' ')}`);
    },
    pid: async () => Number((await command_("display-message -p -t ui '#{pane_pid}'"))[0]),
    close: () => {
      child.stdin!.end();
      child.kill();
      rmSync(script, { force: true });
    },
  };
}
