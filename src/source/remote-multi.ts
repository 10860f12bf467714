/**
 * Several remote servers as one DataSource. Agents are grouped by host: every session name and every id
 * (session `$N`, window `@N`, pane `%N`) is prefixed with `<host>/` (the URL's hostname, `-2`, `-3`… when
 * two URLs share it), so `box1/main` and `box2/main` never collide. Targets given to `send`/`capture`
 * carry the same prefix (`box1/main:0.1`, `box1/%3`), which routes them to that server.
 * One source is returned unchanged (no prefix).
 */

import type { AgentStatusLite, TmoEvent } from '../model/events.js';
import { applyEvent, initialWorld } from '../model/reducer.js';
import type { SessionInfo, Snapshot, WorldState } from '../model/types.js';
import { Listeners } from './listeners.js';
import type { ConnectionState, DataSource } from './types.js';

function hostOf(label: string): string {
  try {
    return new URL(label).hostname.replace(/^\[|\]$/g, '') || label;
  } catch {
    return label;
  }
}

export function prefixesFor(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const h = hostOf(l);
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    return n === 1 ? h : `${h}-${n}`;
  });
}

const pre = (p: string, v: string): string => `${p}/${v}`;

function prefixSessions(p: string, sessions: SessionInfo[]): SessionInfo[] {
  return sessions.map((s) => ({
    ...s,
    id: pre(p, s.id),
    name: pre(p, s.name),
    windows: s.windows.map((w) => ({
      ...w,
      id: pre(p, w.id),
      panes: w.panes.map((x) => ({ ...x, id: pre(p, x.id) })),
    })),
  }));
}

function prefixEvent(p: string, e: TmoEvent): TmoEvent {
  const out = { ...e } as TmoEvent & Record<string, unknown>;
  for (const k of ['sessionId', 'session', 'windowId', 'paneId'] as const) {
    const v = out[k];
    if (typeof v === 'string') out[k] = pre(p, v);
  }
  if (e.type === 'session.renamed') (out as { oldName: string }).oldName = pre(p, e.oldName);
  return out;
}

export function createMultiSource(sources: DataSource[]): DataSource {
  if (sources.length === 1 && sources[0]) return sources[0];
  const prefixes = prefixesFor(sources.map((s) => s.label));
  const listeners = new Listeners<TmoEvent>();
  const connListeners = new Listeners<ConnectionState>();
  let world: WorldState = initialWorld('remote');
  const unsubs: (() => void)[] = [];

  const emit = (e: TmoEvent) => {
    world = applyEvent(world, e);
    listeners.emit(e);
  };

  /** The merged world of every source, as one snapshot event. */
  const merged = (): TmoEvent => {
    const sessions: SessionInfo[] = [];
    const agents: Record<string, AgentStatusLite> = {};
    let running = false;
    sources.forEach((s, i) => {
      const p = prefixes[i] ?? String(i);
      const st = s.getState();
      running ||= st.snapshot.server.running;
      sessions.push(...prefixSessions(p, st.snapshot.sessions));
      for (const [id, a] of Object.entries(st.agents)) agents[pre(p, id)] = a;
    });
    const snapshot: Snapshot = { takenAt: Date.now(), server: { running, socket: 'remote' }, sessions };
    return { type: 'snapshot', time: Date.now(), snapshot, agents };
  };

  /** Each server's state, tagged with its host prefix. */
  const connections = (): ConnectionState[] =>
    sources.map((s, i) => ({ ...s.getConnection(), host: prefixes[i] ?? String(i) }));

  /**
   * One state for the status bar: connected when all are; else the host that needs attention most, named
   * (`box2: reconnecting in 3s: …`): one that gave up (closed), then the next retry, then an attempt.
   */
  const connection = (): ConnectionState => {
    const states = connections();
    if (states.every((s) => s.status === 'connected')) return { status: 'connected' };
    const closed = states.find((s) => s.status === 'closed');
    if (closed) return closed;
    let next: ConnectionState | undefined;
    for (const s of states)
      if (s.status === 'reconnecting' && (next?.status !== 'reconnecting' || s.at < next.at)) next = s;
    return next ?? states.find((s) => s.status === 'connecting') ?? { status: 'connecting' };
  };

  const route = (target: string): { source: DataSource; rest: string; prefix: string } | null => {
    for (let i = 0; i < sources.length; i++) {
      const p = prefixes[i];
      const s = sources[i];
      if (p && s && target.startsWith(`${p}/`))
        return { source: s, rest: target.slice(p.length + 1), prefix: p };
    }
    return null;
  };

  return {
    kind: 'remote',
    label: sources.map((s) => s.label).join(', '),
    async start() {
      sources.forEach((s, i) => {
        const p = prefixes[i] ?? String(i);
        unsubs.push(
          s.subscribe((e) => {
            if (e.type === 'snapshot' || e.type === 'server.up' || e.type === 'server.down') emit(merged());
            else emit(prefixEvent(p, e));
          }),
          s.onConnection(() => connListeners.emit(connection())),
        );
      });
      const results = await Promise.allSettled(sources.map((s) => s.start()));
      const failed = results.filter((r) => r.status === 'rejected');
      if (failed.length === sources.length && failed[0]) throw (failed[0] as PromiseRejectedResult).reason;
    },
    async stop() {
      for (const u of unsubs.splice(0)) u();
      await Promise.all(sources.map((s) => s.stop()));
    },
    retryNow: () => sources.map((s) => s.retryNow?.() === true).includes(true),
    getState: () => world,
    getConnection: connection,
    connections,
    subscribe: (listener) => listeners.add(listener),
    onConnection: (listener) => connListeners.add(listener),
    async send(target, text, options) {
      const r = route(target);
      if (!r) {
        return {
          status: 'refused',
          target,
          detail: `target must start with a host prefix: ${prefixes.map((p) => `${p}/`).join(', ')}`,
          bytes: 0,
        };
      }
      const outcome = await r.source.send(r.rest, text, options);
      return { ...outcome, target, ...(outcome.paneId ? { paneId: pre(r.prefix, outcome.paneId) } : {}) };
    },
    async capture(paneId, options) {
      const r = route(paneId);
      if (!r)
        throw new Error(`pane id must start with a host prefix: ${prefixes.map((p) => `${p}/`).join(', ')}`);
      return r.source.capture(r.rest, options);
    },
  };
}
