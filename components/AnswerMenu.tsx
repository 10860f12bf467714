import { Box, Text } from 'ink';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import { paneLabel } from '../src/store/feed.js';
import { plain } from './theme.js';

/** Rows the answer menu takes: a title, its options (at most nine), a hint line. */
export const answerMenuHeight = (options: number, rows: number): number =>
  Math.min(Math.max(3, Math.floor(rows / 2)), Math.min(9, options) + 2);

/** The answer menu: the dialog's own options, numbered; the one under the cursor highlighted. */
export function AnswerMenu(props: { width: number; height: number }) {
  const { color, ascii } = useTheme();
  const menu = useDash((s) => s.menu);
  const world = useDash((s) => s.world);
  const agent = useDash((s) => (s.menu ? s.world.agents[s.menu.paneId] : undefined));
  if (!menu) return null;
  const body = Math.max(1, props.height - 2);
  const first = Math.max(0, Math.min(menu.index - body + 1, menu.options.length - body));
  const question = agent?.message ? ` — ${agent.message}` : '';
  const title = `Answer ${paneLabel(world, menu.paneId)} (${agent?.kind ?? '?'}, ${agent?.reason ?? 'dialog'})${question}`;
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <Text wrap="truncate-end" bold {...(color ? { color: 'yellow' } : {})}>
        {plain(title, ascii)}
      </Text>
      {menu.options.slice(first, first + body).map((o, i) => {
        const n = first + i + 1;
        const on = first + i === menu.index;
        const keys = o.keys.length ? `  (${o.keys.join(' ')})` : '';
        return (
          <Box key={`${n}-${o.choice}`} height={1} width={props.width} overflow="hidden">
            <Text wrap="truncate-end" inverse={on}>
              {plain(`${on ? '>' : ' '} ${n}. ${o.label}${keys}`, ascii)}
            </Text>
          </Box>
        );
      })}
      <Text wrap="truncate-end" dimColor={color}>
        {plain(
          menu.generic
            ? "  the dialog's own options were not read: Yes/No as `tmo answer` sends them for this agent"
            : '  1-9 or j/k and Enter pick; Esc cancels; the dialog must close for "confirmed"',
          ascii,
        )}
      </Text>
    </Box>
  );
}
