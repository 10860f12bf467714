// Ink measures every line it draws with the `string-width` package, whose module builds a Unicode
// property regex (\p{RGI_Emoji}, v flag) and an Intl.Segmenter when it loads: ≈ 25 ms of the dashboard's
// start, before its first frame, for lines that are almost all plain text. bin/bundle.js gives Ink this
// stand-in instead: a line made only of characters that are one column each on their own and never join
// a neighbour into one grapheme (printable ASCII and the symbols, box drawing and punctuation a terminal UI
// uses) is as wide as it is long; any other line goes to the package itself, loaded on first need.
// Which characters qualify is asked of the installed package when the bundle is built, so the stand-in
// answers exactly what the package would (test/unit/string-width-fast.test.ts compares them).
import stringWidth from 'string-width';

/** The blocks searched for characters that qualify (printable ASCII always does). */
const BLOCKS = [
  [0x00a0, 0x02ff], // Latin-1, Latin Extended, IPA, spacing modifiers
  [0x0370, 0x04ff], // Greek, Cyrillic
  [0x2010, 0x205e], // general punctuation
  [0x20a0, 0x20c0], // currency
  [0x2100, 0x2bff], // letterlike, arrows, math, technical, box drawing, shapes, symbols, dingbats
  [0x2800, 0x28ff], // braille (spinners)
];

const segmenter = new Intl.Segmenter();
const clusters = (s) => [...segmenter.segment(s)].length;

/** True when `c` is one column alone and stays its own grapheme beside itself and beside a letter. */
export function qualifies(c) {
  return stringWidth(c) === 1 && clusters(`a${c}`) === 2 && clusters(`${c}a`) === 2 && clusters(c + c) === 2;
}

/** The qualifying code points as a regex character class body (ranges, \u escapes). */
export function simpleClass() {
  const ranges = [];
  for (const [from, to] of BLOCKS)
    for (let cp = from; cp <= to; cp++) {
      if (!qualifies(String.fromCodePoint(cp))) continue;
      const last = ranges[ranges.length - 1];
      if (last && last[1] === cp - 1) last[1] = cp;
      else ranges.push([cp, cp]);
    }
  const u = (cp) => `\\u${cp.toString(16).padStart(4, '0')}`;
  return ranges.map(([a, b]) => (a === b ? u(a) : `${u(a)}-${u(b)}`)).join('');
}

/**
 * The stand-in module's source (an ES module; `require` of the package is bundled as a lazy init). The
 * packages are named by `from` (a test loads the stand-in from a file of its own).
 */
export function standInSource(
  simple = simpleClass(),
  from = { stripAnsi: 'strip-ansi', stringWidth: 'string-width' },
) {
  return `import stripAnsi from '${from.stripAnsi}';
const SIMPLE = /^[\\u0020-\\u007e${simple}]*$/;
let full;
export default function stringWidth(input, options) {
  if (typeof input === 'string' && (options === undefined || (options.ambiguousIsNarrow !== false && !options.countAnsiEscapeCodes))) {
    const text = input.includes('\\u001b') || input.includes('\\u009b') ? stripAnsi(input) : input;
    if (SIMPLE.test(text)) return text.length;
  }
  full ??= require('${from.stringWidth}').default;
  return full(input, options);
}
`;
}
