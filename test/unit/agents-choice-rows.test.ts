/**
 * Choice dialogs that draw their options side by side on one row (OpenCode's permission dialog, recorded
 * in test/fixtures/real/opencode/1.18.33/permission-bash): parsed into options picked sideways.
 */
import { describe, expect, it } from 'vitest';
import { findChoice } from '../../src/agents/choice.js';
import { classifyScreen } from '../../src/agents/classify.js';
import { BUILTIN_TABLES } from '../../src/agents/rules/index.js';

const opencode = BUILTIN_TABLES.find((t) => t.kind === 'opencode')!;
const summary = (lines: string[]) =>
  findChoice(lines)?.options.map((o) => `${o.label}=${o.keys.join('+')}:${o.meaning}`);
const THREE = [
  'Allow once=Enter:allow',
  'Allow always=Right+Enter:allow-always',
  'Reject=Right+Right+Enter:deny',
];

describe('options on one row', () => {
  it.each([
    [
      'the footer on the same row',
      [' Allow once   Allow always   Reject                 ctrl+f fullscreen  ⇆ select  enter confirm'],
    ],
    ['narrow: the footer wrapped below', [' Allow once   Allow always   Reject', ' ⇆ select  enter confirm']],
    ['arrows for the hint', ['  Allow once    Allow always    Reject    ←/→ select · enter confirm']],
    [
      'left/right in words, a blank line between',
      ['  Allow once  Allow always  Reject', '', '  left/right to choose'],
    ],
  ])('%s', (_name, row) => {
    expect(summary(['△ Permission required', '  $ rm -rf build', '', ...row])).toEqual(THREE);
  });

  it('a cursor glyph on another option: moves go from it, either way', () => {
    const d = findChoice([
      'Apply this edit to src/a.ts?',
      '  Yes   › Always   No      ⇆ select  enter confirm',
    ]);
    expect(d?.question).toBe('Apply this edit to src/a.ts?');
    expect(d?.options.map((o) => [o.label, o.keys.join('+'), o.selected === true])).toEqual([
      ['Yes', 'Left+Enter', false],
      ['Always', 'Enter', true],
      ['No', 'Right+Enter', false],
    ]);
  });

  it('words side by side without a sideways hint are no dialog; numbered menus stay numbered', () => {
    expect(findChoice(['| Option | Notes |', '  Yes   No   Maybe', '  Run   Skip'])).toBeNull();
    const d = findChoice([
      'Allow Codex to run `npm test`?',
      '› 1. Allow   Run the tool and continue.',
      '  2. Deny    Do not run the tool.',
      'Press enter to confirm or esc to cancel',
    ]);
    expect(d).toMatchObject({ form: 'numbered' });
    expect(d?.options.map((o) => o.label)).toEqual(['Allow', 'Deny']);
  });

  it('a boxed OpenCode edit permission at 80 columns: waiting, permission, the three options', () => {
    const bar = (text = '') => `  ┃  ${text}`;
    const screen = [
      bar('edit the parser'),
      '     I will edit the file.',
      '     ▣  Build · GPT Lab',
      bar(),
      bar('△ Permission required'),
      bar('  # Edit src/parser.ts'),
      bar(),
      bar('- const a = 1;'),
      bar('+ const a = 2;'),
      bar(),
      bar(' Allow once   Allow always   Reject     ⇆ select  enter confirm'),
      bar(),
    ].join('\n');
    const c = classifyScreen(opencode, screen, 'OC | edit the parser');
    expect(c).toMatchObject({ state: 'waiting', reason: 'permission' });
    expect(c.options?.map((o) => `${o.label}=${o.keys.join('+')}:${o.meaning}`)).toEqual(THREE);
  });
});
