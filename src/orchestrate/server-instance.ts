/**
 * Which tmux server instance a check-in's pane id belongs to. tmux numbers panes `%0`, `%1`, … from a
 * counter that only ever grows within one server process, so a pane id is unique for the server's
 * lifetime — but a restarted server hands out `%0`, `%1`, … again. A check-in therefore records the
 * server's pid and start time with the pane id, and is not sent when the server is another one now.
 */
import type { TmuxRunner } from '../tmux/runner.js';
import { OrchError } from './errors.js';

export interface ServerInstance {
  /** The tmux server's pid (`#{pid}`). */
  pid: number;
  /** When it started (`#{start_time}`), seconds since the epoch. */
  startTime: number;
}

const FORMAT = '#{pid} #{start_time}';

function parseInstance(text: string): ServerInstance | undefined {
  const [pid, startTime] = text.trim().split(' ').map(Number);
  return pid && startTime && pid > 0 && startTime > 0 ? { pid, startTime } : undefined;
}

/** The instance of the server `paneId` lives on (asked when scheduling). */
export async function serverInstanceOf(runner: TmuxRunner, paneId: string): Promise<ServerInstance> {
  const { stdout } = await runner.run(['display-message', '-p', '-t', paneId, FORMAT]);
  const instance = parseInstance(stdout);
  if (!instance) throw new OrchError('failure', `unexpected reply from tmux: ${stdout.trim().slice(0, 80)}`);
  return instance;
}

export interface Scheduled {
  paneId: string;
  /** ms since the epoch. */
  createdAt: number;
  /** Absent in check-ins stored by older versions. */
  serverInstance?: ServerInstance;
}

/**
 * Whether the server running now is another instance than the one the check-in was scheduled on.
 * Recorded instance: pid or start time differ. An older entry without one: the server started in the
 * same second as the check-in was created or later, i.e. it cannot be shown to have been running when
 * the pane id was resolved — counted as restarted (not sending is the safe side).
 */
export function restarted(entry: Scheduled, now: ServerInstance): boolean {
  if (entry.serverInstance)
    return entry.serverInstance.pid !== now.pid || entry.serverInstance.startTime !== now.startTime;
  return now.startTime >= Math.floor(entry.createdAt / 1000);
}

/**
 * Why the note must not be sent to `entry.paneId` on the server as it is now, or undefined. Undefined
 * too when the server cannot be asked (not running): the send then fails with its own reason.
 */
export async function restartProblem(runner: TmuxRunner, entry: Scheduled): Promise<string | undefined> {
  let stdout: string;
  try {
    ({ stdout } = await runner.run(['list-panes', '-a', '-F', `${FORMAT} #{pane_id}`]));
  } catch {
    return undefined;
  }
  const lines = stdout.split('\n').filter((l) => l !== '');
  const now = parseInstance(lines[0] ?? '');
  if (!now || !restarted(entry, now)) return undefined;
  const exists = lines.some((l) => l.endsWith(` ${entry.paneId}`));
  return (
    `the tmux server restarted: pane ${entry.paneId} ${exists ? 'is another pane now' : 'is gone'}; ` +
    'not sent (schedule it again for the pane the agent is in now)'
  );
}
