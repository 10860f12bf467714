import { useApp, useInput, usePaste } from 'ink';
import { useCallback } from 'react';
import { keyName } from '../src/keymap/key-name.js';
import { mark } from '../src/model/timing.js';
import { handleChunk } from './key-chunk.js';
import { handleKey, handlePaste, printable } from './key-handlers.js';
import { useDashStore } from './use-dash-store.js';
import { useEnv } from './use-env.js';

/** All keyboard handling of the dashboard, from the one key table (src/keymap). */
export function useDashKeys(options: { paste?: boolean; onLeave?: () => void } = {}): void {
  const store = useDashStore();
  const env = useEnv();
  const { exit, suspendTerminal } = useApp();

  const attach = useCallback(
    (paneId: string) => {
      const run = env.attach;
      const s = store.getState();
      if (s.source.kind === 'remote') {
        s.setMessage(`attach works on this machine's tmux only: ${paneId} is on ${s.source.label}`);
        return;
      }
      if (!run) {
        s.setMessage('attach is not available here');
        return;
      }
      // Say how to come back first, and leave it on screen a moment before the terminal changes hands.
      const hint = env.detachHint ? env.detachHint() : Promise.resolve('');
      const go = hint
        .then(async (back) => {
          store.getState().setMessage(`attaching to ${paneId}${back ? `: ${back}` : ''}`);
          await new Promise((r) => setTimeout(r, env.attachDelayMs ?? 700));
        })
        .then(() => (env.attachNeedsTerminal ? suspendTerminal(() => run(paneId)) : run(paneId)));
      go.then(
        () => store.getState().setMessage(undefined),
        (error: unknown) => store.getState().setMessage(`attach failed: ${(error as Error).message}`),
      ).finally(() => {
        // Keys typed while away (or the detach key's tail) must not fire dashboard actions.
        store.getState().setIgnoreInputUntil(Date.now() + 300);
      });
    },
    [env, store, suspendTerminal],
  );

  useInput((input, key) => {
    if (Date.now() < store.getState().ignoreInputUntil) return;
    const ctx = {
      quit: () => {
        mark('quit key');
        if (!env.onQuit) return exit();
        env.onQuit();
        options.onLeave?.();
        // After this turn's ticks: the session's first writes to tmux leave before the unmount's work.
        setImmediate(() => exit());
      },
      attach,
    };
    const name = keyName(input, key);
    // Keys typed quickly can arrive as one chunk ("1j", ":sort⏎"): see handleChunk.
    if (name === input && input.length > 1) handleChunk(store, input, ctx);
    else handleKey(store, name, printable(input, name, key.ctrl, key.meta), ctx);
  });

  usePaste((text) => handlePaste(store, text), { isActive: options.paste !== false });
}
