import type { AgentStatusLite, TmoEvent } from '../../src/model/events.js';
import { applyEvent, initialWorld } from '../../src/model/reducer.js';
import type { SendOutcome, Snapshot, WorldState } from '../../src/model/types.js';
import type { ConnectionState, DataSource, SendOptions } from '../../src/source/types.js';

/** A DataSource the test drives: push events, set captures, script send outcomes. */
export class FakeSource implements DataSource {
  readonly kind: 'embedded' | 'remote';
  readonly label: string;
  world: WorldState = initialWorld('-L fake');
  connection: ConnectionState = { status: 'connected' };
  screens: Record<string, string> = {};
  sent: Array<{ target: string; text: string; options?: SendOptions }> = [];
  captures = 0;
  nextOutcome: (target: string, text: string) => SendOutcome = (target, text) => ({
    status: 'confirmed',
    target,
    paneId: target,
    detail: 'the agent echoed the text',
    bytes: text.length,
  });
  answers: Array<{ paneId: string; choice: string }> = [];
  /** The outcome of an answer; the default closes the dialog (the agent goes back to work). */
  nextAnswer: (paneId: string, choice: string) => SendOutcome = (paneId, choice) => ({
    status: 'confirmed',
    target: paneId,
    paneId,
    detail: `pressed ${choice}: the dialog closed (working)`,
    bytes: 0,
  });
  /** Set to false to have a source that cannot answer (as a remote one). */
  canAnswer = true;
  private listeners = new Set<(e: TmoEvent) => void>();
  private connListeners = new Set<(c: ConnectionState) => void>();

  constructor(label = 'local (-L fake)', kind: 'embedded' | 'remote' = 'embedded') {
    this.label = label;
    this.kind = kind;
  }
  async start() {}
  async stop() {}
  getState() {
    return this.world;
  }
  getConnection() {
    return this.connection;
  }
  subscribe(listener: (e: TmoEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  onConnection(listener: (c: ConnectionState) => void) {
    this.connListeners.add(listener);
    return () => this.connListeners.delete(listener);
  }
  emit(event: TmoEvent) {
    this.world = applyEvent(this.world, event);
    for (const l of this.listeners) l(event);
  }
  setConnection(c: ConnectionState) {
    this.connection = c;
    for (const l of this.connListeners) l(c);
  }
  async send(target: string, text: string, options?: SendOptions) {
    this.sent.push({ target, text, ...(options ? { options } : {}) });
    return this.nextOutcome(target, text);
  }
  async answerPane(paneId: string, choice: string) {
    this.answers.push({ paneId, choice });
    return this.nextAnswer(paneId, choice);
  }
  get answer() {
    return this.canAnswer ? this.answerPane.bind(this) : undefined;
  }
  async capture(paneId: string) {
    this.captures += 1;
    return this.screens[paneId] ?? '';
  }
}

/** A world with two sessions and four agents in distinct states. */
export function sampleSnapshot(now = Date.now()): {
  snapshot: Snapshot;
  agents: Record<string, AgentStatusLite>;
} {
  const pane = (id: string, index: number, command: string) => ({
    id,
    index,
    active: index === 0,
    width: 120,
    height: 40,
    command,
    pid: 100 + index,
    title: command,
    dead: false,
    inMode: false,
  });
  const snapshot: Snapshot = {
    takenAt: now,
    server: { running: true, socket: '-L fake', tmuxVersion: '3.4' },
    sessions: [
      {
        id: '$1',
        name: 'api',
        created: now,
        attached: false,
        clients: 0,
        activity: now,
        windows: [
          {
            id: '@1',
            index: 0,
            name: 'claude',
            active: true,
            activity: now,
            panes: [pane('%1', 0, 'claude')],
          },
          {
            id: '@2',
            index: 1,
            name: 'codex',
            active: false,
            activity: now,
            panes: [pane('%2', 0, 'codex')],
          },
        ],
      },
      {
        id: '$2',
        name: 'web',
        created: now,
        attached: false,
        clients: 0,
        activity: now,
        windows: [
          {
            id: '@3',
            index: 0,
            name: 'gemini',
            active: true,
            activity: now,
            panes: [pane('%3', 0, 'gemini')],
          },
          {
            id: '@4',
            index: 1,
            name: 'aider',
            active: false,
            activity: now,
            panes: [pane('%4', 0, 'aider')],
          },
        ],
      },
    ],
  };
  const agents: Record<string, AgentStatusLite> = {
    '%1': { kind: 'claude', state: 'working', since: now - 5000 },
    '%2': { kind: 'codex', state: 'waiting', reason: 'permission', since: now - 240_000 },
    '%3': { kind: 'gemini', state: 'idle', since: now - 60_000 },
    '%4': { kind: 'aider', state: 'error', since: now - 1000 },
  };
  return { snapshot, agents };
}

/** Poll until `check` holds (no fixed sleeps). */
export async function until<T>(check: () => T, what = 'condition', timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
