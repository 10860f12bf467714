import { afterEach, describe, expect, it } from 'vitest';
import { until } from './fake-source.js';
import { frameOf, type Harness } from './harness.js';
import { mountTreeWorld } from './tree-world.js';

/**
 * `D` on the tree: y/N naming the window or pane (or session) and how many agents die with it; only `y`
 * runs the palette's `:kill` / `:stop` (recorded here; test/integration/dash-kill.test.ts kills for real).
 */
let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});
const frameWith = frameOf(() => h);

function recordKills(harness: Harness): string[] {
  const ran: string[] = [];
  for (const name of ['kill', 'stop'])
    harness.store.getState().registerCommand({
      name,
      summary: 'recorded',
      run: (args) => {
        ran.push(`${name} ${args.join(' ')}`);
        return `${name === 'kill' ? 'killed' : 'stopped'} ${args[0]}`;
      },
    });
  return ran;
}

/** Put the tree's cursor on a line (a session, window or pane id) and press D. */
async function killAt(key: string): Promise<void> {
  h?.store.getState().setCursor(key);
  await until(() => h?.store.getState().cursor === key, `cursor on ${key}`);
  h?.press('D');
}

describe('D kills the line under the cursor, after y/N', () => {
  it('names the window and its agents; y kills it, n and Esc keep it', async () => {
    h = mountTreeWorld();
    const ran = recordKills(h);
    await frameWith('notes');
    // The claude line is a window of one pane: the window is what goes.
    await killAt('%1');
    await frameWith('y/N  kill window work:0 (claude)? It kills 1 pane, 1 agent (1 waiting).');
    h.press('n');
    await frameWith('cancelled: nothing was changed');
    await killAt('%1');
    await frameWith('y/N  kill window work:0');
    h.press('\x1b');
    await frameWith('cancelled: nothing was changed');
    expect(ran).toEqual([]);
    await killAt('@3');
    await frameWith('y/N  kill window work:2 (web)? It kills 2 panes, 0 agents.');
    h.press('y');
    await frameWith('killed @3');
    expect(ran).toEqual(['kill @3']);
  });

  it('a pane of a window of several: that pane only; a session header: as :stop', async () => {
    h = mountTreeWorld();
    const ran = recordKills(h);
    await frameWith('notes');
    await killAt('%4');
    await frameWith('y/N  kill pane work:2.1 (%4, make)? It kills 1 pane, 0 agents.');
    h.press('y');
    await frameWith('killed %4');
    await killAt('$2');
    await frameWith('y/N  stop session ops? It kills 2 windows, 2 panes, 2 agents (1 waiting).');
    h.press('y');
    await frameWith('stopped $2');
    expect(ran).toEqual(['kill %4', 'stop $2']);
  });

  it('is in the footer and in ? on a local source', async () => {
    h = mountTreeWorld({ columns: 160 });
    await frameWith('notes');
    // On a line that is no waiting agent (there the answer hint takes its place; quit always stays).
    h.store.getState().setCursor('%7');
    await frameWith(/D kill\s+q quit/);
    h.press('?');
    await frameWith('kill the window or pane under the cursor');
  });

  it('over a remote source: says why, asks nothing', async () => {
    h = mountTreeWorld({ remote: 'wss://elsewhere:7777' });
    const ran = recordKills(h);
    await frameWith('notes');
    expect(h.frame()).not.toContain('D kill');
    await killAt('@3');
    await frameWith('kill acts on the local tmux server only');
    expect(h.store.getState().mode).toBe('normal');
    expect(ran).toEqual([]);
  });
});
