import { Box, Text } from 'ink';
import { memo } from 'react';
import type { TreeLine } from '../src/store/rows.js';
import { cut, plain } from './theme.js';

type Header = Exclude<TreeLine, { type: 'pane' }>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What a folded or empty header says about what it holds. */
function summary(line: Header, agentsOnly: boolean): string {
  if (line.type === 'window') return `${line.wtype} · ${plural(line.panes, 'pane')}`;
  if (line.windows === 0) return 'empty';
  if (agentsOnly && line.agents === 0) return 'no agents';
  const parts = [plural(line.windows, 'window')];
  if (!agentsOnly) parts.push(plural(line.panes, 'pane'));
  parts.push(plural(line.agents, 'agent'));
  if (line.waiting) parts.push(`${line.waiting} waiting`);
  return parts.join(' · ');
}

/** An open header says only what needs saying (waiting agents, emptiness); a folded one sums up. */
function tail(line: Header, agentsOnly: boolean): string {
  if (!line.open) return `  ${summary(line, agentsOnly)}`;
  if (line.type === 'session' && (line.windows === 0 || (agentsOnly && line.agents === 0)))
    return `  ${summary(line, agentsOnly)}`;
  if (line.type === 'session' && line.waiting) return `  ${line.waiting} waiting`;
  return line.type === 'window' ? `  ${line.wtype}` : '';
}

/** A session or window line of the tree: ▾ open / ▸ folded, its name and what it holds. */
export const TreeHeader = memo(function TreeHeader(p: {
  line: Header;
  selected: boolean;
  agentsOnly: boolean;
  stale: boolean;
  width: number;
  color: boolean;
  ascii: boolean;
}) {
  const { line } = p;
  const fold = line.open ? (p.ascii ? 'v' : '▾') : p.ascii ? '>' : '▸';
  const name =
    line.type === 'session'
      ? `${fold} ${line.name}${line.attached ? ' (attached)' : ''}`
      : `  ${fold} ${line.index}:${line.name}`;
  return (
    <Box width={p.width} height={1} overflow="hidden">
      <Text wrap={cut(p.ascii)} inverse={p.selected && !p.color} dimColor={p.stale && p.color}>
        <Text {...(p.selected && p.color ? { backgroundColor: 'blue' } : {})}>{p.selected ? '>' : ' '}</Text>
        <Text bold={line.type === 'session'}>{plain(name, p.ascii)}</Text>
        <Text dimColor={p.color}>{plain(tail(line, p.agentsOnly), p.ascii)}</Text>
      </Text>
    </Box>
  );
});
