import type { ConnectionState } from '../model/connection.js';
import type { TmoEvent } from '../model/events.js';
import { mark } from '../model/timing.js';
import type { DataSource } from '../source/types.js';
import type { DashStore, Notable } from './store.js';
import type { DashState } from './types.js';

/** The source each store is fed from (for "retry now"). */
const sources = new WeakMap<DashStore, DataSource>();

export interface ConnectOptions {
  /** Events are applied at most once per this many ms (≤ 10 renders/s). */
  flushMs?: number;
  /** Capture the selected pane with SGR escapes. */
  ansi?: boolean;
  /** Lines of history to capture for the pane view. */
  lines?: number;
  /** Captures after pane output are at most one per this many ms (default: flushMs). */
  captureMs?: number;
  /**
   * A selected pane that streams no output (a shell or build outside the agents' windows: its output is not
   * streamed) is captured again every this many ms while it stays selected; 0: never (default 1000).
   */
  refreshMs?: number;
  /** Called with agents that start waiting or finish. */
  onNotable?: (changes: Notable[]) => void;
}

/**
 * Feed a store from a DataSource: events are batched and applied on a 100 ms timer (leading edge: an event
 * after a quiet period is applied at once), and before the first "connected" that follows them; the
 * selected pane is captured on selection and after its `pane.output` events (one capture in flight, the
 * latest wins), and every `refreshMs` while it streams none.
 * Returns a disconnect function.
 */
export function connectSource(
  store: DashStore,
  source: DataSource,
  options: ConnectOptions = {},
): () => void {
  const flushMs = options.flushMs ?? 100;
  let queue: TmoEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let lastFlush = 0;
  let stopped = false;

  store.getState().setTransport({
    send: (target, text, o) => source.send(target, text, o),
    capture: (paneId, o) => source.capture(paneId, o),
  });
  store.getState().setWorld(source.getState());
  store.getState().setConnection(source.getConnection());
  sources.set(store, source);
  const onConnection = connectionLog(store, source);

  const flush = () => {
    timer = undefined;
    lastFlush = Date.now();
    const batch = queue;
    queue = [];
    if (stopped || batch.length === 0) return;
    const notable = store.getState().ingest(batch);
    mark(`ingested ${batch.length}`);
    if (notable.length) options.onNotable?.(notable);
  };

  // Capture: on selection, and after output on the selected pane.
  let inFlight = false;
  let again = false;
  let lastCapture = 0;
  let captureTimer: NodeJS.Timeout | undefined;
  const captureMs = options.captureMs ?? flushMs;
  /** After output: at most one capture per `captureMs` (leading edge), so a chatty pane costs ≤ 10 frames/s. */
  const captureSoon = () => {
    if (captureTimer) return;
    const wait = Math.max(0, lastCapture + captureMs - Date.now());
    if (wait === 0) capture();
    else
      captureTimer = setTimeout(() => {
        captureTimer = undefined;
        capture();
      }, wait);
  };
  const capture = () => {
    const paneId = store.getState().selected;
    if (!paneId || stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    lastCapture = Date.now();
    source
      .capture(paneId, { ansi: options.ansi ?? true, ...(options.lines ? { lines: options.lines } : {}) })
      .then(
        (text) => {
          if (!stopped) store.getState().setPane(paneId, text);
        },
        () => {
          // the pane went away: the next snapshot drops it
        },
      )
      .finally(() => {
        inFlight = false;
        if (again) {
          again = false;
          capture();
        }
      });
  };

  // Any selected pane is live: one that streams no output is captured again every refreshMs.
  const refreshMs = options.refreshMs ?? 1000;
  let lastSelectedOutput = 0;
  const refresh =
    refreshMs > 0
      ? setInterval(() => {
          if (Date.now() - lastSelectedOutput >= refreshMs && Date.now() - lastCapture >= refreshMs)
            capture();
        }, refreshMs)
      : undefined;
  refresh?.unref?.();

  const unsubscribe = source.subscribe((event) => {
    if (event.type === 'pane.output') {
      if (event.paneId === store.getState().selected) {
        lastSelectedOutput = Date.now();
        captureSoon();
      }
      return;
    }
    queue.push(event);
    if (timer) return;
    const wait = Math.max(0, lastFlush + flushMs - Date.now());
    timer = setTimeout(flush, wait);
  });
  // The first "connected" lands after the events the source sent before it: with the tree that came with
  // it, never over the empty world of the start (which would read "no tmux server"). Later ones keep the
  // feed's order: "reconnected", then what the server says now.
  let connectedOnce = source.getConnection().status === 'connected';
  const offConnection = source.onConnection((state) => {
    if (state.status === 'connected' && !connectedOnce && queue.length > 0) {
      if (timer) clearTimeout(timer);
      flush();
    }
    if (state.status === 'connected') connectedOnce = true;
    onConnection(state);
  });
  const offSelect = store.subscribe((s, prev) => {
    if (s.selected !== prev.selected) capture();
  });
  capture();

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (captureTimer) clearTimeout(captureTimer);
    if (refresh) clearInterval(refresh);
    unsubscribe();
    offConnection();
    offSelect();
    store.getState().setTransport(undefined);
    sources.delete(store);
  };
}

