import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PANE_LINE_SPEC, parseRecords, quoteShell, SEP, unescapeOutput } from '../../src/tmux/formats.js';
import { parseSnapshot } from '../../src/tmux/snapshot.js';
import { tmuxOutput } from '../helpers/tmux-output.js';

/**
 * What tmux 3.4 and later do to `-F` / `display -p` output before printing it (server_client_print:
 * utf8_stravisx with VIS_OCTAL | VIS_CSTYLE | VIS_NOSLASH): characters that are not printable ASCII,
 * space, tab or newline become `\ooo` or a C-style escape; UTF-8 and backslashes stay as they are.
 */
function tmux35(printed: string): string {
  const cStyle: Record<string, string> = {
    '\r': '\\r',
    '\b': '\\b',
    '\x07': '\\a',
    '\v': '\\v',
    '\f': '\\f',
  };
  let out = '';
  for (const c of printed) {
    const code = c.codePointAt(0)!;
    if (code >= 0x80 || (code >= 0x20 && code < 0x7f) || c === '\t' || c === '\n') out += c;
    else out += cStyle[c] ?? `\\${code.toString(8).padStart(3, '0')}`;
  }
  return out;
}

const listing = (session: string, window: string, title: string, command: string): string =>
  tmuxOutput(
    [{ session_name: session, window_name: window, pane_title: title, pane_current_command: command }],
    [],
    PANE_LINE_SPEC,
  );

// Every character that tmux 3.4+ escapes, that `#{q:}` escapes, and backslashes with what an escape looks like.
const hostile = fc
  .array(
    fc.constantFrom(
      'a',
      '0',
      '3',
      '7',
      'r',
      ' ',
      '\\',
      SEP,
      '\x1b',
      '\r',
      '\x7f',
      '\x07',
      '\t',
      '$',
      '"',
      "'",
      '#',
      'é',
      '🚀',
    ),
    { maxLength: 10 },
  )
  .map((a) => a.join(''));

describe('tmux 3.4+ escaped output', () => {
  it('reads names exactly whether tmux escapes its output (3.4+) or not (3.3)', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (session, window, title, rawCommand) => {
        const command = rawCommand.replace(/\n/g, ''); // a line field holds no newline (formats.ts)
        const printed = listing(session, window, title, command);
        const as33 = parseSnapshot(printed);
        const as35 = parseSnapshot(tmux35(printed));
        expect(as35).toEqual(as33);
        const s = as33.sessions[0]!;
        expect(s.name).toBe(session);
        expect(s.windows[0]!.name).toBe(window);
        expect(s.windows[0]!.panes[0]!.title).toBe(title);
        expect(s.windows[0]!.panes[0]!.command).toBe(command);
      }),
      { numRuns: 500 },
    );
  });

  it('undoes exactly what `#{q:}` and vis(3) did, and leaves other text alone', () => {
    expect(unescapeOutput(tmux35(quoteShell('a\\037b\x1fc $x\r')))).toBe('a\\037b\x1fc $x\r');
    expect(unescapeOutput('plain text, no backslash')).toBe('plain text, no backslash');
    expect(parseRecords(tmux35(listing('\\', '\\\\', '\\r', '\\\x1f')))[0]).toMatchObject({
      tag: 'S',
      row: { session_name: '\\' },
    });
  });
});
