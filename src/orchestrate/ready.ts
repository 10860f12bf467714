import type { AgentStatus, PaneInfo } from '../model/types.js';
import { isTmuxError } from '../tmux/errors.js';
import type { TmuxRunner } from '../tmux/runner.js';
import { takeSnapshot } from '../tmux/snapshot.js';
import type { OrchDeps } from './deps.js';
import { OrchError } from './errors.js';

export interface ReadyOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Called when the agent's observed state changes (null: not recognised as an agent yet). */
  onState?: (status: AgentStatus | null) => void;
}

export interface ReadyResult {
  /** How long the agent took to be ready, ms. */
  ms: number;
  status: AgentStatus;
}

async function findPane(runner: TmuxRunner, paneId: string): Promise<PaneInfo | undefined> {
  const snapshot = await takeSnapshot(runner);
  for (const s of snapshot.sessions)
    for (const w of s.windows) for (const p of w.panes) if (p.id === paneId) return p;
  return undefined;
}

/** The last non-empty lines of a pane (for an error message), or '' when it cannot be read. */
export async function lastLines(runner: TmuxRunner, paneId: string, count = 6): Promise<string> {
  try {
    const { stdout } = await runner.run(['capture-pane', '-p', '-J', '-S', '-50', '-t', paneId]);
    const lines = stdout
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l !== '' && !/^Pane is dead/.test(l));
    return lines.slice(-count).join('\n');
  } catch {
    return '';
  }
}

/**
 * A dead pane's exit status and last lines. tmux may flag a pane dead before it has read the last output
 * or reaped the process (no status yet; see nudgeReaper): wait until the status is known and the screen
 * is non-empty and settled (two equal reads, or six reads), at most ≈ 1.5 s (a loaded machine is late).
 */
async function settleDeadPane(
  runner: TmuxRunner,
  pane: PaneInfo,
): Promise<{ screen: string; deadStatus: number | undefined }> {
  let deadStatus = pane.deadStatus;
  let screen = await lastLines(runner, pane.id);
  for (let i = 0, prev: string | undefined; i < 30; i++) {
    if (deadStatus !== undefined && screen !== '' && (screen === prev || i >= 6)) break;
    prev = screen;
    await new Promise((r) => setTimeout(r, 50));
    screen = await lastLines(runner, pane.id);
    if (deadStatus === undefined) {
      if (i === 2) await nudgeReaper(runner, pane.id);
      deadStatus = await deadStatusOf(runner, pane.id);
    }
  }
  return { screen, deadStatus };
}

/** The pane's exit status, asked for alone (a whole snapshot per poll is heavy on a big server). */
async function deadStatusOf(runner: TmuxRunner, paneId: string): Promise<number | undefined> {
  const { stdout } = await runner
    .run(['display-message', '-p', '-t', paneId, '#{pane_dead_status}'])
    .catch(() => ({ stdout: '' }));
  return /^\d+$/.test(stdout.trim()) ? Number(stdout.trim()) : undefined;
}

/**
 * Send the tmux server a SIGCHLD. A tmux built with libutempter can miss the SIGCHLD of a pane's process
 * (tmux#311): the process stays a zombie and the pane dead without an exit status until another child
 * exits. tmux's handler reaps every exited child, so a spare signal is harmless. Best effort.
 */
async function nudgeReaper(runner: TmuxRunner, paneId: string): Promise<void> {
  try {
    const { stdout } = await runner.run(['display-message', '-p', '-t', paneId, '#{pid}']);
    const pid = Number(stdout.trim());
    if (Number.isInteger(pid) && pid > 1) process.kill(pid, 'SIGCHLD');
  } catch {
    // another machine's server (no such pid here), or it is gone: the status stays unknown
  }
}

const describe = (s: AgentStatus | null): string =>
  s === null ? 'not recognised as an agent' : `${s.kind} ${s.state}${s.reason ? ` (${s.reason})` : ''}`;

/**
 * Poll until the agent in `paneId` is idle (ready for input) according to `inspectPane`. Throws
 * OrchError when the pane exits, disappears or the timeout passes — with what was last seen.
 */
export async function waitForAgentReady(
  runner: TmuxRunner,
  deps: Pick<OrchDeps, 'inspectPane'>,
  paneId: string,
  options: ReadyOptions,
): Promise<ReadyResult> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const interval = options.intervalMs ?? 200;
  let last: AgentStatus | null | undefined;
  for (;;) {
    let pane: PaneInfo | undefined;
    try {
      pane = await findPane(runner, paneId);
    } catch (error) {
      if (!isTmuxError(error, 'TARGET_NOT_FOUND')) throw error;
    }
    if (!pane) throw new OrchError('failure', `the agent's pane ${paneId} is gone (its window was closed)`);
    if (pane.dead) {
      const { screen, deadStatus } = await settleDeadPane(runner, pane);
      const status = deadStatus === undefined ? '' : ` with status ${deadStatus}`;
      const hint =
        deadStatus === 127 || (deadStatus === 1 && screen === '')
          ? ' (is the command installed and on PATH?)'
          : '';
      throw new OrchError(
        'failure',
        `the agent exited${status}${hint} before it was ready` +
          (screen
            ? `; its last output:\n${screen}`
            : // tmux discards what a program printed if it exits before tmux has read it (tmux#506)
              '; nothing is left on its screen (it printed nothing, or tmux dropped its last words as it exited)'),
      );
    }
    const status = await deps.inspectPane(runner, pane);
    if (last === undefined || describe(last) !== describe(status)) options.onState?.(status);
    last = status;
    if (status?.state === 'idle') return { ms: Date.now() - started, status };
    if (Date.now() >= deadline) {
      const seconds = Math.round(options.timeoutMs / 100) / 10;
      throw new OrchError(
        'failure',
        `the agent was not ready after ${seconds}s (last seen: ${describe(status)}); ` +
          'answer any question it shows, raise --timeout, or brief it with `tmo send`',
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(interval, Math.max(0, deadline - Date.now()))));
  }
}
