import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { useDash } from '../hooks/use-dash.js';
import { useTheme } from '../hooks/use-theme.js';
import type { WorldState } from '../src/model/types.js';
import { paneLabel } from '../src/store/feed.js';
import { PanelTitle } from './PanelTitle.js';
import { cut, plain, sanitizeScreen, tailLines } from './theme.js';

/** What runs in a pane (for a pane that is not an agent). */
function paneCommand(world: WorldState, paneId: string | undefined): string {
  for (const s of world.snapshot.sessions)
    for (const w of s.windows) {
      const p = w.panes.find((x) => x.id === paneId);
      if (p) return p.dead ? `${p.command} (dead)` : p.command;
    }
  return '';
}

/** The selected pane's live screen: the bottom of its latest capture, one truncated line per row. */
export function PaneView(props: { width: number; height: number; focused: boolean }) {
  const { color, ascii } = useTheme();
  const selected = useDash((s) => s.selected);
  const text = useDash((s) => (s.selected ? s.panes[s.selected] : undefined));
  const world = useDash((s) => s.world);
  const agent = useDash((s) => (s.selected ? s.world.agents[s.selected] : undefined));
  const body = Math.max(0, props.height - 1);
  const lines = useMemo(
    () => (text === undefined ? [] : tailLines(plain(sanitizeScreen(text, color), ascii), body)),
    [text, color, ascii, body],
  );
  const title = selected ? `Pane ${selected} ${paneLabel(world, selected)}` : 'Pane';
  const command = useDash((s) => paneCommand(s.world, s.selected));
  const extra = agent ? `${agent.kind}${agent.rule ? ` · ${agent.rule}` : ''}` : command;
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <PanelTitle title={title} focused={props.focused} width={props.width} color={color} extra={extra} />
      {!selected ? (
        <Text dimColor={color}> Select a pane to see its screen.</Text>
      ) : text === undefined ? (
        <Text dimColor={color}> {plain('capturing…', ascii)}</Text>
      ) : (
        lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: screen rows are positional
          <Box key={i} width={props.width} height={1} overflow="hidden">
            <Text wrap={cut(ascii)}>{line === '' ? ' ' : line}</Text>
          </Box>
        ))
      )}
    </Box>
  );
}
