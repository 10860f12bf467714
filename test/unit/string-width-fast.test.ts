import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script (plain JS, no types)
import { qualifies, simpleClass, standInSource } from '../../bin/string-width-fast.js';

type Width = (text: string, options?: object) => number;
let dir: string;
let standIn: Width;
let fastPaths = 0;

beforeAll(async () => {
  // The stand-in exactly as bundled, in a file of its own; the package's own function counted when used.
  dir = mkdtempSync(join(tmpdir(), 'tmo-sw-'));
  const file = join(dir, 'stand-in.mjs');
  const source = (standInSource as (s: string, f: object) => string)(simpleClass(), {
    stripAnsi: import.meta.resolve('strip-ansi'),
    stringWidth: 'counted',
  });
  writeFileSync(file, `const require = () => globalThis.__countedWidth;\n${source}`);
  (globalThis as Record<string, unknown>)['__countedWidth'] = {
    default: (t: string, o?: object) => {
      fastPaths--;
      return stringWidth(t, o);
    },
  };
  standIn = (await import(file)).default as Width;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UI_LINES = [
  '',
  'plain ascii line 123 ~!@#$%^&*()',
  ' ▾ bench-0                                            │claude idle',
  '>1  0:claude ○ idle    claude 3m                      │>',
  '\u001b[1m\u001b[36m▲ 2 waiting\u001b[39m\u001b[22m  ● 0 working  ○ 50 idle',
  'j/k move h/l fold ? help Enter attach — q quit … → ← ↑ ↓ ≤ · ×',
  '╭───────╮ ┃ ━ ═ ╔╗╚╝ ■ ▶ ► ◉ ◌ ◯ ✕ ✖ ❯ ➜ ⏺ ⎿ ✳ ✻ ⠋⠙⠹',
  'naïve café Ωμέγα Привет',
];
const HARD = [
  '日本語のテキスト',
  'emoji 🚀 and ✅ and ❤️ and 👍🏽 and 👨‍👩‍👧',
  'combining e\u0301 and a\u0308 and \u200b zero width',
  'tab\tand\u0007bell',
  'keycap 1\ufe0f\u20e3 and ☺\ufe0f',
  '한글 \u1100\u1161 jamo',
  '\u25fd\u25fe wide squares ⌚ ⏩',
  '\u00ad soft hyphen',
];

describe('the string-width stand-in Ink is bundled with', () => {
  it('answers every line as the package does, plain or not', () => {
    for (const line of [...UI_LINES, ...HARD])
      expect([line, standIn(line)]).toEqual([line, stringWidth(line)]);
  });

  it('answers plain UI lines itself, without the package', () => {
    fastPaths = 0;
    for (const line of UI_LINES) standIn(line);
    expect(fastPaths).toBe(0);
    for (const line of HARD) standIn(line);
    expect(fastPaths).toBe(-HARD.length);
  });

  it('leaves options it does not follow to the package', () => {
    fastPaths = 0;
    expect(standIn('│ ─ →', { ambiguousIsNarrow: false })).toBe(
      stringWidth('│ ─ →', { ambiguousIsNarrow: false }),
    );
    expect(fastPaths).toBe(-1);
  });

  it('takes only characters that are one column and never join a neighbour', () => {
    const simple = new RegExp(`^[${simpleClass()}]$`, 'u');
    for (let cp = 0xa0; cp <= 0x2bff; cp++) {
      const c = String.fromCodePoint(cp);
      if (simple.test(c)) expect([cp, qualifies(c), stringWidth(`x${c}${c}y`)]).toEqual([cp, true, 4]);
    }
    for (const c of ['\u00ad', '\u0301', '\u200b', '\u200d', '\ufe0f', '\u25fd', '\u231a', '\u1100'])
      expect([c, simple.test(c)]).toEqual([c, false]);
  });
});
