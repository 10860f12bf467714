/**
 * `tmo answer <digit>` presses the parsed option's own keys (a row picked sideways, a list picked with
 * Down), else the agent kind's table; keys that are no key names never reach tmux.
 */
import { describe, expect, it } from 'vitest';
import { findChoice } from '../../src/agents/choice.js';
import type { AgentStatus } from '../../src/model/types.js';
import { answerKeys, parseChoice } from '../../src/send/send-answer.js';

const waiting = (kind: AgentStatus['kind'], lines: string[]): AgentStatus => ({
  kind,
  state: 'waiting',
  since: 0,
  options: findChoice(lines)?.options ?? [],
});
const keys = (status: AgentStatus | null, input: string) => answerKeys(status, parseChoice(input)!);

describe('answerKeys', () => {
  const row = waiting('opencode', [
    '△ Permission required',
    ' Allow once   Allow always   Reject      ⇆ select  enter confirm',
  ]);
  it('a row of options: Right × (n − 1), Enter', () => {
    expect(keys(row, '1')).toEqual(['Enter']);
    expect(keys(row, '2')).toEqual(['Right', 'Enter']);
    expect(keys(row, '3')).toEqual(['Right', 'Right', 'Enter']);
    expect(keys(row, 'no')).toEqual(['Escape']);
  });
  it('an option list without numbers: moves from the cursor, Enter', () => {
    const list = waiting('gemini', [
      'Apply this change?',
      '● Yes, allow once',
      '  Allow for this session',
      '  No',
    ]);
    expect(keys(list, '3')).toEqual(['Down', 'Down', 'Enter']);
  });
  it('a numbered menu keeps its digit; no parsed option: the kind table', () => {
    const menu = waiting('claude', ['Do you want to proceed?', '❯ 1. Yes', '  2. No']);
    expect(keys(menu, '2')).toEqual(['2']);
    expect(keys(menu, '7')).toEqual(['7']);
    expect(keys(null, '2')).toEqual(['2', 'Enter']);
    expect(keys({ kind: 'aider', state: 'idle', since: 0 }, '2')).toEqual(['2', 'Enter']);
  });
  it('option keys that are no key names are not pressed', () => {
    const odd: AgentStatus = {
      kind: 'claude',
      state: 'waiting',
      since: 0,
      options: [{ choice: '1', label: 'x', keys: ['rm -rf /', 'Enter'] }],
    };
    expect(keys(odd, '1')).toEqual(['1']);
  });
});
