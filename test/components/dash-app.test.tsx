import { afterEach, describe, expect, it } from 'vitest';
import { sampleSnapshot, until } from './fake-source.js';
import { frameOf, type Harness, mount } from './harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});
const frameWith = frameOf(() => h);

describe('dashboard panels', () => {
  it('lists sessions → windows → agents with glyph, state word, kind, age and reason', async () => {
    h = mount();
    const frame = await frameWith('codex', 'agents listed');
    expect(frame).toContain('▾ api');
    expect(frame).toContain('1:codex');
    expect(frame).toMatch(/▲ waiting\s+codex 4m · permission/);
    expect(frame).toMatch(/● working\s+claude \ds/);
    expect(frame).toContain('✖ error');
    expect(frame).toContain('○ idle');
  });

  it("shows the selected agent's captured screen and follows its output (colour stripped when off)", async () => {
    h = mount();
    await frameWith('green line', 'first capture');
    expect(h.frame()).not.toContain('\x1b[32m');
    h.source.screens['%1'] = 'claude> thinking\nnew output arrived\n';
    h.source.emit({ type: 'pane.output', time: Date.now(), paneId: '%1', text: 'x' });
    await frameWith('new output arrived', 'pane update after output');
  });

  it('keeps a status message apart from the key hints on the bottom line', async () => {
    h = mount();
    await frameWith('codex', 'agents listed');
    h.store.getState().setMessage('check-in 7ac7d1 for %1 at 10:00');
    const frame = await frameWith('check-in 7ac7d1', 'message shown');
    const bottom = frame.split('\n').at(-1) ?? '';
    expect(bottom).toMatch(/check-in 7ac7d1 for %1 at 10:00 {2}│ {2}\S/);
  });

  it('streams state changes, sessions and errors into the feed', async () => {
    h = mount();
    await frameWith('no events yet');
    const t = Date.now();
    h.source.emit({
      type: 'agent.status',
      time: t,
      paneId: '%1',
      kind: 'claude',
      state: 'waiting',
      previous: 'working',
      reason: 'question',
      since: t,
    });
    h.source.emit({ type: 'session.created', time: t, sessionId: '$9', session: 'docs' });
    h.source.emit({ type: 'server.down', time: t, reason: 'lost the control client' });
    const frame = await frameWith('server down', 'feed lines');
    expect(frame).toContain('api:0 claude working → waiting · question');
    expect(frame).toContain('session docs created');
  });

  it('status bar: source label, per-state counts and "reconnecting in Ns"', async () => {
    h = mount();
    const frame = await frameWith('1 waiting');
    expect(frame).toContain('local (-L fake)');
    expect(frame).toContain('connected');
    // 4.9 s: "5s" stays on screen for 0.9 s, time for a loaded host to draw it (4.2 s left it 0.2 s)
    h.source.setConnection({ status: 'reconnecting', inMs: 4900, at: Date.now() + 4900, attempt: 2 });
    await frameWith('reconnecting in 5s');
  });

  it('status bar: the retry counts down with its reason and host, then reads "connecting…"', async () => {
    h = mount();
    await frameWith('1 waiting');
    const error = 'connect ECONNREFUSED 127.0.0.1:9';
    const at = Date.now() + 3500;
    h.source.setConnection({ status: 'reconnecting', inMs: 3500, at, attempt: 3, error, host: 'box2' });
    // No new state from the source: the figure follows the clock (4s, 3s, 2s, 1s). Every figure drawn is
    // watched — a loaded host may draw late and skip one — until it reads "connecting…" once due.
    const seen: number[] = [];
    const countdown = new RegExp(`box2: reconnecting in (\\d+)s: ${error.replace(/[.]/g, '\\.')}`);
    await until(
      () => {
        const f = h?.frame() ?? '';
        const n = countdown.exec(f)?.[1];
        if (n !== undefined && Number(n) !== seen.at(-1)) seen.push(Number(n));
        return f.includes(`box2: connecting… (last attempt: ${error})`);
      },
      'counted down, then connecting',
      10_000,
    );
    expect(seen[0]).toBeLessThanOrEqual(4);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.slice(1).every((n, i) => n < seen[i]!)).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(at - 1000);
  });

  it('remote with several servers: the empty panel names the one that is not connected', async () => {
    h = mount({ withAgents: false, remote: 'box1, box2' });
    const error = 'connect ECONNREFUSED 10.0.0.2:8765';
    h.source.setConnection({
      status: 'reconnecting',
      inMs: 3000,
      at: Date.now() + 3000,
      attempt: 2,
      error,
      host: 'box2',
    });
    const frame = await frameWith('Not connected to box2.');
    expect(frame).toContain(`(${error})`);
    h.source.setConnection({ status: 'closed', error: 'HTTP 401' });
    await frameWith('Not connected to the server.');
  });

  it('says what to do with no tmux server and with no agents', async () => {
    h = mount({ withAgents: false });
    await frameWith('No tmux server is running');
    expect(h.frame()).toContain('tmux -L fake new-session');
    // as the embedded source reports it: down, retrying — still says how to start one
    h.source.setConnection({
      status: 'reconnecting',
      inMs: 1000,
      at: Date.now() + 1000,
      attempt: 1,
      error: 'no server running',
    });
    await frameWith('Retrying in 1s');
    expect(h.frame()).toContain('tmux -L fake new-session');
    h.source.emit({ type: 'server.up', time: Date.now() });
    h.source.setConnection({ status: 'connected' });
    h.source.emit({ type: 'session.created', time: Date.now(), sessionId: '$1', session: 'a' });
    await frameWith('No agents in 1 session');
    expect(h.frame()).toContain('Agents are recognised');
  });

  it('? shows every binding of the key table; Esc closes it', async () => {
    h = mount();
    await frameWith('codex');
    h.press('?');
    const frame = await frameWith('Keys (Esc or ? closes)');
    for (const text of ['j, ↓', 'Shift-Tab', 'Ctrl-J', 'command palette', 'compose a message', ':sort']) {
      expect(frame).toContain(text);
    }
    h.press('\x1b');
    await until(() => !h?.frame().includes('Keys (Esc'), 'help closed');
  });

  it('/ filters the agents as you type; Esc clears', async () => {
    h = mount();
    await frameWith('codex');
    h.press('/');
    await frameWith('filter agents /');
    h.press('gem');
    await until(() => h?.frame().includes('gemini') && !h.frame().includes('codex'), 'filtered');
    h.press('\x1b');
    await frameWith('codex', 'filter cleared');
  });

  it('j/k, digits and s move the selection; Tab moves focus', async () => {
    h = mount();
    await frameWith('Pane %1');
    h.press('j');
    await frameWith('Pane %2');
    h.press('4');
    await frameWith('Pane %4');
    h.press('k');
    await frameWith('Pane %3');
    h.press('s');
    await frameWith(/waiting first/);
    h.press('1');
    await frameWith('Pane %2', 'waiting agent is first when sorted');
    h.press('\t');
    await until(() => h?.store.getState().panel === 'pane', 'focus moved');
  });

  it('Enter calls the injected attach with the selected pane', async () => {
    h = mount();
    await frameWith('Pane %1');
    h.press('\r');
    await until(() => h?.attached.includes('%1'), 'attach called');
  });

  it('never draws a frame taller or wider than the terminal (80×24, long lines, many agents)', async () => {
    h = mount({ columns: 80, rows: 24 });
    h.source.screens['%1'] = `${'x'.repeat(300)}\n`.repeat(100);
    const { snapshot, agents } = sampleSnapshot();
    const first = snapshot.sessions[0];
    if (!first) throw new Error('sample');
    for (let i = 0; i < 40; i += 1) {
      const paneId = `%${100 + i}`;
      snapshot.sessions.push({
        ...first,
        id: `$s${i}`,
        name: `session-with-a-very-long-name-${i}`.repeat(3),
        windows: [
          {
            ...first.windows[0],
            id: `@w${i}`,
            panes: [{ ...first.windows[0]!.panes[0]!, id: paneId }],
          } as never,
        ],
      });
      agents[paneId] = { kind: 'claude', state: 'waiting', reason: 'permission', since: Date.now() };
    }
    h.source.emit({ type: 'snapshot', time: Date.now(), snapshot, agents });
    h.source.emit({ type: 'pane.output', time: Date.now(), paneId: '%1', text: 'x' });
    await frameWith('xxxx');
    const lines = h.frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('--ascii draws no Unicode glyphs or box lines; colour on keeps the screen colours', async () => {
    h = mount({ ascii: true, color: true });
    const frame = await frameWith('green line');
    expect(frame).toMatch(/! waiting\s+codex/);
    expect(frame).not.toMatch(/[▲●○✖│▸]/);
    expect(frame).toContain('\x1b[32mgreen line');
  });
});
