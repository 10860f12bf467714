/**
 * Rule FAMILIES shared by the tables: how agent CLIs draw a spinner, a live counter, an interrupt hint,
 * an API error, and which question a dialog asks. Data (regular expressions), composed by the tables in
 * this folder; README "Agents" describes them.
 */
import type { ReasonRule } from './types.js';

/**
 * Spinner glyphs CLIs put before a status verb (Claude's stars and middle dot, Cursor's hexagons). Claude
 * draws `*` where macOS gets `✳` (its Linux frames are `· ✢ * ✶ ✻ ✽`).
 */
const STARS = '✳✽✶✻✢✱✲✴✵✷✸✹✺✼✾✿❀❁❂❃❇❈❉❊❋✣✤✥✧·⬡⬢*';
/** Letters of the Latin scripts CLIs draw their verbs in (`Sautéing`), without Unicode tables (speed). */
const UPPER = 'A-Z\u00C0-\u00DE';
const LETTER = 'A-Za-z\u00C0-\u024F';
/** A verb phrase: a capitalised word and up to eight more words. */
const VERB = `[${UPPER}][${LETTER}'’-]*(?:[ \\t]+[${LETTER}\\d'’.,:/_@#()+-]+){0,8}?`;
/** A live counter: `(12s · ↓ 938 tokens)`, `(1m 16s · …)`, `(esc to cancel, 12s)`, `(4s • esc to interrupt)`. */
const COUNTER = String.raw`\((?:\d+(?:\.\d+)?[hms]\b|esc\b|ctrl\+c\b)`;
/** A token counter drawn without parentheses: `39.76k tokens`. */
const TOKENS = String.raw`\d+(?:\.\d+)?k?\s+tokens\b`;
/** A completion line's shape (`Worked for 1m 22s`, `Brewed for 23s`): never a working line. */
const NOT_DONE = `(?![${LETTER}]+ for \\d)`;

/**
 * Working: a spinner glyph (star, middle dot, hexagon or braille), a verb phrase ending in an ellipsis
 * (`…`, `...`, `..`), then the end of the line or a live counter.
 */
export const SPINNER_VERB = new RegExp(
  String.raw`^\s*(?:[${STARS}]|[\u2800-\u28ff]+)\s+${NOT_DONE}${VERB}(?:…|\.{2,3})(?:\s*$|\s+${COUNTER})`,
);

/**
 * Working: a bullet or spinner glyph (also `●`, `⏺`, `•`, `*`, braille), a verb phrase and a LIVE counter
 * (`● Cooking… (12s · ↓ 1234 tokens)`, `• Working (4s • esc to interrupt)`, `⠘⠆ Editing  39.76k tokens`).
 * Without the counter such a line is ordinary transcript output.
 */
export const SPINNER_COUNTER = new RegExp(
  String.raw`^\s*(?:[${STARS}●⏺•]|[\u2800-\u28ff]+)\s+${NOT_DONE}${VERB}(?:…|\.{2,3})?\s+(?:${COUNTER}|${TOKENS})`,
);

/**
 * An interrupt hint drawn as a footer or status hint (line start, after a separator `·`/`•`/`|`/`(`, or
 * after a wide gap) — never the words quoted mid-sentence in prose. A lookbehind: the words are found
 * first, so long runs of blanks cost nothing.
 */
