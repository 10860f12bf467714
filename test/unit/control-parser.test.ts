import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ControlParser, unescapeOctal } from '../../src/control/parser.js';
import { commandLine, quoteArg, splitCommands } from '../../src/control/quote.js';

const transcript = readFileSync(new URL('../fixtures/control/transcript.bin', import.meta.url));

type Item = { t: 'reply'; ok: boolean; lines: string[] } | { t: 'note'; name: string; rest: string };

/** Parse chunks; output is joined per pane (a split may cut a message's text differently). */
function parse(chunks: Uint8Array[]) {
  const items: Item[] = [];
  const output = new Map<string, string>();
  const parser = new ControlParser({
    reply: (r) => items.push({ t: 'reply', ok: r.ok, lines: r.lines }),
    output: (pane, text) => output.set(pane, (output.get(pane) ?? '') + text),
    notification: (n) => items.push({ t: 'note', name: n.name, rest: n.rest }),
  });
  for (const chunk of chunks) parser.feed(chunk);
  return { items, output: Object.fromEntries(output), skipped: parser.skipped };
}

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(last, p));
    last = p;
  }
  chunks.push(bytes.subarray(last));
  return chunks;
}

describe('control-mode parser on a recorded transcript', () => {
  const whole = parse([transcript]);

  it('matches replies, decodes output and reports notifications', () => {
    const replies = whole.items.filter((i) => i.t === 'reply');
    // the attach block (flags 0) + 7 commands
    expect(replies).toHaveLength(8);
    expect(replies[1]).toEqual({ t: 'reply', ok: true, lines: ['$1 hidden', '$0 user'] });
    expect(replies.at(-1)).toMatchObject({ lines: ['@1 bash', '@0 sh', '@0 sh', '@2 renamed'] });
    const names = whole.items.filter((i) => i.t === 'note').map((i) => (i as { name: string }).name);
    expect(names).toEqual([
      'session-changed',
      'window-add',
      'window-renamed',
      'unlinked-window-add',
      'unlinked-window-renamed',
      'session-renamed',
      'unlinked-window-close',
      'exit',
    ]);
    const out = whole.output['%0'] ?? '';
    expect(out).toContain('héllo € 😀 back\\slash tab\tend\r\n');
    // a pane printing "%end …" is pane output, not a reply
    expect(out).toContain('%end 1 2 1\r\n');
    expect(whole.skipped).toBe(0);
  });

  it('gives the same result for any split into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        expect(parse(splitAt(transcript, cuts))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result fed one byte at a time', () => {
    const bytes = [...transcript].map((b) => Uint8Array.of(b));
    expect(parse(bytes)).toEqual(whole);
  });
});

describe('control-mode parser edge cases', () => {
  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 10 }), (chunks) => {
        parse(chunks);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random control-like lines', () => {
    const line = fc.oneof(
      fc.constantFrom(
        '%begin 1 2 1',
        '%end 1 2 1',
        '%error 1 2 1',
        '%output %1 ',
        '%extended-output %1 0 : ',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.string()), { maxLength: 20 }), (lines) => {
        parse([Buffer.from(lines.map(([a, b]) => `${a}${b}\n`).join(''))]);
      }),
    );
  });

  it('decodes a UTF-8 character split across two %output messages', () => {
    const { output } = parse([Buffer.from('%output %3 a\\342\\202\n%output %3 \\254b\n%output %4 x\n')]);
    expect(output).toEqual({ '%3': 'a€b', '%4': 'x' });
  });

  it('decodes raw high bytes and octal escapes', () => {
    const { output } = parse([
      Buffer.concat([Buffer.from('%output %1 '), Buffer.from('é\\134\\015\\012'), Buffer.from('\n')]),
    ]);
    expect(output['%1']).toBe('é\\\r\n');
  });

  it('keeps a block open across lines starting with % that are not its end', () => {
    const { items } = parse([Buffer.from('%begin 9 5 1\n%1 pane\n%end 9 6 1\n%end 9 5 1\n')]);
    expect(items).toEqual([{ t: 'reply', ok: true, lines: ['%1 pane', '%end 9 6 1'] }]);
  });

  it('reports %error blocks', () => {
    const { items } = parse([Buffer.from('%begin 1 1 1\nno such pane\n%error 1 1 1\n')]);
    expect(items).toEqual([{ t: 'reply', ok: false, lines: ['no such pane'] }]);
  });

  it('skips malformed and over-long lines, then carries on', () => {
    const items: string[] = [];
    const parser = new ControlParser({ notification: (n) => items.push(n.name) }, { maxLineBytes: 16 });
    parser.feed(Buffer.from('garbage\n%'));
    parser.feed(Buffer.from('x'.repeat(40)));
    parser.feed(Buffer.from('y\n%window-add @1\n%end 1 1 1\n%BAD\n'));
    expect(items).toEqual(['window-add']);
    expect(parser.skipped).toBe(4);
  });

  it('unescapes only well-formed octal', () => {
    expect(unescapeOctal(Buffer.from('\\1\\9x\\0')).toString()).toBe('\\1\\9x\\0');
    expect(unescapeOctal(Buffer.from('\\101\\102')).toString()).toBe('AB');
  });
});

describe('control-mode command quoting', () => {
  it('leaves plain tokens bare and quotes the rest', () => {
    expect(commandLine(['list-panes', '-t', '%1', '-F', '#{pane_id}'])).toBe(
      'list-panes -t %1 -F "#{pane_id}"',
    );
    expect(quoteArg('')).toBe('""');
    expect(quoteArg('$HOME')).toBe('"\\$HOME"');
    expect(quoteArg('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteArg('x\ny;')).toBe('"x\\012y;"');
  });

  it('never produces a newline or an empty line', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), (args) => {
        const line = commandLine(args);
        expect(line).not.toMatch(/[\n\r]/);
        expect(line.length).toBeGreaterThan(0);
      }),
    );
  });

  it('splits argvs on standalone ;', () => {
    expect(splitCommands(['a', '-x', ';', 'b', 'c\\;', ';'])).toEqual([
      ['a', '-x'],
      ['b', 'c;'],
    ]);
  });
});
