/**
 * Attach-and-return for the dashboard: Enter on a pane switches the operator's client to it (from inside
 * the same server) or runs a foreground `tmux attach-session`, and the hint says how to come back.
 */
import { spawn } from 'node:child_process';
import { socketFromTmuxEnv, socketPathFor } from '../agenthooks/paths.js';
import { ProcessRunner, type ServerSelector, serverArgs, tmuxBinary } from '../tmux/runner.js';

/**
 * Is the dashboard running inside a client of the very server it watches? Then switch-client works.
 * Told by the socket paths without a process when they agree (`$TMUX` names the socket we would use);
 * only when they differ is tmux asked (a symlinked or unusual socket directory).
 */
export async function sameServer(server: ServerSelector, env: NodeJS.ProcessEnv): Promise<boolean> {
  const inside = env['TMUX'];
  if (!inside) return false;
  if (socketFromTmuxEnv(inside) === socketPathFor(server, env)) return true;
  try {
    const { stdout } = await new ProcessRunner(server).run(['display-message', '-p', '#{socket_path}']);
    return stdout.trim() === inside.split(',')[0];
  } catch {
    return false;
  }
}

function attachOnce(server: ServerSelector, paneId: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // stderr is piped to report why an attach failed (tmux needs only stdin and stdout on the terminal).
    const child = spawn(tmuxBinary(), [...serverArgs(server), 'attach-session', '-t', paneId], {
      stdio: ['inherit', 'inherit', 'pipe'],
      env: { ...process.env, TMUX: '' },
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`tmux attach exited with ${code}: ${stderr.trim().slice(0, 200)}`)),
    );
  });
}

/** Attach: `switch-client` from inside the same server, else a foreground `tmux attach-session`. */
export function makeAttach(server: ServerSelector, inside: boolean): (paneId: string) => Promise<void> {
  const runner = new ProcessRunner(server);
  return async (paneId) => {
    await runner.run(['select-window', '-t', paneId]);
    await runner.run(['select-pane', '-t', paneId]);
    if (inside) {
      await runner.run(['switch-client', '-t', paneId]);
      return;
    }
    // A tmux client that quits at once with nothing on stderr lost a race for the terminal: try once more.
    for (let attempt = 1; ; attempt++) {
      const t0 = Date.now();
      try {
        return await attachOnce(server, paneId);
      } catch (error) {
        if (attempt >= 2 || Date.now() - t0 > 500 || !(error as Error).message.endsWith(': ')) throw error;
      }
    }
  };
}

/** `C-b d (detach) comes back here`: the operator's own prefix, read from tmux (`C-b` if it cannot say). */
export async function comeBackHint(server: ServerSelector, inside: boolean): Promise<string> {
  let prefix = 'C-b';
  try {
    const { stdout } = await new ProcessRunner(server).run(['show-options', '-gv', 'prefix']);
    if (stdout.trim() && stdout.trim() !== 'None') prefix = stdout.trim();
  } catch {
    // no answer: tmux's default
  }
  return inside ? `${prefix} L (last session) comes back here` : `${prefix} d (detach) comes back here`;
}
