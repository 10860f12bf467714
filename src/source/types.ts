import type { ConnectionState } from '../model/connection.js';
import type { TmoEvent } from '../model/events.js';
import type { AgentStatus, SendOutcome, WorldState } from '../model/types.js';

export interface SendOptions {
  /** Send even if the agent is waiting on a dialog. */
  force?: boolean;
  /** Do not press Enter after the text. */
  noEnter?: boolean;
}

export type { ConnectionState } from '../model/connection.js';

export interface StopOptions {
  handOff?: boolean;
}

/**
 * Where the dashboard, `tmo events` and `tmo serve` get their data: the embedded core (tmux on this
 * machine) or a remote `tmo serve`. Both deliver the same TmoEvent stream.
 */
export interface DataSource {
  readonly kind: 'embedded' | 'remote';
  /** Human label: `local (-L sock)` or the remote URL. */
  readonly label: string;
  start(): Promise<void>;
  /**
   * Stop. With `handOff`, a process of the caller's (the dashboard's quit helper) finishes what would need
   * a process of its own here: only the quick way (over an open control client) is tried, and `handedOff`
   * then says whether something was left to that process.
   */
  stop(options?: StopOptions): Promise<void>;
  /** After stop({ handOff: true }): true when the cleanup was left to the caller's process. */
  readonly handedOff?: boolean;
  /** The current world as the source knows it. */
  getState(): WorldState;
  getConnection(): ConnectionState;
  /** Listener gets every event, in order. Returns an unsubscribe function. */
  subscribe(listener: (event: TmoEvent) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Over several servers: the state of each (with `host`), for one line per host. */
  connections?(): ConnectionState[];
  /** Reconnect now instead of waiting out the backoff; false when there is nothing to retry. */
  retryNow?(): boolean;
  send(target: string, text: string, options?: SendOptions): Promise<SendOutcome>;
  /** Recent screen of a pane (plain text or with SGR escapes), if the source can capture. */
  capture(paneId: string, options?: { lines?: number; ansi?: boolean }): Promise<string>;
  /**
   * Answer the dialog a pane waits on (`tmo answer`'s safe path: choice `1`–`9`, `yes`, `no`, or a key).
   * Absent where the source cannot (the remote protocol carries no answer yet).
   */
  answer?(paneId: string, choice: string): Promise<SendOutcome>;
  /** The classifier's fresh look at a pane (a dialog's current options), where the source can. */
  inspect?(paneId: string): Promise<AgentStatus | null>;
}
