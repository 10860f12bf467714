import { useMemo } from 'react';
import { type AgentRow, visibleRows } from '../src/store/rows.js';
import { useDash } from './use-dash.js';

/** The agents in display order (filtered, optionally waiting-first), recomputed only when inputs change. */
export function useVisibleRows(): AgentRow[] {
  const world = useDash((s) => s.world);
  const filter = useDash((s) => s.filters.agents);
  const sortWaiting = useDash((s) => s.sortWaiting);
  return useMemo(() => visibleRows(world, filter, sortWaiting), [world, filter, sortWaiting]);
}
