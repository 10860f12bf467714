import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderKeyTable } from '../../src/keymap/table.js';

/** The README key list is generated from the key table: `node -e` or the lead pastes renderKeyTable(). */
const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const section = /<!-- keys:begin -->\n([\s\S]*?)\n<!-- keys:end -->/.exec(readme)?.[1];

describe('README key list', () => {
  it.skipIf(section === undefined)('matches the key table (regenerate with renderKeyTable())', () => {
    expect(section?.trim()).toBe(renderKeyTable().trim());
  });
});
