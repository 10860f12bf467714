import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lastRequestOnScreen } from '../../src/commands/summary-build.js';
import type { AgentKind } from '../../src/model/types.js';

/**
 * `summary`'s "last request" is what the operator asked: the agent's echo of the message (at the left edge,
 * or in its box), never a test runner's pointer, a stack frame, npm's script banner or a dialog option.
 */
const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/screens/${name}.txt`, import.meta.url), 'utf8');
const NESTED =
  'The parser test for nested arrays fails since yesterday. Find out why and fix it, then run the whole suite.';

describe('last request on screen', () => {
  it.each<[string, AgentKind, string]>([
    ['claude-idle', 'claude', NESTED],
    ['claude-error', 'claude', NESTED],
    ['claude-waiting-question', 'claude', NESTED],
    ['claude-trap-waiting-over-working', 'claude', NESTED],
    ['codex-idle', 'codex', 'Fix the flaky retry test in src/retry.test.ts'],
    ['gemini-idle', 'gemini', 'Why does the ledger export drop the last row?'],
    ['aider-trap-stale-question', 'aider', 'fix the off by one in the export loop'],
  ])('%s: the operator’s message, not the tool output under it', (name, kind, request) => {
    expect(lastRequestOnScreen(kind, fixture(name))).toBe(request);
  });

  it('a test runner’s pointer at the failing line is not a request, wherever it is drawn', () => {
    const scrolled = [
      '⏺ Bash(npx vitest run test/parser.test.ts)',
      '  ⎿  FAIL  test/parser.test.ts > parseList > parses nested arrays',
      '     AssertionError: expected [ 1, [ 2, 3 ] ] to deeply equal [ 1, [ 2, 3 ], 4 ]',
      '      ❯ test/parser.test.ts:41:35',
      '❯ test/parser.test.ts:41:35',
      '❯ src/lib/parse.ts:12',
      '> at parseList (src/parser.ts:88:11)',
      '> at Object.<anonymous> (/home/u/p/test/parser.test.ts:41:35)',
      '',
      '✻ Worked for 12s',
    ].join('\n');
    expect(lastRequestOnScreen('claude', scrolled)).toBeNull();
    expect(lastRequestOnScreen('generic', scrolled)).toBeNull();
    // …while the request above it is found.
    expect(lastRequestOnScreen('claude', `> run the parser tests\n\n${scrolled}`)).toBe(
      'run the parser tests',
    );
  });

  it('npm’s script banner and the command under it are not requests', () => {
    const screen = [
      '> add a --json flag',
      '',
      'Running npm test',
      '',
      '> ledger@1.4.0 test',
      '> vitest run export',
      '',
      '> @acme/ledger@2.0.0-beta.1 build',
      '> tsc -p .',
    ].join('\n');
    expect(lastRequestOnScreen('aider', screen)).toBe('add a --json flag');
  });

  it('a request that mentions a file and line is still a request', () => {
    expect(lastRequestOnScreen('claude', '> fix the bug at src/a.ts:12 please\n')).toBe(
      'fix the bug at src/a.ts:12 please',
    );
    expect(lastRequestOnScreen('codex', '› explain test/parser.test.ts\n')).toBe(
      'explain test/parser.test.ts',
    );
  });
});
