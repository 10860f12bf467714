/**
 * The cursor in the tree: which line it is on, where j/k, h/l and `n` take it, and the pane the pane view
 * shows for it. Pure functions of the dashboard state; the store applies what they return.
 */
import type { WorldState } from '../model/types.js';
import { buildTree, isAgent, paneOf, type Tree } from './rows.js';
import type { DashState } from './types.js';

type TreeInputs = Pick<DashState, 'world' | 'filters' | 'sortWaiting' | 'agentsOnly' | 'collapsed'>;

let cache: { inputs: unknown[]; tree: Tree } | undefined;

/** The tree for the state (one-entry cache: components and key handlers ask for the same one). */
export function treeOf(s: TreeInputs): Tree {
  const inputs = [s.world, s.filters.agents, s.sortWaiting, s.agentsOnly, s.collapsed];
  if (cache?.inputs.every((v, i) => v === inputs[i])) return cache.tree;
  const tree = buildTree(s.world, {
    filter: s.filters.agents,
    sortWaiting: s.sortWaiting,
    agentsOnly: s.agentsOnly,
    collapsed: s.collapsed,
  });
  cache = { inputs, tree };
  return tree;
}

export interface Selection {
  cursor: string | undefined;
  selected: string | undefined;
}

const at = (tree: Tree, key: string | undefined) =>
  key === undefined ? -1 : tree.lines.findIndex((l) => l.key === key);

function selectionAt(tree: Tree, i: number, world: WorldState): Selection {
  return { cursor: tree.lines[i]?.key, selected: paneOf(tree.lines, i, world) };
}

/**
 * Keep the cursor where it was if its line is still shown; a pane that went away leaves it on its window or
 * session; with nothing of it left, on the first agent (else the first line).
 */
export function keepCursor(
  s: TreeInputs & Pick<DashState, 'cursor'>,
  fallbackParents: string[] = [],
): Selection {
  const tree = treeOf(s);
  for (const key of [s.cursor, ...fallbackParents]) {
    const i = at(tree, key);
    if (i >= 0) return selectionAt(tree, i, s.world);
  }
  const first = tree.lines.findIndex((l) => l.type === 'pane' && isAgent(l.row));
  return selectionAt(tree, Math.max(0, first), s.world);
}

/** The session and window a pane (or window) sits in: where the cursor falls back when it goes away. */
export function parentsOf(world: WorldState, key: string | undefined): string[] {
  if (!key) return [];
  for (const s of world.snapshot.sessions) {
    for (const w of s.windows) {
      if (w.id === key) return [s.id];
      if (w.panes.some((p) => p.id === key)) return [w.id, s.id];
    }
  }
  return [];
}

export function moveCursor(s: TreeInputs & Pick<DashState, 'cursor'>, delta: number): Selection | null {
  const tree = treeOf(s);
  if (tree.lines.length === 0) return null;
  const i = at(tree, s.cursor);
  const next = i < 0 ? 0 : Math.min(tree.lines.length - 1, Math.max(0, i + delta));
  return selectionAt(tree, next, s.world);
}

/** Agent number n (the digits shown beside the first nine agents). */
export function agentNumber(s: TreeInputs, n: number): Selection | null {
  const tree = treeOf(s);
  const i = tree.lines.findIndex((l) => l.type === 'pane' && l.number === n);
  return i < 0 ? null : selectionAt(tree, i, s.world);
}

/**
 * h / ←: fold the open session or window under the cursor; on a pane or a folded window, go to the parent.
 * Returns the new collapsed map and cursor (null: nothing to do).
 */
export function collapseAt(
  s: TreeInputs & Pick<DashState, 'cursor'>,
): { collapsed: Record<string, boolean>; cursor: string } | null {
  const tree = treeOf(s);
  const line = tree.lines[at(tree, s.cursor)];
  if (!line) return null;
  if ((line.type === 'session' || line.type === 'window') && line.open)
    return { collapsed: { ...s.collapsed, [line.key]: true }, cursor: line.key };
  const parents = parentsOf(s.world, line.key).filter((k) => at(tree, k) >= 0);
  const parent = parents[0];
  return parent ? { collapsed: s.collapsed, cursor: parent } : null;
}

/** l / →: unfold the folded session or window under the cursor; when open, go to its first child. */
export function expandAt(
  s: TreeInputs & Pick<DashState, 'cursor'>,
): { collapsed: Record<string, boolean>; cursor: string } | null {
  const tree = treeOf(s);
  const i = at(tree, s.cursor);
  const line = tree.lines[i];
  if (!line || line.type === 'pane') return null;
  if (!line.open) {
    const collapsed = { ...s.collapsed };
    delete collapsed[line.key];
    return { collapsed, cursor: line.key };
  }
  const child = tree.lines[i + 1];
  return child && child.type !== 'session' ? { collapsed: s.collapsed, cursor: child.key } : null;
}

/**
 * `n`: the next agent waiting on the operator, oldest wait first, after the one under the cursor (wrapping).
 * Its session and window are unfolded; a filter that hides it is dropped.
 */
export function nextWaiting(
  s: TreeInputs & Pick<DashState, 'cursor' | 'selected'>,
): { paneId: string; collapsed: Record<string, boolean>; clearFilter: boolean; count: number } | null {
  const all = buildTree(s.world, { filter: '', sortWaiting: true, agentsOnly: true, collapsed: {} }).rows;
  const waiting = all.filter((r) => r.state === 'waiting');
  if (waiting.length === 0) return null;
  const here = waiting.findIndex((r) => r.paneId === s.cursor);
  const target = waiting[(here + 1) % waiting.length];
  if (!target) return null;
  const collapsed = { ...s.collapsed };
  delete collapsed[target.sessionId];
  delete collapsed[target.windowId];
  const visible = treeOf({ ...s, collapsed }).rows.some((r) => r.paneId === target.paneId);
  return { paneId: target.paneId, collapsed, clearFilter: !visible, count: waiting.length };
}
