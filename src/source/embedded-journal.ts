/**
 * The live source's side of the state journal (src/agents/journal.ts): read it when the source meets a
 * server (seeding the tracker, so ages survive a restart), write it when a state changed or a pane went.
 */
import {
  type JournalPanes,
  journalFile,
  readJournal,
  serverInstance,
  updateJournal,
} from '../agents/journal.js';
import type { AgentTracker } from '../agents/tracker.js';
import { stateDir } from '../config/paths.js';
import type { AgentStatus } from '../model/types.js';
import type { TmuxRunner } from '../tmux/runner.js';
import type { ServerInstance } from '../tmux/snapshot.js';

export class WatcherJournal {
  /** This server's journal and what it held when the source met the server; undefined: not read yet. */
  private current: { file: string | null; recorded: JournalPanes } | undefined;
  private dirty = false;
  /** The server instance, when a snapshot already read it (then meet asks tmux nothing). */
  known: ServerInstance | undefined;

  private readonly runner: TmuxRunner;
  /** The state dir holding the journal; false: none. */
  private readonly dir: string | false | undefined;

  constructor(runner: TmuxRunner, dir: string | false | undefined) {
    this.runner = runner;
    this.dir = dir;
  }

  /** Meet a server (once per server instance): find its journal and seed the tracker from it. */
  async meet(running: boolean, tracker: AgentTracker): Promise<void> {
    if (!running) {
      this.current = undefined; // the next server is another instance
      this.known = undefined;
      return;
    }
    if (this.current) return;
    const dir = this.dir ?? stateDir();
    const server = dir === false ? undefined : (this.known ?? (await serverInstance(this.runner)));
    const file = dir !== false && server ? journalFile(dir, server) : null;
    const recorded = file ? readJournal(file) : {};
    this.current = { file, recorded };
    for (const [id, entry] of Object.entries(recorded)) tracker.seed(id, entry);
  }

  /** What the journal held for a pane when the source met the server. */
  recorded(paneId: string): JournalPanes[string] | undefined {
    return this.current?.recorded[paneId];
  }

  changed(): void {
    this.dirty = true;
  }

  /** Whether a save would write anything (a look that changed no state asks nothing more). */
  get due(): boolean {
    return this.dirty && !!this.current?.file;
  }

  /** Record the states (only after a change; the file is written only if it differs). */
  save(states: Record<string, AgentStatus | null>, present: Set<string>): void {
    const file = this.current?.file;
    if (!file || !this.due) return;
    this.dirty = false;
    updateJournal(file, states, present);
  }
}
