import { afterEach, describe, expect, it } from 'vitest';
import type { AgentStatusLite } from '../../src/model/events.js';
import { pendingStatus, statusEvent } from '../../src/model/events.js';
import { FakeSource } from './fake-source.js';
import { frameOf, type Harness, mount } from './harness.js';
import { treeWorld } from './tree-world.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});
const frameWith = frameOf(() => h);
const where = () => undefined;

/**
 * Start-up: the tree comes from the first snapshot, before any agent's screen was looked at. An agent found
 * but not classified yet is listed (and counted) as pending — `… unknown … looking`, no age — never as a
 * state nobody has seen; its first look replaces that, and the pending line leaves nothing in the feed.
 */
describe('the tree before classification ends', () => {
  it('lists agents found but not looked at as unknown, counts them, claims no state; the first look says it', async () => {
    h = mount({ withAgents: false, columns: 120, rows: 30 });
    const { snapshot } = treeWorld();
    h.source.emit({ type: 'snapshot', time: Date.now(), snapshot, agents: {} });
    const tree = await frameWith('7 panes · 0 agents', 'the tree with no agent known yet');
    expect(tree).toMatch(/0:claude\s+· pane\s+claude/);

    const found = Date.now() - 3_600_000; // a window active an hour ago: no age may be drawn from it
    for (const [id, kind] of [
      ['%1', 'claude'],
      ['%5', 'codex'],
    ] as const)
      h.source.emit(statusEvent(id, pendingStatus(kind, found), null, where));
    const pending = await frameWith('7 panes · 2 agents', 'the agents listed as found');
    expect(pending).toMatch(/0:claude\s+… unknown claude looking/);
    expect(pending).toMatch(/0:codex\s+… unknown codex looking/);
    for (const claim of ['idle', 'waiting claude', '1h']) expect(pending).not.toContain(claim);
    expect(pending).toMatch(/▲ 0 waiting/);
    expect(pending).toContain('no events yet'); // found is not an event

    const waiting: AgentStatusLite = {
      kind: 'claude',
      state: 'waiting',
      reason: 'permission',
      since: Date.now(),
    };
    h.source.emit(statusEvent('%1', waiting, null, where));
    const looked = await frameWith(/0:claude\s+▲ waiting claude \d+s · permission/, 'the first look');
    expect(looked).toMatch(/0:codex\s+… unknown codex looking/);
    expect(looked).toMatch(/▲ 1 waiting/);
    expect(looked).toContain('claude waiting');
    expect(looked).not.toMatch(/unknown →|→ unknown|codex unknown/);
  });

  it('--ascii draws pending without the ellipsis glyph', async () => {
    h = mount({ withAgents: false, columns: 120, rows: 30, ascii: true });
    const { snapshot } = treeWorld();
    h.source.emit({ type: 'snapshot', time: Date.now(), snapshot, agents: {} });
    h.source.emit(statusEvent('%1', pendingStatus('claude', Date.now()), null, where));
    const frame = await frameWith(/0:claude\s+~ unknown claude looking/, 'pending in ASCII');
    expect(frame).not.toContain('…');
  });

  it('claims no count before the first tree: "connecting…", not "0 panes"', async () => {
    const source = new FakeSource();
    source.connection = { status: 'connecting' };
    h = mount({ withAgents: false, source });
    const frame = await frameWith('Sessions  connecting…', 'the title while connecting');
    expect(frame).not.toMatch(/\d+ panes/);
    source.emit({ type: 'snapshot', time: Date.now(), snapshot: treeWorld().snapshot, agents: {} });
    await frameWith('7 panes · 0 agents', 'the tree once it is there');
  });
});
