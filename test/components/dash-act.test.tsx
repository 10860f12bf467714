import { afterEach, describe, expect, it } from 'vitest';
import { until } from './fake-source.js';
import { frameOf, type Harness } from './harness.js';
import { mountTreeWorld } from './tree-world.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});
const frameWith = frameOf(() => h);

const world = mountTreeWorld;

describe('act on what waits', () => {
  it("a opens the dialog's own options; a digit answers through the safe path; the outcome shows", async () => {
    h = world();
    await frameWith('Pane %1');
    expect(h.frame()).toMatch(/a answer/); // the footer offers it on a waiting agent
    h.press('a');
    const menu = await frameWith('Answer work:0 (claude, permission) — Do you want to proceed?');
    expect(menu).toContain('> 1. Yes  (1)');
    expect(menu).toContain("2. Yes, and don't ask again for npm test  (2)");
    expect(menu).toContain('3. No, and tell Claude what to do differently  (Escape)');
    h.press('2');
    await frameWith('answered "Yes, and don\'t ask again for npm test": confirmed');
    expect(h.source.answers).toEqual([{ paneId: '%1', choice: '2' }]);
    expect(h.store.getState().mode).toBe('normal');
  });

  it('j/k and Enter pick; Esc cancels without pressing anything', async () => {
    h = world();
    await frameWith('Pane %1');
    h.press('a');
    await frameWith('> 1. Yes');
    h.press('\x1b');
    await frameWith('not answered');
    expect(h.source.answers).toEqual([]);
    h.press('a');
    await frameWith('> 1. Yes');
    h.press('j');
    h.press('j');
    await frameWith('> 3. No');
    h.press('\r');
    await until(() => h?.source.answers.length === 1, 'answered');
    expect(h.source.answers[0]).toEqual({ paneId: '%1', choice: '3' });
  });

  it('falls back to Yes/No when the options were not parsed; says so when not confirmed or refused', async () => {
    h = world();
    await frameWith('notes');
    h.store.getState().setCursor('%5');
    await frameWith('Pane %5');
    h.source.nextAnswer = (paneId) => ({
      status: 'unconfirmed',
      target: paneId,
      detail: 'pressed y, but nothing changed within 3000 ms',
      bytes: 0,
    });
    h.press('a');
    const menu = await frameWith("the dialog's own options were not read");
    expect(menu).toContain('> 1. Yes');
    expect(menu).toContain('2. No');
    h.press('1');
    await frameWith('answered "Yes": NOT confirmed');
    expect(h.source.answers).toEqual([{ paneId: '%5', choice: 'yes' }]);
  });

  it('a source that cannot answer says so; a pane that waits on nothing says so', async () => {
    h = world();
    h.source.canAnswer = false;
    h.store.getState().setAnswerer(undefined);
    await frameWith('Pane %1');
    h.press('a');
    await frameWith('answering is not supported over this connection');
    h.store.getState().setCursor('%6');
    await frameWith('Pane %6');
    h.press('a');
    await frameWith('ops:1 has no dialog open (aider is error)');
  });

  it('free text into a dialog is refused with a message that fits and names the key', async () => {
    h = world({ columns: 60 });
    await frameWith('Pane %1');
    h.source.nextOutcome = (target, text) => ({
      status: 'refused',
      target,
      detail: 'the claude agent is waiting on a permission dialog; use tmo answer, or --force',
      bytes: text.length,
    });
    h.press('m');
    await frameWith('Message to');
    h.press('hello');
    h.press('\r');
    const frame = await frameWith(/refused: .*Press a to answer/);
    const line = frame.split('\n').find((l) => /refused: .*Press a to answer/.test(l)) ?? '';
    expect(line.trimEnd().length).toBeLessThanOrEqual(60);
    expect(line).not.toContain('…');
    expect(h.store.getState().drafts['%1']).toBe('hello');
  });

  it('the composer closes after a delivered message and says so in the status line', async () => {
    h = world();
    await frameWith('notes');
    h.store.getState().setCursor('%2');
    h.press('m');
    await frameWith('Message to work:1');
    h.press('ls');
    h.press('\r');
    await frameWith('work:1: sent, confirmed');
    expect(h.store.getState().mode).toBe('normal');
    expect(h.store.getState().drafts['%2']).toBeUndefined();
  });
});

describe('confirmations and the palette', () => {
  function withStop(harness: Harness): string[] {
    const stopped: string[] = [];
    harness.store.getState().registerCommand({
      name: 'stop',
      summary: 'SESSION: kill it',
      run: (args) => {
        stopped.push(args[0] ?? '');
        return `stopped ${args[0]}`;
      },
    });
    return stopped;
  }

  it(':stop asks y/N naming what dies; any key but y cancels; y runs it', async () => {
    h = world();
    const stopped = withStop(h);
    await frameWith('notes');
    h.press(':stop ops\r');
    await frameWith('y/N  stop session ops? It kills 2 windows, 2 panes, 2 agents (1 waiting).');
    h.press('n');
    await frameWith('cancelled: nothing was changed');
    expect(stopped).toEqual([]);
    h.press(':stop ops\r');
    await frameWith('y/N  stop session ops?');
    h.press('y');
    await frameWith('stopped ops');
    expect(stopped).toEqual(['ops']);
  });

  it('Tab completes the command, then the session name', async () => {
    h = world();
    withStop(h);
    await frameWith('notes');
    h.press(':');
    await frameWith(':');
    h.press('st');
    h.press('\t');
    await until(() => h?.store.getState().input === 'stop ', 'command completed');
    h.press('n');
    h.press('\t');
    await until(() => h?.store.getState().input === 'stop notes ', 'session completed');
  });

  it('--ascii: no frame holds a non-ASCII character, whatever the mode', async () => {
    h = world({ ascii: true });
    withStop(h);
    h.source.screens['%1'] = '╭─ ✳ Claude Code ─╮\n│ ❯ 1. Yes │ 日本 …\n╰──────╯\n';
    const bad = (f: string) => [...f].filter((c) => c.charCodeAt(0) > 0x7e);
    // Esc and the next key in one read would be Alt-key: let the mode change land first.
    const leave = async () => {
      h?.press('\x1b');
      await until(() => h?.store.getState().mode === 'normal', 'back to normal');
    };
    const frames: string[] = [];
    frames.push(await frameWith('Claude Code'));
    h.press('?');
    frames.push(await frameWith('Keys (Esc'));
    await leave();
    h.press('a');
    frames.push(await frameWith('Answer work:0'));
    await leave();
    h.press('m');
    frames.push(await frameWith('Message to'));
    await leave();
    h.press(':stop ops\r');
    frames.push(await frameWith('y/N'));
    h.press('n');
    h.source.setConnection({ status: 'reconnecting', inMs: 3000, at: Date.now() + 3000, attempt: 1 });
    frames.push(await frameWith('STALE'));
    h.store.getState().setCursor('$1');
    h.store.getState().collapse();
    frames.push(await frameWith('> work'));
    for (const f of frames) expect(bad(f), f).toEqual([]);
  });
});
