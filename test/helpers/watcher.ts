import type { PaneInfo, Snapshot } from '../../src/model/types.js';
import type { TmuxRunner } from '../../src/tmux/runner.js';

/**
 * A runner that answers the live source's batched captures (`display-message` marker lines, then
 * `capture-pane`) with `screenOf(paneId)`, and records when each capture call was made.
 */
export function captureRunner(screenOf: (paneId: string) => string) {
  const r = {
    captures: 0,
    /** Panes captured, over all calls. */
    panes: 0,
    at: [] as number[],
    server: { socketName: 'unused' },
    run: async (args: readonly string[]) => {
      let stdout = '';
      for (let i = 0; i < args.length; i++) {
        if (args[i] === 'display-message')
          stdout += `${args[i + 4]!.replace('#{pane_id}', args[i + 3]!).replace('#{window_activity}', '0')}\n`;
        if (args[i] === 'capture-pane') {
          stdout += `${screenOf(args[i + 3]!)}\n`;
          r.panes++;
        }
      }
      if (args.includes('capture-pane')) {
        r.captures++;
        r.at.push(Date.now());
      }
      return { stdout, stderr: '' };
    },
  };
  return r as typeof r & TmuxRunner;
}

/** One session holding each pane in a window of its own. */
export const oneSessionView = (...panes: PaneInfo[]): Snapshot => ({
  takenAt: 0,
  server: { running: true, socket: 'unused' },
  sessions: [
    {
      id: '$1',
      name: 'work',
      created: 0,
      attached: false,
      clients: 0,
      activity: 0,
      windows: panes.map((p, i) => ({
        id: `@${i + 1}`,
        index: i,
        name: 'w',
        active: i === 0,
        activity: 0,
        panes: [p],
      })),
    },
  ],
});
