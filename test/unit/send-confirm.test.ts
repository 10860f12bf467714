import { describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../src/model/types.js';
import {
  changedRows,
  estimateScroll,
  judgeAfterEnter,
  judgeAfterPaste,
  snippetOf,
} from '../../src/send/send-confirm.js';

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
    const now = screen('welcome', '> ', 'status');
    const j = judgeAfterEnter({
      text: 'fix the bug',
      before,
      afterPaste,
      now,
      statusBefore: idle,
      statusNow: idle,
      historyGrew: 0,
    });
    expect(j.confirmed).toBe(true);
    // the screen scrolled by two (tmux's history says so): the input row moved up, and it is empty
    const tall = screen('one', 'two', 'three', '> fix the bug', 'status');
    const moved = screen('three', '> ', 'status', 'more', 'output');
    const k = { text: 'fix the bug', before: tall, afterPaste: tall, statusBefore: idle, statusNow: idle };
    expect(judgeAfterEnter({ ...k, now: moved, historyGrew: 2 }).confirmed).toBe(true);
  });

  it('a scroll is not a cleared input line: the echo of Enter moved the same row up', () => {
    const p = screen('one', 'two', 'three', '> fix the bug');
    const scrolledOnce = screen('two', 'three', '> fix the bug', '');
    const k = {
      text: 'fix the bug',
      before: p,
      afterPaste: p,
      now: scrolledOnce,
      statusBefore: idle,
      statusNow: idle,
    };
    expect(judgeAfterEnter({ ...k, historyGrew: 1 })).toEqual({
      confirmed: false,
      detail: 'the text still sits in the input line',
    });
    // a full history gives no count: the rows themselves show the shift
    expect(judgeAfterEnter(k).confirmed).toBe(false);
    expect(estimateScroll(p, scrolledOnce)).toBe(1);
    // the folded-paste rule does not take a scroll for a change either
    const folded = { ...k, text: 'q\n'.repeat(30), before: screen('one', 'two', 'three', '> ') };
    expect(judgeAfterEnter({ ...folded, historyGrew: 1 }).confirmed).toBe(false);
    expect(changedRows(p, scrolledOnce, 1)).toEqual([0]);
  });

  it('cannot tell when the shift is unclear or the input row scrolled away', () => {
    const p = screen('same', 'same', '> fix the bug');
    const k = { text: 'fix the bug', before: p, afterPaste: p, statusBefore: idle, statusNow: idle };
    expect(estimateScroll(screen('x', 'x', 'x'), screen('x', 'x', 'y'))).toBeUndefined(); // k=0 and k=1 tie
    expect(judgeAfterEnter({ ...k, now: screen('a', 'b', 'c'), historyGrew: 3 }).confirmed).toBe(false);
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

describe('lines longer than a terminal in line mode keeps', () => {
  it('are never confirmed for a pane that is not an agent', () => {
    const text = 'x'.repeat(5000);
    const shown = 'x'.repeat(4095);
    const j = judgeAfterEnter({
      text,
      before: '',
      afterPaste: shown,
      now: `${shown}\n`,
      statusBefore: null,
      statusNow: null,
    });
    expect(j.confirmed).toBe(false);
    expect(j.detail).toMatch(/over 4095 bytes/);
    expect(judgeAfterPaste({ text, before: '', afterPaste: shown, statusBefore: null }).confirmed).toBe(
      false,
    );
    // an agent reads raw input: its own evidence counts
    expect(
      judgeAfterEnter({
        text,
        before: '',
        afterPaste: shown,
        now: shown,
        statusBefore: idle,
        statusNow: working,
      }).confirmed,
    ).toBe(true);
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

describe('a busy agent that queues the message', () => {
  const working = { kind: 'claude', state: 'working', since: 0 } as const;
  const box = (input: string, queue: string[]) =>
    [
      '✻ Cogitating… (3s · esc to interrupt)',
      '',
      ...queue,
      '────',
      `> ${input}`,
      '────',
      '  ? for shortcuts',
    ].join('\n');
  const afterPaste = box('and also the lexer', []);

  it('is delivered (queued) when the message shows with the queue hint', () => {
    const now = box('', ['> and also the lexer', '  ⎿  Press up to edit queued messages', '']);
    const j = judgeAfterEnter({
      text: 'and also the lexer',
      before: box('', []),
      afterPaste,
      now,
      statusBefore: working,
      statusNow: working,
    });
    expect(j).toMatchObject({ confirmed: true, queued: true });
  });

  it('is not queued when nothing changed (Enter not taken) or the hint shows without the message', () => {
    const still = box('and also the lexer', ['> an older one', '  ⎿  Press up to edit queued messages', '']);
    const withOld = judgeAfterEnter({
      text: 'and also the lexer',
      before: still,
      afterPaste: still,
      now: still,
      statusBefore: working,
      statusNow: working,
    });
    expect(withOld.queued).toBeUndefined();
    expect(withOld.confirmed).toBe(false);
    const otherMsg = box('', ['> something else', '  ⎿  Press up to edit queued messages', '']);
    const j = judgeAfterEnter({
      text: 'and also the lexer',
      before: afterPaste,
      afterPaste,
      now: otherMsg,
      statusBefore: working,
      statusNow: working,
    });
    expect(j.queued).toBeUndefined();
  });
});
