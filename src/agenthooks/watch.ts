/**
 * The live source's view of the hook file: `fs.watch` on the hooks dir (plus a 1 s poll, where the file
 * system sends no events), reading only the bytes appended since the last look, folded into the newest fact
 * per pane. Starts from the file's tail, so a dialog raised before tmo started is known.
 */
import { closeSync, type FSWatcher, fstatSync, openSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { HookFact } from '../agents/signals.js';
import { makeDirs } from '../config/state-file.js';
import { foldLines, readRange } from './facts.js';
import { HOOK_TAIL_BYTES } from './paths.js';

export class HookFeed {
  readonly facts = new Map<string, HookFact>();
  private offset = 0;
  private ino = -1;
  private rest = '';
  private watcher?: FSWatcher;
  private poll?: NodeJS.Timeout;
  private readonly name: string;
  private readonly file: string;
  private readonly onFacts: (panes: string[]) => void;
  private readonly pollMs: number;

  constructor(file: string, onFacts: (panes: string[]) => void, pollMs = 1000) {
    this.file = file;
    this.onFacts = onFacts;
    this.pollMs = pollMs;
    this.name = basename(file);
  }

  start(): void {
    this.pump(true);
    try {
      makeDirs(dirname(this.file));
      this.watcher = watch(dirname(this.file), (_type, name) => {
        if (!name || name === this.name) this.pump(false);
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // No watch (read-only state dir, no inotify left): the poll still sees new facts within a second.
    }
    this.poll = setInterval(() => this.pump(false), this.pollMs);
    this.poll.unref?.();
  }

  stop(): void {
    this.watcher?.close();
    if (this.poll) clearInterval(this.poll);
  }

  /** Read what was appended; a new file (rotated, recreated) is read from its start. */
  pump(first = false): void {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      return;
    }
    let panes: string[] = [];
    try {
      const st = fstatSync(fd);
      if (st.ino !== this.ino || st.size < this.offset) {
        this.offset = first ? Math.max(0, st.size - HOOK_TAIL_BYTES) : 0;
        this.rest = '';
        this.ino = st.ino;
        if (this.offset > 0) this.rest = '\0'; // the first line read is cut: drop it
      }
      if (st.size === this.offset) return;
      let text = this.rest + readRange(fd, this.offset, st.size);
      this.offset = st.size;
      if (text.startsWith('\0')) text = text.slice(text.indexOf('\n') + 1);
      const end = text.lastIndexOf('\n');
      this.rest = text.slice(end + 1);
      panes = foldLines(text.slice(0, end + 1), this.facts);
    } finally {
      closeSync(fd);
    }
    if (panes.length && !first) this.onFacts(panes);
  }
}
