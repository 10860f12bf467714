/** tmux's output of the snapshot listing, built from rows (test/unit: the snapshot parse's tests). */
import {
  encodeRecord,
  PANE_SPEC,
  type RecordSpec,
  SESSION_SPEC,
  WINDOW_SPEC,
} from '../../src/tmux/formats.js';

export type Row = Record<string, string>;
export const DEFAULTS: Row = {
  session_id: '$0',
  session_name: 's',
  session_created: '1700000000',
  session_activity: '1700000100',
  window_id: '@0',
  window_index: '0',
  window_name: 'w',
  window_active: '1',
  window_activity: '1700000050',
  pane_id: '%0',
  pane_index: '0',
  pane_active: '1',
  pane_width: '80',
  pane_height: '24',
  pane_pid: '42',
  pane_dead: '0',
  pane_dead_status: '',
  pane_in_mode: '0',
  pane_current_command: 'bash',
  pane_title: 't',
};
/**
 * tmux output for these panes, in the snapshot's order: one S record per session, one W per window (with
 * its pane count), then `before` (clients, version), then one pane record per pane (`spec`: exact or line).
 */
export const tmuxOutput = (
  rows: Partial<Row>[],
  before: string[] = [],
  spec: RecordSpec<string> = PANE_SPEC,
): string => {
  const full = rows.map((r) => ({ ...DEFAULTS, ...r }) as Row);
  const windowKey = (r: Row) => `${r['session_id']}${r['window_id']}`;
  const panes = new Map<string, number>();
  for (const r of full) panes.set(windowKey(r), (panes.get(windowKey(r)) ?? 0) + 1);
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && Boolean(seen.add(key));
  return [
    ...full.filter((r) => once(`S${r['session_id']}`)).map((r) => encodeRecord(SESSION_SPEC, r)),
    ...full
      .filter((r) => once(`W${windowKey(r)}`))
      .map((r) => encodeRecord(WINDOW_SPEC, { ...r, window_panes: String(panes.get(windowKey(r))) })),
    ...before,
    ...full.map((r) => encodeRecord(spec, r)),
  ].join('');
};
