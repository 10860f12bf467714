import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyScreen } from '../../src/agents/classify.js';
import { BUILTIN_TABLES } from '../../src/agents/rules/index.js';
import { AGENT_STATES } from '../../src/model/types.js';
import { splitCaptured } from '../../src/tmux/capture.js';

const marker = 'tmo-capture-00112233aabbccdd';

describe('properties', () => {
  it('splitCaptured gives back every pane exactly, for any content', () => {
    const content = fc
      .array(fc.string({ unit: 'grapheme', maxLength: 30 }), { maxLength: 8 })
      .map((lines) => lines.map((l) => `${l}\n`).join(''));
    fc.assert(
      fc.property(fc.array(content, { minLength: 1, maxLength: 6 }), (contents) => {
        const ids = contents.map((_, i) => `%${i * 7}`);
        const out = contents.map((c, i) => `${marker} ${ids[i]}\n${c}`).join('');
        const got = splitCaptured(out, marker, ids);
        expect([...got.keys()]).toEqual(ids);
        for (const [i, c] of contents.entries()) expect(got.get(ids[i]!)).toBe(c);
      }),
    );
  });

  it('classifyScreen never throws and always names a rule', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.string({ maxLength: 40 }), (screen, title) => {
        for (const table of BUILTIN_TABLES) {
          const c = classifyScreen(table, screen, title);
          expect(AGENT_STATES).toContain(c.state);
          expect(c.rule.startsWith(`${table.kind}.`)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
