import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './tmux.js';

const bin = fileURLToPath(new URL('../../bin/tmo.js', import.meta.url));

export interface Serve {
  url: string;
  child: ChildProcess;
  /** SIGTERM (serve cleans up its hidden session), SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/** A real `tmo serve` on 127.0.0.1 (`port` 0: any free one) for the private tmux server `socketName`. */
export async function startServe(socketName: string, env: NodeJS.ProcessEnv, port = 0): Promise<Serve> {
  const child = spawn(process.execPath, [bin, '-L', socketName, 'serve', '--port', String(port)], {
    env: { ...process.env, ...env, TMUX: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = (await waitFor(
    () => /listening on (ws:\/\/\S+)/.exec(stderr)?.[1],
    15_000,
    'serve to listen',
  )) as string;
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      child.kill('SIGKILL');
    },
  };
}
