import type { Notable } from './store.js';

export interface NotifyOptions {
  bell?: boolean;
  desktop?: boolean;
  /** Where BEL / OSC go (the terminal). */
  write(text: string): void;
  /** Desktop notifications within this window are merged into one. */
  coalesceMs?: number;
  label?: (paneId: string) => string;
}

/**
 * Bell once per batch of agents that start waiting or finish; an opt-in desktop notification
 * (OSC 9, plus OSC 777 for rxvt/foot/WezTerm-style terminals), coalesced.
 */
export function createNotifier(options: NotifyOptions): {
  notify(changes: Notable[]): void;
  dispose(): void;
} {
  const coalesceMs = options.coalesceMs ?? 2000;
  let pending: Notable[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flushDesktop = () => {
    timer = undefined;
    if (pending.length === 0) return;
    const label = options.label ?? ((id: string) => id);
    const first = pending[0];
    const body =
      pending.length === 1 && first
        ? `${label(first.paneId)} ${first.status.kind} ${first.change === 'waiting' ? `is waiting${first.status.reason ? ` (${first.status.reason})` : ''}` : 'finished'}`
        : `${pending.length} agents need you or finished`;
    pending = [];
    const clean = body.replace(/[\x00-\x1f\x7f;]/g, ' ');
    options.write(`\x1b]9;tmo: ${clean}\x07\x1b]777;notify;tmo;${clean}\x07`);
  };
  return {
    notify(changes) {
      if (changes.length === 0) return;
      if (options.bell !== false) options.write('\x07');
      if (options.desktop) {
        pending.push(...changes);
        timer ??= setTimeout(flushDesktop, coalesceMs);
      }
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
