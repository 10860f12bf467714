import type { AgentStatusLite } from '../../src/model/events.js';
import type { AgentStatus, PaneInfo, Snapshot } from '../../src/model/types.js';
import { type Harness, mount } from './harness.js';

const pane = (id: string, index: number, command: string, extra: Partial<PaneInfo> = {}): PaneInfo => ({
  id,
  index,
  active: index === 0,
  width: 120,
  height: 40,
  command,
  pid: 200 + index,
  title: command,
  dead: false,
  inMode: false,
  ...extra,
});

/**
 * A whole tmux world: `work` (a claude agent waiting with its own dialog options, a shell, a web window of
 * a dev server and a dead pane), `ops` (a codex agent waiting longer, an aider agent in error) and `notes`
 * (one shell, no agent).
 */
export function treeWorld(now = Date.now()): { snapshot: Snapshot; agents: Record<string, AgentStatusLite> } {
  const window = (id: string, index: number, name: string, panes: PaneInfo[]) => ({
    id,
    index,
    name,
    active: index === 0,
    activity: now,
    panes,
  });
  const session = (id: string, name: string, windows: ReturnType<typeof window>[]) => ({
    id,
    name,
    created: now,
    attached: false,
    clients: 0,
    activity: now,
    windows,
  });
  const snapshot: Snapshot = {
    takenAt: now,
    server: { running: true, socket: '-L fake', tmuxVersion: '3.4' },
    sessions: [
      session('$1', 'work', [
        window('@1', 0, 'claude', [pane('%1', 0, 'claude')]),
        window('@2', 1, 'shell', [pane('%2', 0, 'bash')]),
        window('@3', 2, 'web', [pane('%3', 0, 'npm'), pane('%4', 1, 'make', { dead: true, deadStatus: 2 })]),
      ]),
      session('$2', 'ops', [
        window('@4', 0, 'codex', [pane('%5', 0, 'codex')]),
        window('@5', 1, 'aider', [pane('%6', 0, 'aider')]),
      ]),
      session('$3', 'notes', [window('@6', 0, 'zsh', [pane('%7', 0, 'zsh')])]),
    ],
  };
  const claude: AgentStatus = {
    kind: 'claude',
    state: 'waiting',
    reason: 'permission',
    since: now - 90_000,
    message: 'Do you want to proceed?',
    options: [
      { choice: '1', label: 'Yes', keys: ['1'], selected: true, meaning: 'allow' },
      { choice: '2', label: "Yes, and don't ask again for npm test", keys: ['2'], meaning: 'allow-always' },
      { choice: '3', label: 'No, and tell Claude what to do differently', keys: ['Escape'], meaning: 'deny' },
    ],
  };
  // The snapshot event carries statuses as they are; the fuller ones (options, message) pass through.
  const agents = {
    '%1': claude,
    '%5': { kind: 'codex', state: 'waiting', reason: 'confirm', since: now - 330_000 },
    '%6': { kind: 'aider', state: 'error', since: now - 5000, message: 'API Error: 529 Overloaded' },
  } as Record<string, AgentStatusLite>;
  return { snapshot, agents };
}

/** The dashboard (120×30 unless told) on the tree world, with a screen for the waiting claude and the shell. */
export function mountTreeWorld(options: Parameters<typeof mount>[0] = {}): Harness {
  const harness = mount({ withAgents: false, columns: 120, rows: 30, ...options });
  const { snapshot, agents } = treeWorld();
  harness.source.emit({ type: 'snapshot', time: Date.now(), snapshot, agents });
  harness.source.screens = { '%1': 'Do you want to proceed?\n❯ 1. Yes\n', '%2': '$ ls\nREADME.md\n' };
  return harness;
}
