/**
 * What may be sent to a pane. Pure.
 *
 * Allowed: any Unicode text except control characters — newline (LF) and tab are the only ones let
 * through. Refused (not stripped: the sender learns exactly what and where): C0 controls U+0000–U+001F
 * other than tab/LF (so CR, ESC, BEL, NUL…), DEL U+007F, C1 controls U+0080–U+009F (a terminal may read
 * U+009B as CSI), and lone UTF-16 surrogates (they cannot be encoded byte-exact). Also refused: the empty
 * message and messages over `maxBytes` UTF-8 bytes (default 64 KiB, config `send.maxBytes`).
 */

export const DEFAULT_MAX_BYTES = 64 * 1024;

export type InvalidReason = 'EMPTY' | 'TOO_LARGE' | 'CONTROL_CHAR' | 'LONE_SURROGATE';

export type Validation =
  | { ok: true; bytes: number }
  | { ok: false; bytes: number; reason: InvalidReason; message: string };

const C0_NAMES = [
  'NUL',
  'SOH',
  'STX',
  'ETX',
  'EOT',
  'ENQ',
  'ACK',
  'BEL',
  'BS',
  'HT',
  'LF',
  'VT',
  'FF',
  'CR',
  'SO',
  'SI',
  'DLE',
  'DC1',
  'DC2',
  'DC3',
  'DC4',
  'NAK',
  'SYN',
  'ETB',
  'CAN',
  'EM',
  'SUB',
  'ESC',
  'FS',
  'GS',
  'RS',
  'US',
];

const hex = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Human name of a refused code point, e.g. `U+001B (ESC)`. */
export function describeCodePoint(cp: number): string {
  if (cp < 0x20) return `${hex(cp)} (${C0_NAMES[cp] ?? 'control'})`;
  if (cp === 0x7f) return `${hex(cp)} (DEL)`;
  if (cp >= 0x80 && cp <= 0x9f) return `${hex(cp)} (C1 control)`;
  return hex(cp);
}

/** True for every code point that validateMessage refuses. */
export function isRefusedCodePoint(cp: number): boolean {
  if (cp === 0x09 || cp === 0x0a) return false;
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff);
}

export function validateMessage(text: string, maxBytes: number = DEFAULT_MAX_BYTES): Validation {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (text.length === 0)
    return { ok: false, bytes, reason: 'EMPTY', message: 'empty message: nothing to send' };
  let position = 0;
  let line = 1;
  let column = 0;
  for (const ch of text) {
    position++;
    column++;
    const cp = ch.codePointAt(0) ?? 0;
    if (isRefusedCodePoint(cp)) {
      const where = `position ${position} (line ${line}, column ${column})`;
      if (cp >= 0xd800 && cp <= 0xdfff)
        return {
          ok: false,
          bytes,
          reason: 'LONE_SURROGATE',
          message: `invalid text: lone surrogate ${hex(cp)} at ${where}`,
        };
      const hint = cp === 0x0d ? ' (use LF line endings)' : '';
      return {
        ok: false,
        bytes,
        reason: 'CONTROL_CHAR',
        message: `control character ${describeCodePoint(cp)} at ${where}${hint}; only newline and tab are allowed`,
      };
    }
    if (cp === 0x0a) {
      line++;
      column = 0;
    }
  }
  if (bytes > maxBytes)
    return {
      ok: false,
      bytes,
      reason: 'TOO_LARGE',
      message: `message too large: ${bytes} bytes, the limit is ${maxBytes} bytes (config send.maxBytes)`,
    };
  return { ok: true, bytes };
}
