import { createContext } from 'react';
import type { DashStore } from '../src/store/store.js';

export interface Theme {
  /** Colour allowed (NO_COLOR, --no-color, TERM=dumb and non-TTY turn it off). */
  color: boolean;
  /** --ascii: no Unicode glyphs or box lines. */
  ascii: boolean;
}

/** Injected by the composition root (src/cli.tsx) or a test. */
export interface DashEnv {
  /** Attach to a pane: inside tmux `switch-client`; outside, a foreground `tmux attach-session`. */
  attach?: (paneId: string) => Promise<void>;
  /** true when attaching needs the terminal (outside tmux): Ink is suspended around it. */
  attachNeedsTerminal?: boolean;
  /** How to come back after attaching, from the operator's tmux prefix: `C-b d (detach) comes back here`. */
  detachHint?: () => Promise<string>;
  /** How long the hint stays on screen before the switch (default 700 ms; tests: 0). */
  attachDelayMs?: number;
  /**
   * Called as the operator quits, before the UI is taken down: the session starts leaving tmux (a round
   * trip) while Ink unmounts, so the shell gets the terminal back sooner.
   */
  onQuit?: () => void;
  /** Terminal size override (tests); otherwise read from stdout. */
  size?: { columns: number; rows: number };
}

export const StoreContext = createContext<DashStore | null>(null);
export const ThemeContext = createContext<Theme>({ color: true, ascii: false });
export const EnvContext = createContext<DashEnv>({});
