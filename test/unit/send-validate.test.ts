import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCodePoint, isRefusedCodePoint, validateMessage } from '../../src/send/send-validate.js';

const allowedChar = fc
  .oneof(
    fc.constantFrom('\n', '\t', ' ', ';', '#', '(', ')', '$', '\\', '"', "'", '-', '~', 'é', '中', '😀'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  )
  .filter((s) => [...s].every((c) => !isRefusedCodePoint(c.codePointAt(0) ?? 0)));
const allowedText = fc.array(allowedChar, { minLength: 1, maxLength: 40 }).map((a) => a.join(''));
const refusedCp = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 9 && c !== 10),
  fc.integer({ min: 0x7f, max: 0x9f }),
);

describe('validateMessage', () => {
  it('accepts every text made of allowed characters, and counts UTF-8 bytes', () => {
    fc.assert(
      fc.property(allowedText, (text) => {
        const v = validateMessage(text);
        expect(v).toEqual({ ok: true, bytes: Buffer.byteLength(text) });
      }),
    );
  });

  it('refuses any text holding a control character other than LF and tab, naming it and its position', () => {
    fc.assert(
      fc.property(allowedText, refusedCp, allowedText, (a, cp, b) => {
        const v = validateMessage(a + String.fromCodePoint(cp) + b);
        expect(v.ok).toBe(false);
        if (v.ok) return;
        expect(v.reason).toBe('CONTROL_CHAR');
        expect(v.message).toContain(describeCodePoint(cp));
        expect(v.message).toContain(`position ${[...a].length + 1}`);
      }),
    );
  });

  it('accepts exactly: non-empty, no refused code point, within the limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.integer({ min: 0, max: 100 }),
        (s, max) => {
          const bytes = Buffer.byteLength(s);
          const expected =
            s.length > 0 && bytes <= max && ![...s].some((c) => isRefusedCodePoint(c.codePointAt(0) ?? 0));
          expect(validateMessage(s, max).ok).toBe(expected);
        },
      ),
    );
  });

  it('explains the classic cases', () => {
    expect(validateMessage('')).toMatchObject({ ok: false, reason: 'EMPTY' });
    expect(validateMessage('a\r\nb')).toMatchObject({ ok: false, reason: 'CONTROL_CHAR' });
    const cr = validateMessage('ab\ncd\re');
    expect(!cr.ok && cr.message).toBe(
      'control character U+000D (CR) at position 6 (line 2, column 3) (use LF line endings); only newline and tab are allowed',
    );
    expect(validateMessage('x\u001b[31m')).toMatchObject({ ok: false, reason: 'CONTROL_CHAR' });
    expect(validateMessage('\u009b2J')).toMatchObject({ ok: false, reason: 'CONTROL_CHAR' });
    expect(validateMessage('\ud800x')).toMatchObject({ ok: false, reason: 'LONE_SURROGATE' });
    expect(validateMessage('C-c')).toEqual({ ok: true, bytes: 3 });
    expect(validateMessage('😀')).toEqual({ ok: true, bytes: 4 });
  });

  it('limits the size in UTF-8 bytes with a clear error', () => {
    expect(validateMessage('a'.repeat(65536)).ok).toBe(true);
    const big = validateMessage('a'.repeat(65537));
    expect(big).toMatchObject({ ok: false, reason: 'TOO_LARGE', bytes: 65537 });
    expect(!big.ok && big.message).toContain('limit is 65536 bytes');
    expect(validateMessage('é'.repeat(6), 11)).toMatchObject({ ok: false, reason: 'TOO_LARGE' });
  });
});

describe('shellWord', () => {
  it('quotes a target only when a shell would change it', async () => {
    const { shellWord } = await import('../../src/send/send.js');
    expect(shellWord('work:0.1')).toBe('work:0.1');
    expect(shellWord('%12')).toBe('%12');
    expect(shellWord('$1')).toBe("'$1'");
    expect(shellWord(`we|ird_ "name" it's`)).toBe(`'we|ird_ "name" it'\\''s'`);
  });
});
