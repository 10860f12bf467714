import { afterEach, describe, expect, it } from 'vitest';
import { stateCounts } from '../../src/store/rows.js';
import { treeOf } from '../../src/store/tree-nav.js';
import { until } from './fake-source.js';
import { frameOf, type Harness } from './harness.js';
import { mountTreeWorld, treeWorld } from './tree-world.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});
const frameWith = frameOf(() => h);

const world = mountTreeWorld;

describe('the whole tmux world', () => {
  it('shows every session, window and pane: agents, shells, a dev server, a dead pane', async () => {
    h = world({ columns: 120, rows: 30 });
    const frame = await frameWith('notes');
    expect(frame).toContain('▾ work');
    expect(frame).toMatch(/0:claude\s+▲ waiting claude 1m · permission/);
    expect(frame).toMatch(/1:shell\s+· shell\s+bash/);
    expect(frame).toMatch(/▾ 2:web\s+dev-server/);
    expect(frame).toMatch(/\.0\s+· server\s+npm/);
    expect(frame).toMatch(/\.1\s+x dead\s+make exit 2/);
    // an error row says why, as a waiting row does
    expect(frame).toMatch(/✖ error\s+aider \d+s · API Error: 529/);
    expect(frame).toMatch(/0:zsh\s+· shell\s+zsh/);
    expect(frame).toContain('7 panes · 3 agents');
    // the header counts exactly what the tree holds
    expect(frame).toMatch(/▲ 2 waiting {2}● 0 working {2}✖ 1 error/);
  });

  it('h folds a session (▸, with what it holds) and l unfolds it; counts stay', async () => {
    h = world({ columns: 120, rows: 30 });
    await frameWith('notes');
    h.press('k'); // from the first agent (work:0) up to the session line
    await until(() => h?.store.getState().cursor === '$1', 'cursor on the session');
    h.press('h');
    const folded = await frameWith(/▸ work {2}3 windows · 4 panes · 1 agent · 1 waiting/);
    expect(folded).not.toContain('1:shell');
    expect(folded).toMatch(/▲ 2 waiting/);
    h.press('l');
    await frameWith('1:shell', 'unfolded');
    h.press('l'); // open: into its first child
    await until(() => h?.store.getState().cursor === '%1', 'first child');
  });

  it('t shows agents only (sessions without one say so) and back; the choice is in the store', async () => {
    h = world({ columns: 120, rows: 30 });
    await frameWith('1:shell');
    h.press('t');
    const agents = await frameWith(/notes {2}no agents/);
    expect(agents).not.toContain('1:shell');
    expect(agents).toContain(' Agents ');
    expect(h.store.getState().agentsOnly).toBe(true);
    h.press('t');
    await frameWith('1:shell');
  });

  it('j/k reach every line and the pane view shows any pane (a shell here)', async () => {
    h = world({ columns: 120, rows: 30 });
    await frameWith('Pane %1');
    h.press('j');
    await frameWith('Pane %2 work:1');
    await frameWith('README.md', 'the shell screen');
    const said: string[] = [];
    h.store.subscribe((s) => {
      if (s.message) said.push(s.message);
    });
    h.press('\r');
    await until(() => h?.attached.includes('%2'), 'attach to the shell');
    // how to come back was said before the switch
    expect(said).toContain('attaching to %2: C-b d');
  });

  it('n jumps to the agents waiting on you, oldest first, unfolding what hides them', async () => {
    h = world({ columns: 120, rows: 30 });
    await frameWith('notes');
    h.store.getState().setCursor('$2');
    h.store.getState().collapse();
    await frameWith('▸ ops');
    h.press('n');
    await until(() => h?.store.getState().cursor === '%5', 'codex (waiting 5m) first');
    await frameWith('▾ ops');
    h.press('n');
    await until(() => h?.store.getState().cursor === '%1', 'then claude (waiting 1m)');
    h.press('n');
    await until(() => h?.store.getState().cursor === '%5', 'and round again');
  });

  it('stale rows: when the connection is lost the tree dims and says since when', async () => {
    h = world({ columns: 120, rows: 30 });
    await frameWith('notes');
    expect(h.frame()).not.toContain('stale');
    h.source.setConnection({ status: 'reconnecting', inMs: 3000, at: Date.now() + 3000, attempt: 1 });
    const hhmm = new Date().toTimeString().slice(0, 5);
    const frame = await frameWith(`STALE since ${hhmm}`);
    expect(frame).toMatch(/▲ waiting claude 1m · permission · stale/);
    h.source.setConnection({ status: 'connected' });
    await until(() => !h?.frame().includes('stale'), 'fresh again');
  });

  it('status detailed and the dashboard agree: the tree holds every pane of the snapshot', () => {
    const { snapshot, agents } = treeWorld();
    const w = { snapshot, agents };
    const tree = treeOf({
      world: w,
      filters: { agents: '', feed: '' },
      sortWaiting: false,
      agentsOnly: false,
      collapsed: {},
    });
    const all = snapshot.sessions.flatMap((s) => s.windows.flatMap((x) => x.panes.map((p) => p.id)));
    expect(tree.rows.map((r) => r.paneId)).toEqual(all);
    expect(stateCounts(tree.rows).waiting).toBe(2);
  });
});