const clockOf = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);
const minutes = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

/**
 * Connection states into the store, with `lostAt` (when a connection that was up went down) kept on every
 * state until it is up again — what the dashboard shows meanwhile is stale since then — and, for a remote
 * source, one feed line when the connection is lost and one when it is back.
 */
function connectionLog(store: DashStore, source: DataSource): (state: ConnectionState) => void {
  let up = source.getConnection().status === 'connected';
  let lostAt: number | undefined;
  const remote = source.kind === 'remote';
  return (state) => {
    const s = store.getState();
    const now = Date.now();
    if (state.status === 'connected') {
      if (lostAt !== undefined && remote)
        s.pushFeed({
          time: now,
          kind: 'server',
          text: `reconnected to ${state.host ?? source.label} (lost at ${clockOf(lostAt)}, for ${minutes(now - lostAt)})`,
        });
      up = true;
      lostAt = undefined;
      s.setConnection(state);
      return;
    }
    if (up) {
      up = false;
      lostAt = now;
      if (remote)
        s.pushFeed({
          time: now,
          kind: 'error',
          text: `connection to ${state.host ?? source.label} lost${state.error ? `: ${state.error}` : ''} — showing the last state known, reconnecting`,
        });
    }
    s.setConnection(lostAt === undefined ? state : { ...state, lostAt });
  };
}

/** The "retry now" key: reconnect at once instead of waiting out the backoff. Returns the status line. */
export function retryConnection(store: DashStore): string {
  const source = sources.get(store);
  const state = store.getState().connection;
  let message: string;
  if (!source) message = 'not connected to any source';
  else if (state.status === 'connected') message = 'connected: nothing to retry';
  else if (source.retryNow?.()) message = `reconnecting to ${source.label} now…`;
  else if (source.kind === 'embedded') message = 'the local tmux server is retried by itself';
  else message = 'already connecting…';
  store.getState().setMessage(message);
  return message;
}

/**
 * Why Enter cannot attach to the selected pane, or undefined when it can: a remote server's panes live on
 * another machine; the message says where and with which target to attach there.
 */
export function attachRefusal(state: Pick<DashState, 'source' | 'selected' | 'world'>): string | undefined {
  if (state.source.kind !== 'remote') return undefined;
  // Over several servers, names carry a `host/` prefix that the server itself does not know.
  const several = state.source.label.includes(', ');
  let target: string | undefined;
  for (const s of state.world.snapshot.sessions)
    for (const w of s.windows)
      for (const p of w.panes)
        if (p.id === state.selected)
          target = `${several ? s.name.replace(/^[^/]*\//, '') : s.name}:${w.index}.${p.index}`;
  const how = target ? ` (there: tmux attach -t '${target}')` : '';
  return `cannot attach: the pane runs on ${state.source.label}, not on this machine${how}`;
}
