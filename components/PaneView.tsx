import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import { paneLabel } from '../src/store/feed.js';
import { PanelTitle } from './PanelTitle.js';
import { sanitizeScreen, tailLines } from './theme.js';

/** The selected agent's live screen: the bottom of its latest capture, one truncated line per row. */
export function PaneView(props: { width: number; height: number; focused: boolean }) {
  const { color } = useTheme();
  const selected = useDash((s) => s.selected);
  const text = useDash((s) => (s.selected ? s.panes[s.selected] : undefined));
  const world = useDash((s) => s.world);
  const agent = useDash((s) => (s.selected ? s.world.agents[s.selected] : undefined));
  const body = Math.max(0, props.height - 1);
  const lines = useMemo(
    () => (text === undefined ? [] : tailLines(sanitizeScreen(text, color), body)),
    [text, color, body],
  );
  const title = selected ? `Pane ${selected} ${paneLabel(world, selected)}` : 'Pane';
  const extra = agent ? `${agent.kind}${agent.rule ? ` · ${agent.rule}` : ''}` : '';
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <PanelTitle title={title} focused={props.focused} width={props.width} color={color} extra={extra} />
      {!selected ? (
        <Text dimColor={color}> Select an agent to see its screen.</Text>
      ) : text === undefined ? (
        <Text dimColor={color}> capturing…</Text>
      ) : (
        lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: screen rows are positional
          <Box key={i} width={props.width} height={1} overflow="hidden">
            <Text wrap="truncate-end">{line === '' ? ' ' : line}</Text>
          </Box>
        ))
      )}
    </Box>
  );
}
