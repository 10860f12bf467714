import { describe, expect, it } from 'vitest';
import type { StatusJson } from '../../src/commands/report.js';
import {
  buildSummary,
  ERROR_LINE,
  lastRequestOnScreen,
  pickLines,
  renderSummary,
} from '../../src/commands/summary-build.js';

const claudeScreen = [
  '╭───────────────────────────────────────────────────╮',
  '│ ✻ Welcome to Claude Code!                         │',
  '╰───────────────────────────────────────────────────╯',
  '',
  '> add a --json flag to the export command',
  '',
  '⏺ Read(src/export.ts)',
  '  ⎿  Read 120 lines',
  '⏺ Update(src/export.ts)',
  '  ⎿  Updated src/export.ts with 12 additions',
  '⏺ Bash(npm test)',
  '  ⎿  Error: 2 tests failed',
  '     0 errors in lint',
  '',
  '✻ Worked for 1m 12s',
  '',
  '───────────────────────────────────────────────────────',
  '> Try "write a test for export.ts"',
  '───────────────────────────────────────────────────────',
  '  ⏵⏵ bypass permissions on (shift+tab to cycle)',
].join('\n');

const status = {
  version: '0.1.0',
  timestamp: '2026-11-23T10:00:00.000Z',
  server: { running: true, socket: '-L x', tmuxVersion: '3.3a' },
  sessions: [],
  agents: [
    {
      session: 'proj',
      window: 0,
      windowName: 'claude',
      pane: '%1',
      name: 'claude',
      target: 'proj:0.0',
      kind: 'claude',
      state: 'idle',
    },
    {
      session: 'proj',
      window: 1,
      windowName: 'quiet',
      pane: '%2',
      name: 'quiet',
      target: 'proj:1.0',
      kind: 'codex',
      state: 'working',
    },
  ],
  health: { healthy: true, counts: { working: 1, waiting: 0, idle: 1, error: 0, exited: 0, unknown: 0 } },
} as StatusJson;

describe('summary', () => {
  it('finds the last request in the transcript, not the placeholder in the input box', () => {
    expect(lastRequestOnScreen('claude', claudeScreen)).toBe('add a --json flag to the export command');
    expect(lastRequestOnScreen('claude', 'nothing here\n')).toBeNull();
  });

  it('picks activity and real errors, not "0 errors"', () => {
    const errors = pickLines(claudeScreen, ERROR_LINE, 5, /\b0\s+errors\b/);
    expect(errors).toEqual(['⎿  Error: 2 tests failed']);
  });

  it('prefers the send history for the last request and lists activity per agent', () => {
    const screens = new Map([['%1', claudeScreen]]);
    const history = new Map([
      ['%2', { text: 'run the migrations', time: Date.parse('2026-11-23T09:59:00Z') }],
    ]);
    const s = buildSummary(status, screens, history);
    expect(s.agents[0]?.lastRequest).toEqual({
      text: 'add a --json flag to the export command',
      source: 'screen',
    });
    expect(s.agents[0]?.activity).toContain('⏺ Update(src/export.ts)');
    expect(s.agents[0]?.errors).toEqual(['⎿  Error: 2 tests failed']);
    expect(s.agents[1]?.lastRequest?.source).toBe('history');
    expect(s.agents[1]?.activity).toEqual([]);
    const text = renderSummary(s);
    expect(text).toContain('last request: add a --json flag');
    expect(text).toContain('last request: run the migrations (sent 09:59:00 UTC)');
  });
});

describe('summary line picking', () => {
  it('does not take prose or dialog options for errors and requests', () => {
    expect(ERROR_LINE.test("● I'll start by running the failing test to see the exact error.")).toBe(false);
    expect(ERROR_LINE.test('TypeError: cannot read properties of undefined')).toBe(true);
    expect(ERROR_LINE.test('  ⎿  Error: Exit code 1')).toBe(true);
    expect(ERROR_LINE.test('npm ERR! code ELIFECYCLE')).toBe(true);
    expect(ERROR_LINE.test('FAIL  test/parser.test.ts > nested lists')).toBe(true);
    const dialog = '> fix the parser\n\n Do you want to proceed?\n ❯ 1. Yes\n   2. No\n';
    expect(lastRequestOnScreen('claude', dialog)).toBe('fix the parser');
  });
});
