import { printable } from '../model/printable.js';
import type { AgentKind } from '../model/types.js';
import type { StatusJson } from './report.js';

/**
 * `tmo summary`: per agent, the last request made to it, recent activity lines and recent errors, read from
 * its scrollback (and from the send history). The patterns are data; they only pick lines, they never
 * decide an agent's state (that is the agents' rule tables).
 */

/**
 * How each agent kind echoes a request the operator typed into its transcript: at the left edge (or right
 * inside a box's border, which `clean` removes). Tool output is indented under its call (`⎿`, `└`), so an
 * indented `❯ …` is a test runner's or a shell's line, never the operator's.
 */
const REQUEST_LINE: Partial<Record<AgentKind, RegExp>> = {
  claude: /^ ?[>❯]\s+(\S.*)$/,
  codex: /^ ?›\s+(\S.*)$/,
  gemini: /^ ?>\s+(\S.*)$/,
  aider: /^(?:\w+)?>\s+(\S.*)$/,
  opencode: /^ ?>\s+(\S.*)$/,
};
const GENERIC_REQUEST = /^ ?[>❯›]\s+(\S.*)$/;

/**
 * Text after a prompt-like glyph that no operator typed: a source location (`test/parser.test.ts:41:35`,
 * a test runner's pointer at the failing line), a stack frame (`at parse (src/p.ts:3:9)`), npm's script
 * banner (`ledger@1.4.0 test`, followed by the script's command line), a dialog's numbered option.
 */
export const NOT_A_REQUEST: RegExp[] = [
  /^(?:[\w.~@-]*\/)*[\w.@-]+\.\w+:\d+(?::\d+)?(?:\s|$)/,
  /^at\s+(?:\S+\s+)?\(?\S+:\d+:\d+\)?$/,
  /^(?:@[\w.-]+\/)?[\w.-]+@\d+\.\d+\.\d+\S*\s+\S+$/,
  /^\d+\.\s/,
];

/** Lines that say what an agent is doing (the original's "Working on / Running / Building…", and tool calls). */
export const ACTIVITY_LINE =
  /(\b(?:Working on|Running|Ran|Building|Compiling|Testing|Installing|Deploying|Writing|Wrote|Reading|Read|Editing|Edited|Creating|Created|Updating|Updated|Fixing|Searching|Applying)\b|^\s*[⏺●•✻]\s+\S)/;

/**
 * Lines that report a failure: a line that STARTS with error / failed / fatal / panic / traceback (after a
 * bullet or tree glyph), or that carries `SomethingError:`, `ERROR`, `FAILED`, `FAIL `, `npm ERR!` anywhere.
 * Prose that merely mentions an error ("to see the exact error") is not one; neither is "0 errors".
 */
export const ERROR_LINE = {
  test: (line: string): boolean =>
    /^\s*(?:[⎿│>*•●⏺✗✘×-]\s*)*(?:error|failed|failure|fatal|panic|traceback|exception)\b/i.test(line) ||
    /\b[A-Z]\w*(?:Error|Exception)\b:|\bERROR\b|\bFAILED\b|\bFAIL\s|npm ERR!|✗|✘/.test(line),
};
const NOT_ERROR = /\b(?:0|no|zero|without)\s+(?:errors?|failures?)\b/i;

/** Placeholder text that agents draw in an empty input box: not a request. */
const PLACEHOLDER = /^(?:Try "|Type your message|Ask anything|Implement \{feature\}|Find and fix a bug)/;

export interface AgentSummary {
  session: string;
  window: number;
  windowName: string;
  pane: string;
  target: string;
  kind: AgentKind;
  state: string;
  reason?: string;
  since?: string;
  lastRequest: { text: string; source: 'history' | 'screen'; time?: string } | null;
  activity: string[];
  errors: string[];
}

export interface SummaryJson {
  version: string;
  timestamp: string;
  server: StatusJson['server'];
  agents: AgentSummary[];
}

const clean = (line: string): string =>
  line
    .replace(/[│┃|]\s*$/u, '')
    .replace(/^\s*[│┃]\s?/u, '')
    .trimEnd();

/** The input region: everything below the last horizontal rule drawn near the bottom of the screen. */
function withoutInputBox(lines: string[]): string[] {
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 12); i--) {
    const l = lines[i] ?? '';
    if (/^\s*[╭─━┌]{1}[─━]{10,}/u.test(l) || /^[─━]{20,}/u.test(l.trim())) {
      // the input box starts at the rule ABOVE this one when two rules frame it
      for (let j = i - 1; j >= Math.max(0, i - 8); j--) {
        if (/^\s*[╭─━┌][─━]{10,}/u.test(lines[j] ?? '')) return lines.slice(0, j);
      }
      return lines.slice(0, i);
    }
  }
  return lines;
}

