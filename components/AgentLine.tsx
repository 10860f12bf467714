import { Box, Text } from 'ink';
import { memo } from 'react';
import type { PaneRow } from '../src/store/rows.js';
import { age, cut, glyph, plain, STATE_COLOR, tint } from './theme.js';

export interface PaneLineProps {
  row: PaneRow;
  /** 1–9 beside the first nine agents (0: none). */
  number: number;
  /** 0: flat (sorted) list; 1: a window of one pane; 2: a pane of a window of several. */
  depth: number;
  labelWidth: number;
  selected: boolean;
  marked: boolean;
  hasDraft: boolean;
  /** The source's connection is lost since then: the line is stale. */
  staleSince: number | undefined;
  width: number;
  now: number;
  color: boolean;
  ascii: boolean;
}

const TYPE_WORD: Record<string, string> = {
  shell: 'shell',
  'dev-server': 'server',
  'project-manager': 'pm',
  agent: 'pane',
  unknown: 'pane',
};

/** What the line says after its label: an agent's state, age and reason (or error); else the pane's type. */
function body(p: PaneLineProps): { mark: string; word: string; what: string; detail: string; color: string } {
  const { row } = p;
  if (row.pending && row.kind)
    // Found, not looked at yet: no state is claimed (and no age: nothing has been timed).
    return { mark: p.ascii ? '~' : '…', word: 'unknown', what: row.kind, detail: 'looking', color: 'gray' };
  if (row.state && row.kind && row.since !== undefined) {
    const when = age(row.since, p.staleSince ?? p.now);
    const why = row.reason ?? (row.state === 'error' ? row.message : undefined);
    const stale = p.staleSince ? ' · stale' : '';
    return {
      mark: glyph(row.state, p.ascii),
      word: row.state,
      what: row.kind,
      detail: `${when}${why ? ` · ${why}` : ''}${stale}`,
      color: STATE_COLOR[row.state],
    };
  }
  if (row.dead)
    return {
      mark: 'x',
      word: 'dead',
      what: row.command,
      detail: row.deadStatus !== undefined ? `exit ${row.deadStatus}` : '',
      color: 'gray',
    };
  return {
    mark: p.ascii ? '.' : '·',
    word: TYPE_WORD[row.type] ?? 'pane',
    what: row.command,
    detail: '',
    color: 'white',
  };
}

/** One pane: where (window or pane index), glyph + state word or type, kind or command, age and reason. */
export const AgentLine = memo(function AgentLine(p: PaneLineProps) {
  const { row } = p;
  const b = body(p);
  const num = p.number > 0 && p.number <= 9 ? `${p.number}` : ' ';
  const pointer = p.selected ? '>' : ' ';
  const mark = p.marked ? '*' : p.hasDraft ? (p.ascii ? '+' : '✎') : ' ';
  const label =
    p.depth === 0
      ? ''
      : `${p.depth === 1 ? ` ${row.windowIndex}:${row.window}` : `    .${row.paneIndex}`}`.padEnd(
          p.labelWidth,
        );
  const where = p.depth === 0 ? ` ${row.session}:${row.windowIndex}` : '';
  const waiting = row.state === 'waiting';
  const stale = p.staleSince !== undefined;
  return (
    <Box width={p.width} height={1} overflow="hidden">
      <Text wrap={cut(p.ascii)} inverse={p.selected && !p.color} bold={waiting} dimColor={stale && p.color}>
        <Text
          {...(p.selected && p.color ? { backgroundColor: 'blue' } : {})}
        >{`${pointer}${num}${mark}`}</Text>
        <Text>{plain(label, p.ascii)} </Text>
        <Text {...tint(p.color && !stale, b.color)} bold={waiting}>
          {`${b.mark} ${b.word.padEnd(7)}`}
        </Text>
        <Text> {plain(`${b.what}${where}`, p.ascii)} </Text>
        <Text dimColor={p.color}>{plain(b.detail, p.ascii)}</Text>
      </Text>
    </Box>
  );
});
