import { describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../src/model/types.js';
import { changedRows, judgeAfterEnter, judgeAfterPaste, snippetOf } from '../../src/tmux/send-confirm.js';

const idle: AgentStatus = { kind: 'claude', state: 'idle', since: 0 };
const working: AgentStatus = { kind: 'claude', state: 'working', since: 1 };
const screen = (...rows: string[]) => rows.join('\n');

describe('snippetOf', () => {
  it('takes the tail of the last non-blank line, without tabs', () => {
    expect(snippetOf('first\nsecond line\n\n')).toBe('second line');
    expect(snippetOf('a\tlonger piece\tb')).toBe('longer piece');
    expect(snippetOf('x'.repeat(100))).toBe('x'.repeat(24));
    expect(snippetOf('   ')).toBe('');
  });
});

describe('judgeAfterEnter', () => {
  const before = screen('welcome', '> ', 'status');
  const afterPaste = screen('welcome', '> fix the bug', 'status');

  it('confirms when the agent turned working', () => {
    const now = screen('welcome', '> fix the bug', '✻ Working…');
    const j = judgeAfterEnter({
      text: 'fix the bug',
      before,
      afterPaste,
      now,
      statusBefore: idle,
      statusNow: working,
    });
    expect(j).toEqual({ confirmed: true, detail: 'the claude agent turned working' });
  });

  it('confirms when the input line cleared', () => {
    const now = screen('> fix the bug', '> ', 'status');
    const j = judgeAfterEnter({
      text: 'fix the bug',
      before,
      afterPaste,
      now,
      statusBefore: idle,
      statusNow: idle,
    });
    expect(j.confirmed).toBe(true);
  });

  it('does not confirm while the text still sits in the input line, even if the screen changes', () => {
    const now = screen('welcome!', '> fix the bug', 'status 2');
    const j = judgeAfterEnter({
      text: 'fix the bug',
      before,
      afterPaste,
      now,
      statusBefore: working,
      statusNow: working,
    });
    expect(j.confirmed).toBe(false);
  });

  it('non-agent: confirms when the pane reacted and shows the text, not when nothing changed', () => {
    const b = screen('', '');
    const p = screen('hello', '');
    expect(
      judgeAfterEnter({
        text: 'hello',
        before: b,
        afterPaste: p,
        now: screen('hello', 'hello'),
        statusBefore: null,
        statusNow: null,
      }).confirmed,
    ).toBe(true);
    expect(
      judgeAfterEnter({
        text: 'hello',
        before: b,
        afterPaste: p,
        now: p,
        statusBefore: null,
        statusNow: null,
      }).confirmed,
    ).toBe(false);
    expect(
      judgeAfterEnter({
        text: 'hello',
        before: b,
        afterPaste: b,
        now: b,
        statusBefore: null,
        statusNow: null,
      }).confirmed,
    ).toBe(false);
  });

  it('folded pastes: the rows the paste changed changed again', () => {
    const p = screen('welcome', '> [Pasted text #1 +40 lines]', 'status');
    const now = screen('welcome', '> ', 'status');
    const text = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    expect(changedRows(before, p)).toEqual([1]);
    expect(
      judgeAfterEnter({ text, before, afterPaste: p, now, statusBefore: idle, statusNow: idle }).confirmed,
    ).toBe(true);
    expect(
      judgeAfterEnter({ text, before, afterPaste: p, now: p, statusBefore: idle, statusNow: idle }).confirmed,
    ).toBe(false);
  });
});

describe('judgeAfterPaste', () => {
  it('wants the text on screen', () => {
    expect(
      judgeAfterPaste({ text: 'abc', before: '', afterPaste: 'abc', statusBefore: null }).confirmed,
    ).toBe(true);
    expect(judgeAfterPaste({ text: 'abc', before: '', afterPaste: '', statusBefore: null }).confirmed).toBe(
      false,
    );
  });
});
