import { render } from 'ink-testing-library';
import { Root } from '../../components/Root.js';
import { connectSource } from '../../src/store/connect.js';
import { answererOf, createDashStore, type DashStore } from '../../src/store/store.js';
import { FakeSource, sampleSnapshot, until } from './fake-source.js';

export interface Harness {
  source: FakeSource;
  store: DashStore;
  frame(): string;
  press(keys: string): void;
  unmount(): void;
  attached: string[];
}

/** Render the dashboard on a fake source at a given size; `withAgents` pre-loads the sample world. */
export function mount(
  options: {
    columns?: number;
    rows?: number;
    withAgents?: boolean;
    color?: boolean;
    ascii?: boolean;
    remote?: string;
    agentsOnly?: boolean;
    /** A source set up beforehand (e.g. still connecting). */
    source?: FakeSource;
    /** The dashboard's quit (DashEnv.onQuit); without it the quit key only ends Ink. */
    onQuit?: () => void;
  } = {},
): Harness {
  const source =
    options.source ?? (options.remote ? new FakeSource(options.remote, 'remote') : new FakeSource());
  if (options.withAgents !== false) {
    const { snapshot, agents } = sampleSnapshot();
    source.emit({ type: 'snapshot', time: Date.now(), snapshot, agents });
    source.screens = { '%1': 'claude> thinking\n\x1b[32mgreen line\x1b[0m\n', '%2': 'Allow edit? (y/n)\n' };
  }
  const store = createDashStore({
    source: { kind: source.kind, label: source.label },
    agentsOnly: options.agentsOnly ?? false,
  });
  const disconnect = connectSource(store, source, { flushMs: 20 });
  store.getState().setAnswerer(answererOf(source));
  const attached: string[] = [];
  const env = {
    size: { columns: options.columns ?? 100, rows: options.rows ?? 24 },
    attach: async (paneId: string) => {
      attached.push(paneId);
    },
    attachDelayMs: 0,
    detachHint: async () => 'C-b d',
    ...(options.onQuit ? { onQuit: options.onQuit } : {}),
  };
  const ui = render(
    <Root
      store={store}
      theme={{ color: options.color ?? false, ascii: options.ascii ?? false }}
      env={env}
      paste={false}
    />,
  );
  return {
    source,
    store,
    attached,
    frame: () => ui.lastFrame() ?? '',
    press: (keys) => ui.stdin.write(keys),
    unmount: () => {
      disconnect();
      ui.unmount();
    },
  };
}

/** Waits until the harness `get()` returns draws a frame with `text` (or matching it); resolves with it. */
export const frameOf =
  (get: () => Harness | undefined) =>
  (text: string | RegExp, what = String(text)): Promise<string> =>
    until(() => {
      const f = get()?.frame() ?? '';
      return (typeof text === 'string' ? f.includes(text) : text.test(f)) ? f : '';
    }, what);
