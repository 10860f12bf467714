/**
 * `D` on the tree: kill what the cursor is on, through the palette's `:kill` (window / pane) or `:stop`
 * (session) — so the same y/N question names what dies and how many agents, and the same command runs.
 */
import { runCommandLine } from './actions.js';
import type { DashStore } from './store.js';

/** The palette line that kills the tree line under the cursor, or a reason there is none. */
export function killLineFor(s: ReturnType<DashStore['getState']>): { line: string } | { refusal: string } {
  const key = s.cursor;
  if (!key) return { refusal: 'nothing under the cursor to kill' };
  if (key.startsWith('$')) return { line: `stop ${key}` };
  if (key.startsWith('@')) return { line: `kill ${key}` };
  // A window of one pane is drawn as that pane's line: it is the window that goes.
  for (const session of s.world.snapshot.sessions)
    for (const w of session.windows)
      if (w.panes.some((p) => p.id === key)) return { line: `kill ${w.panes.length === 1 ? w.id : key}` };
  return { refusal: `${key} is gone already` };
}

/** Ask y/N to kill the line under the cursor (local tmux only). */
export function askKill(store: DashStore): void {
  const s = store.getState();
  const found: { line: string } | { refusal: string } =
    s.panel !== 'agents'
      ? { refusal: 'kill acts on the tree line under the cursor: Tab back to the tree' }
      : s.source.kind !== 'embedded'
        ? { refusal: `kill acts on the local tmux server only: this dashboard shows ${s.source.label}` }
        : killLineFor(s);
  if ('refusal' in found) s.setMessage(found.refusal);
  else void runCommandLine(store, found.line);
}
