import { useMemo } from 'react';
import type { Tree } from '../src/store/rows.js';
import { treeOf } from '../src/store/tree-nav.js';
import { useDash } from './use-dash.js';

/** The tree as shown (filtered, folded, agents only or every pane), recomputed only when its inputs change. */
export function useTree(): Tree {
  const world = useDash((s) => s.world);
  const filter = useDash((s) => s.filters.agents);
  const sortWaiting = useDash((s) => s.sortWaiting);
  const agentsOnly = useDash((s) => s.agentsOnly);
  const collapsed = useDash((s) => s.collapsed);
  return useMemo(
    () => treeOf({ world, filters: { agents: filter, feed: '' }, sortWaiting, agentsOnly, collapsed }),
    [world, filter, sortWaiting, agentsOnly, collapsed],
  );
}