export function lastRequestOnScreen(kind: AgentKind, screen: string): string | null {
  const pattern = REQUEST_LINE[kind] ?? GENERIC_REQUEST;
  const lines = withoutInputBox(screen.split('\n'));
  const requestAt = (i: number): string | undefined => pattern.exec(clean(lines[i] ?? ''))?.[1]?.trim();
  const npmBanner = NOT_A_REQUEST[2] as RegExp;
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = requestAt(i);
    if (!text || PLACEHOLDER.test(text) || NOT_A_REQUEST.some((r) => r.test(text))) continue;
    // npm prints `> pkg@1.2.3 script` and then `> the script's command`: neither was asked.
    if (npmBanner.test(requestAt(i - 1) ?? '')) continue;
    return text;
  }
  return null;
}

export function pickLines(
  screen: string,
  pattern: { test(line: string): boolean },
  max: number,
  exclude?: RegExp,
): string[] {
  const picked: string[] = [];
  const lines = screen.split('\n');
  for (let i = lines.length - 1; i >= 0 && picked.length < max; i--) {
    const line = clean(lines[i] ?? '').trim();
    if (!line || !pattern.test(line) || exclude?.test(line)) continue;
    const short = line.length > 160 ? `${line.slice(0, 157)}...` : line;
    if (!picked.includes(short)) picked.unshift(short);
  }
  return picked;
}

export function buildSummary(
  status: StatusJson,
  screens: Map<string, string>,
  history: Map<string, { text: string; time: number }>,
  limits = { activity: 5, errors: 3 },
): SummaryJson {
  const agents = status.agents.map((a): AgentSummary => {
    const screen = screens.get(a.pane) ?? '';
    const sent = history.get(a.pane);
    const onScreen = lastRequestOnScreen(a.kind, screen);
    let lastRequest: AgentSummary['lastRequest'] = null;
    if (sent) lastRequest = { text: sent.text, source: 'history', time: new Date(sent.time).toISOString() };
    else if (onScreen) lastRequest = { text: onScreen, source: 'screen' };
    const out: AgentSummary = {
      session: a.session,
      window: a.window,
      windowName: a.windowName,
      pane: a.pane,
      target: a.target,
      kind: a.kind,
      state: a.state,
      lastRequest,
      activity: pickLines(screen, ACTIVITY_LINE, limits.activity),
      errors: pickLines(screen, ERROR_LINE, limits.errors, NOT_ERROR),
    };
    if (a.reason) out.reason = a.reason;
    if (a.since) out.since = a.since;
    return out;
  });
  return { version: status.version, timestamp: status.timestamp, server: status.server, agents };
}

export function renderSummary(summary: SummaryJson): string {
  const lines = [`Agent summary · ${summary.timestamp.replace('T', ' ').slice(0, 19)} UTC`];
  if (!summary.server.running) lines.push('No tmux server is running on this socket.');
  else if (summary.agents.length === 0)
    lines.push('No agents found (see `tmo explain <target>` for why a pane is not one).');
  for (const a of summary.agents) {
    lines.push(
      '',
      `${printable(a.target)} (${printable(a.windowName)}) · ${a.kind} · ${a.state}${a.reason ? ` · ${a.reason}` : ''}`,
    );
    lines.push(
      `  last request: ${a.lastRequest ? `${printable(a.lastRequest.text.split('\n')[0] ?? '')}${a.lastRequest.source === 'history' ? ` (sent ${a.lastRequest.time?.slice(11, 19)} UTC)` : ''}` : '(none seen)'}`,
    );
    lines.push(`  activity:${a.activity.length ? '' : ' (none)'}`);
    for (const l of a.activity) lines.push(`    ${printable(l)}`);
    if (a.errors.length) {
      lines.push('  errors:');
      for (const l of a.errors) lines.push(`    ${printable(l)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
