import { afterEach, describe, expect, it } from 'vitest';
import { until } from './fake-source.js';
import { type Harness, mount } from './harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});
const frameWith = (text: string) => until(() => (h?.frame().includes(text) ? h.frame() : ''), text);

describe('compose and send', () => {
  it('m opens the composer; Ctrl-J adds a line; Enter sends and shows "confirmed"', async () => {
    h = mount();
    await frameWith('Pane %1');
    h.press('m');
    await frameWith('Message to api:0');
    h.press('hello');
    h.press('\n');
    h.press('world');
    await frameWith('world');
    h.press('\r');
    await frameWith('sent, confirmed: the agent echoed the text');
    expect(h.source.sent).toEqual([{ target: '%1', text: 'hello\nworld' }]);
    expect(h.store.getState().drafts['%1']).toBeUndefined();
  });

  it('a refused message stays in the composer with the reason', async () => {
    h = mount();
    await frameWith('Pane %1');
    h.source.nextOutcome = (target, text) => ({
      status: 'refused',
      target,
      detail: 'the agent is waiting on a permission dialog',
      bytes: text.length,
    });
    h.press('i');
    await frameWith('Message to');
    h.press('rm -rf');
    await frameWith('rm -rf');
    h.press('\r');
    await frameWith('refused: the agent is waiting on a permission dialog');
    expect(h.store.getState().drafts['%1']).toBe('rm -rf');
  });

  it('keeps a draft per agent when leaving the composer or changing agent', async () => {
    h = mount();
    await frameWith('Pane %1');
    h.press('m');
    await frameWith('Message to');
    h.press('draft one');
    await frameWith('draft one');
    h.press('\x1b');
    await until(() => h?.store.getState().mode === 'normal', 'composer left');
    h.press('j');
    await frameWith('Pane %2');
    h.press('m');
    await frameWith('Message to api:1');
    expect(h.frame()).not.toContain('draft one');
    h.press('\x1b');
    await until(() => h?.store.getState().mode === 'normal', 'composer left');
    h.press('k');
    await frameWith('Pane %1');
    h.press('m');
    await frameWith('draft one');
  });

  it('Ctrl-C in the composer clears the text first, and does not quit', async () => {
    h = mount();
    await frameWith('Pane %1');
    h.press('m');
    await frameWith('Message to');
    h.press('oops');
    await frameWith('oops');
    h.press('\x03');
    await until(() => h?.store.getState().drafts['%1'] === undefined, 'draft cleared');
    expect(h.store.getState().mode).toBe('compose');
    h.press('\x03');
    await until(() => h?.store.getState().mode === 'normal', 'composer closed');
  });

  it(': runs a palette command', async () => {
    h = mount();
    await frameWith('Pane %1');
    h.press(':');
    await frameWith(':');
    h.press('sort');
    await frameWith(':sort');
    h.press('\r');
    await frameWith('waiting agents first');
    expect(h.store.getState().sortWaiting).toBe(true);
  });

  it('a palette line and its Enter arriving in one chunk run like typed keys', async () => {
    h = mount();
    await frameWith('Pane %1');
    h.press(':sort\r'); // e.g. `tmux send-keys ':' 'sort' Enter` with no pause between them
    await frameWith('waiting agents first');
    expect(h.store.getState()).toMatchObject({ sortWaiting: true, mode: 'normal', input: '' });
    h.press(':');
    await frameWith(':');
    h.press('filter api\r'); // the text and Enter together, once the palette is open
    await until(() => h?.store.getState().filters.agents === 'api', 'the filter applied');
    expect(h.store.getState().mode).toBe('normal');
    h.press(':filter\r:sort\r'); // two lines in one burst: both run
    await until(() => h?.store.getState().sortWaiting === false, 'the second command run');
    expect(h.store.getState().filters.agents).toBe('');
  });

  it('the quit key read at once with what was typed after it (a busy start-up) still quits', async () => {
    let quits = 0;
    h = mount({ onQuit: () => quits++ });
    await frameWith('Pane %1');
    h.press('\x1bP>|tmux 3.3a\x1b\\'); // a terminal's answer: not keys, nothing happens
    h.press('qecho typed-after-q\r');
    await until(() => quits === 1, 'the quit');
    expect(h.store.getState().mode).toBe('normal');
  });

  it('in the composer a chunk with Enter stays text (a paste is not sent line by line)', async () => {
    h = mount();
    await frameWith('Pane %1');
    h.press('m');
    await frameWith('Message to');
    h.press('hello\rworld');
    await until(() => h?.store.getState().drafts['%1'] === 'hello\nworld', 'the draft');
    expect(h.source.sent).toEqual([]);
    expect(h.store.getState().mode).toBe('compose');
  });

  it('a chunk in normal mode that is not typed keys (a terminal answer) does nothing', async () => {
    h = mount();
    await frameWith('Pane %1');
    h.press('>|tmux 3.3a');
    await new Promise((r) => setTimeout(r, 50));
    expect(h.store.getState()).toMatchObject({ mode: 'normal', sortWaiting: false });
  });
});
