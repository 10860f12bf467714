import { Box, Text } from 'ink';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import { displayKey } from '../src/keymap/table.js';
import { paneLabel } from '../src/store/feed.js';
import { oneLine, plain } from './theme.js';

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

/**
 * Why free text was refused into a dialog, and the key that answers it instead, in the longest wording that
 * fits the width.
 */
export function dialogRefusal(kind: string, reason: string | undefined, key: string, width: number): string {
  const what = reason ? `a ${reason} dialog` : 'a dialog';
  const texts = [
    `refused: ${kind} is waiting on ${what}, not for text. Press ${key} to answer it; Esc keeps the draft.`,
    `refused: ${kind} waits on ${what}. Press ${key} to answer it.`,
    `refused: a dialog is open. Press ${key} to answer.`,
    `refused: dialog open; ${key} answers`,
  ];
  return texts.find((t) => t.length <= width) ?? texts[texts.length - 1]!;
}

export const composerHeight = (draft: string, rows: number): number =>
  Math.min(Math.max(3, Math.floor(rows / 3)), draft.split('\n').length + 2);

/** The message box for the selected agent: draft (multi-line), cursor, and the last send outcome. */
export function Composer(props: { width: number; height: number }) {
  const { color, ascii } = useTheme();
  const selected = useDash((s) => s.selected);
  const draft = useDash((s) => (s.selected ? (s.drafts[s.selected] ?? '') : ''));
  const outcome = useDash((s) => (s.selected ? s.outcomes[s.selected] : undefined));
  const world = useDash((s) => s.world);
  const agent = useDash((s) => (s.selected ? s.world.agents[s.selected] : undefined));
  const answerKey = useDash((s) => s.keymap.bindings.find((b) => b.action === 'answer')?.keys[0] ?? 'a');
  const body = Math.max(1, props.height - 2);
  const lines = draft.split('\n').slice(-body);
  const cursor = ascii ? '_' : '█';
  const target = selected ? paneLabel(world, selected) : '';
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <Text wrap="truncate-end" bold {...(color ? { color: 'cyan' } : {})}>
        {plain(
          `Message to ${target} (${selected ?? '-'}) — Enter sends, Ctrl-J new line, Esc keeps the draft`,
          ascii,
        )}
      </Text>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of a draft are positional
        <Box key={i} height={1} width={props.width} overflow="hidden">
          <Text wrap="truncate-start">
            {'> '}
            {plain(oneLine(line), ascii)}
            {i === lines.length - 1 ? cursor : ''}
          </Text>
        </Box>
      ))}
      <Box height={1} width={props.width} overflow="hidden">
        {outcome ? (
          <Text wrap="truncate-end" {...(color ? { color: OUTCOME_COLOR[outcome.status] } : {})}>
            {plain(
              outcome.status === 'refused' && agent?.state === 'waiting'
                ? dialogRefusal(agent.kind, agent.reason, displayKey(answerKey, ascii), props.width)
                : `${OUTCOME_WORD[outcome.status]}: ${oneLine(outcome.detail)}`,
              ascii,
            )}
          </Text>
        ) : (
          <Text dimColor={color}> </Text>
        )}
      </Box>
    </Box>
  );
}
