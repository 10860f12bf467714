import { describe, expect, it } from 'vitest';
import { keyName } from '../../src/keymap/key-name.js';
import {
  ACTIONS,
  actionFor,
  DEFAULT_BINDINGS,
  defaultKeymap,
  footerHints,
  normaliseSpec,
  renderKeyTable,
  resolveKeymap,
} from '../../src/keymap/table.js';

describe('key table', () => {
  const km = defaultKeymap();

  it('dispatches by mode: the same key means different things in normal and compose mode', () => {
    expect(actionFor(km, 'normal', 'j')).toBe('down');
    expect(actionFor(km, 'normal', 'down')).toBe('down');
    expect(actionFor(km, 'normal', '7')).toBe('jump');
    expect(actionFor(km, 'normal', '0')).toBeUndefined();
    expect(actionFor(km, 'normal', 'enter')).toBe('attach');
    expect(actionFor(km, 'compose', 'enter')).toBe('send');
    expect(actionFor(km, 'compose', 'j')).toBeUndefined();
    expect(actionFor(km, 'compose', 'q')).toBeUndefined();
    expect(actionFor(km, 'normal', 'ctrl+c')).toBe('quit');
    expect(actionFor(km, 'compose', 'ctrl+c')).toBe('clear');
    expect(actionFor(km, 'compose', 'ctrl+j')).toBe('newline');
    expect(actionFor(km, 'compose', 'alt+enter')).toBe('newline');
    expect(actionFor(km, 'filter', 'escape')).toBe('back');
  });

  it('names Ink keypresses as the table spells them', () => {
    expect(keyName('j', {})).toBe('j');
    expect(keyName('', { downArrow: true })).toBe('down');
    expect(keyName('', { tab: true, shift: true })).toBe('shift+tab');
    expect(keyName('\r', { return: true })).toBe('enter');
    expect(keyName('\r', { return: true, meta: true })).toBe('alt+enter');
    expect(keyName('\n', {})).toBe('ctrl+j');
    expect(keyName('c', { ctrl: true })).toBe('ctrl+c');
    expect(keyName('', { escape: true })).toBe('escape');
  });

  it('applies config overrides by action name and reports unknown actions', () => {
    const { keymap, errors } = resolveKeymap({ down: ['n', 'Down'], quit: 'C-q', bogus: 'x' });
    expect(actionFor(keymap, 'normal', 'n')).toBe('down');
    expect(actionFor(keymap, 'normal', 'j')).toBeUndefined();
    expect(actionFor(keymap, 'normal', 'ctrl+q')).toBe('quit');
    expect(actionFor(keymap, 'normal', 'q')).toBeUndefined();
    expect(errors).toEqual([expect.stringContaining('keys.bogus: unknown action')]);
  });

  it('normalises key spellings', () => {
    expect(normaliseSpec('Ctrl-C')).toBe('ctrl+c');
    expect(normaliseSpec('C-j')).toBe('ctrl+j');
    expect(normaliseSpec('Esc')).toBe('escape');
    expect(normaliseSpec('S-Tab')).toBe('shift+tab');
    expect(normaliseSpec('Q')).toBe('Q');
  });

  it('has 4–7 footer hints in normal mode, and lists every action in the README table', () => {
    const hints = footerHints(km, 'normal');
    expect(hints.length).toBeGreaterThanOrEqual(4);
    expect(hints.length).toBeLessThanOrEqual(7);
    const table = renderKeyTable(km);
    for (const b of DEFAULT_BINDINGS) expect(table).toContain(b.description);
    expect(new Set(DEFAULT_BINDINGS.map((b) => b.action))).toEqual(new Set(ACTIONS));
  });
});
