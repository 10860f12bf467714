import { describe, expect, it } from 'vitest';
import { ControlParser } from '../../src/control/parser.js';

describe('control-mode parser: output no one wants', () => {
  it('is neither unescaped nor decoded: only its pane is told to the activity handler', () => {
    const texts: [string, string][] = [];
    const active: string[] = [];
    const parser = new ControlParser({
      output: (pane, text) => texts.push([pane, text]),
      wants: (pane) => pane === '%1',
      activity: (pane) => active.push(pane),
    });
    parser.feed(Buffer.from('%output %1 caf\\303\\251\\015\\012\n%output %2 skipped\\015\\012\n'));
    parser.feed(Buffer.from('%extended-output %2 12 : also skipped\n%output %1 ok\n'));
    expect(texts).toEqual([
      ['%1', 'café\r\n'],
      ['%1', 'ok'],
    ]);
    expect(active).toEqual(['%2', '%2']);
  });

  it('without a wants handler, every pane is decoded as before', () => {
    const texts: string[] = [];
    const parser = new ControlParser({ output: (_pane, text) => texts.push(text) });
    parser.feed(Buffer.from('%output %2 x\\015\\012\n'));
    expect(texts).toEqual(['x\r\n']);
  });
});
