import { Box, Text } from 'ink';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import { paneLabel } from '../src/store/feed.js';
import { oneLine } from './theme.js';

const OUTCOME_COLOR = {
  sending: 'yellow',
  confirmed: 'green',
  unconfirmed: 'yellow',
  refused: 'red',
  failed: 'red',
};
const OUTCOME_WORD = {
  sending: 'sending',
  confirmed: 'sent, confirmed',
  unconfirmed: 'sent, not confirmed',
  refused: 'refused',
  failed: 'failed',
};

export const composerHeight = (draft: string, rows: number): number =>
  Math.min(Math.max(3, Math.floor(rows / 3)), draft.split('\n').length + 2);

/** The message box for the selected agent: draft (multi-line), cursor, and the last send outcome. */
export function Composer(props: { width: number; height: number }) {
  const { color, ascii } = useTheme();
  const selected = useDash((s) => s.selected);
  const draft = useDash((s) => (s.selected ? (s.drafts[s.selected] ?? '') : ''));
  const outcome = useDash((s) => (s.selected ? s.outcomes[s.selected] : undefined));
  const world = useDash((s) => s.world);
  const body = Math.max(1, props.height - 2);
  const lines = draft.split('\n').slice(-body);
  const cursor = ascii ? '_' : '█';
  const target = selected ? paneLabel(world, selected) : '';
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <Text wrap="truncate-end" bold {...(color ? { color: 'cyan' } : {})}>
        {`Message to ${target} (${selected ?? '-'}) — Enter sends, Ctrl-J new line, Esc keeps the draft`}
      </Text>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of a draft are positional
        <Box key={i} height={1} width={props.width} overflow="hidden">
          <Text wrap="truncate-start">
            {'> '}
            {oneLine(line)}
            {i === lines.length - 1 ? cursor : ''}
          </Text>
        </Box>
      ))}
      <Box height={1} width={props.width} overflow="hidden">
        {outcome ? (
          <Text wrap="truncate-end" {...(color ? { color: OUTCOME_COLOR[outcome.status] } : {})}>
            {`${OUTCOME_WORD[outcome.status]}: ${oneLine(outcome.detail)}`}
          </Text>
        ) : (
          <Text dimColor={color}> </Text>
        )}
      </Box>
    </Box>
  );
}
