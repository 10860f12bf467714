import { Box, Text } from 'ink';
import { memo } from 'react';
import type { AgentRow } from '../src/store/rows.js';
import { age, glyph, STATE_COLOR, tint } from './theme.js';

export interface AgentLineProps {
  row: AgentRow;
  number: number;
  selected: boolean;
  marked: boolean;
  hasDraft: boolean;
  indent: number;
  /** Flat (sorted) list: say where the agent is. */
  flat: boolean;
  width: number;
  now: number;
  color: boolean;
  ascii: boolean;
}

/** One agent: number, glyph + state word (+ colour), kind, where, age and reason. Memoised per row. */
export const AgentLine = memo(function AgentLine(p: AgentLineProps) {
  const { row } = p;
  const stateWord = `${glyph(row.state, p.ascii)} ${row.state}`;
  const detail = `${age(row.since, p.now)}${row.reason ? ` · ${row.reason}` : ''}`;
  const num = p.number <= 9 ? `${p.number}` : ' ';
  const pointer = p.selected ? '>' : ' ';
  const mark = p.marked ? '*' : p.hasDraft ? (p.ascii ? '+' : '✎') : ' ';
  const head = `${pointer}${num}${mark}${' '.repeat(p.indent)}`;
  const label = p.flat ? `${row.kind} ${row.session}:${row.windowIndex}` : row.kind;
  const waiting = row.state === 'waiting';
  return (
    <Box width={p.width} height={1} overflow="hidden">
      <Text wrap="truncate-end" inverse={p.selected && !p.color} bold={waiting}>
        <Text {...(p.selected && p.color ? { backgroundColor: 'blue' } : {})}>{head}</Text>
        <Text {...tint(p.color, STATE_COLOR[row.state])} bold={waiting}>
          {stateWord.padEnd(10)}
        </Text>
        <Text> {label} </Text>
        <Text dimColor={p.color}>{p.ascii ? detail.replace('·', '-') : detail}</Text>
      </Text>
    </Box>
  );
});