export const INTERRUPT_HINT =
  /(?<=^\s*(?:press\s+)?|[·•|(,]\s*|\s\s)(?:esc|ctrl\+c|escape)(?: again)? to interrupt\b/i;

/** The same, for CLIs whose working hint says cancel or stop (Copilot's `Esc to cancel`). */
export const CANCEL_HINT =
  /(?<=^\s*(?:press\s+)?|[·•|(,]\s*|\s\s)(?:esc|ctrl\+c|escape)(?: again)? to (?:interrupt|cancel|stop)\b/i;

/** Not an instruction quoted in a transcript (`● Press esc esc to interrupt a turn.`). */
const NOT_TOLD = String.raw`(?!(?:Press|Hit|Use|Type|Tap)\b)`;
/** A key that stops the turn: `esc to interrupt`, `Esc to cancel`, `esc esc interrupt` (press it twice). */
const STOP_KEY = String.raw`(?:[Ee]sc(?:ape)?|[Cc]trl\+[Cc])(?:\s+(?:[Ee]sc|again))?\s+(?:to\s+)?(?:interrupt|cancel|stop)\b`;

/**
 * Working: a status line that carries its stop key after the verb, with at most counters between
 * (`● Working esc esc interrupt`, `⠋ Thinking… (3s) esc to cancel`, `◐ Running · ctrl+c to stop`). The
 * verb is one word, or a phrase ending in an ellipsis: `● You can press esc to interrupt` is prose.
 */
export const SPINNER_HINT = new RegExp(
  String.raw`^\s*(?:[${STARS}●⏺•◉◐◓◑◒]|[\u2800-\u28ff]+)\s+${NOT_DONE}${NOT_TOLD}(?:${VERB}(?:…|\.{2,3})|[${UPPER}][${LETTER}'’-]*)(?:\s+(?:\([^)]*\)|[·•|]|\d+(?:\.\d+)?[hms]\b))*\s+\(?${STOP_KEY}`,
);

/** Completion lines: `✻ Worked for 1m 52s`, `✻ Brewed for 23s`, `· Sautéed for 1m 44s`. */
export const COMPLETION = new RegExp(
  String.raw`^\s*[${STARS}●⏺]\s+[${UPPER}][${LETTER}]+ for \d+(?:\.\d+)?[hms]`,
);

/**
 * Which question a choice dialog asks: tried in order against the dialog (its question, options and
 * footer); the first family that matches gives the waiting reason. Tables may put their own first.
 */
export const COMMON_REASONS: ReasonRule[] = [
  {
    reason: 'trust',
    pattern:
      /\btrust (?:this|the files in this|the) (?:folder|directory|workspace|project)|project you created or one you trust|Trust and continue|\bI trust this folder|work in this folder|Trust (?:parent )?folder\b|Don'?t trust\b/i,
  },
  {
    reason: 'login',
    pattern: /\blog ?in\b|\bsign in\b|\bauthenticat(?:e|ion)\b|login method|not logged in/i,
  },
  // Settings the CLI asks to change or keep: an API key to use, a default mode.
  { reason: 'confirm', pattern: /\bAPI key\b|\byour default\b/i },
  {
    reason: 'plan',
    pattern: /keep planning|\bthe plan\b|\bthis plan\b|plan mode|Ready to code\?|exit plan/i,
  },
  {
    reason: 'question',
    pattern:
      /Answer Questions|submit answer|Question \d+\s*\/\s*\d+|Enter to select|↑↓ select|\bType something\b|Chat about this|\(Use Enter to select\)/i,
  },
];

/**
 * A provider's refusal as CLIs print the API's own words in their transcript: a bad or missing key
 * (`Incorrect API key provided`, `Invalid API key`, `API key not valid`), `Unauthorized`, an exhausted quota.
 * Tables pair it with where the CLI draws its errors (a box border, a bullet).
 */
export const PROVIDER_ERROR =
  /\b(?:(?:incorrect|invalid) API key|API key not valid|unauthorized|authentication (?:failed|error)|insufficient[_ ]quota)\b/i;

/**
 * A provider's failure in its own words, as CLIs print the API's message: a rate limit
 * (`Rate limit reached for gpt-4o in organization …`, `Too Many Requests`, `exceeded your current quota`),
 * an overload, a server error (`The server had an error while processing your request`,
 * `Internal Server Error`, `Service Unavailable`).
 */
export const PROVIDER_FAILURE =
  /\b(?:rate limit (?:reached|exceeded) for|too many requests|exceeded your current quota|(?:is|are) (?:currently )?overloaded|server had an error while processing|internal server error|service unavailable)\b/i;
