import type { TmoEvent } from '../model/events.js';
import type { DataSource } from '../source/types.js';
import type { DashStore, Notable } from './store.js';

export interface ConnectOptions {
  /** Events are applied at most once per this many ms (≤ 10 renders/s). */
  flushMs?: number;
  /** Capture the selected pane with SGR escapes. */
  ansi?: boolean;
  /** Lines of history to capture for the pane view. */
  lines?: number;
  /** Captures after pane output are at most one per this many ms (default: flushMs). */
  captureMs?: number;
  /** Called with agents that start waiting or finish. */
  onNotable?: (changes: Notable[]) => void;
}

/**
 * Feed a store from a DataSource: events are batched and applied on a 100 ms timer (leading edge: an event
 * after a quiet period is applied at once); the selected pane is captured on selection and after its
 * `pane.output` events (one capture in flight, the latest wins). Returns a disconnect function.
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

  const flush = () => {
    timer = undefined;
    lastFlush = Date.now();
    const batch = queue;
    queue = [];
    if (stopped || batch.length === 0) return;
    const notable = store.getState().ingest(batch);
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

  const unsubscribe = source.subscribe((event) => {
    if (event.type === 'pane.output') {
      if (event.paneId === store.getState().selected) captureSoon();
      return;
    }
    queue.push(event);
    if (timer) return;
    const wait = Math.max(0, lastFlush + flushMs - Date.now());
    timer = setTimeout(flush, wait);
  });
  const offConnection = source.onConnection((state) => store.getState().setConnection(state));
  const offSelect = store.subscribe((s, prev) => {
    if (s.selected !== prev.selected) capture();
  });
  capture();

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (captureTimer) clearTimeout(captureTimer);
    unsubscribe();
    offConnection();
    offSelect();
    store.getState().setTransport(undefined);
  };
}
