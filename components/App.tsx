import { Box } from 'ink';
import { useState } from 'react';
import { useDash } from '../hooks/use-dash.js';
import { useDashKeys } from '../hooks/use-dash-keys.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useTheme } from '../hooks/use-theme.js';
import { AgentList } from './AgentList.js';
import { AnswerMenu, answerMenuHeight } from './AnswerMenu.js';
import { Composer, composerHeight } from './Composer.js';
import { ConfirmLine } from './ConfirmLine.js';
import { EventFeed } from './EventFeed.js';
import { Footer } from './Footer.js';
import { HelpOverlay } from './HelpOverlay.js';
import { InputLine } from './InputLine.js';
import { PaneView } from './PaneView.js';
import { StatusBar } from './StatusBar.js';

/**
 * The dashboard: status line; agents tree | (pane over feed); composer or input line; key hints.
 * Every box has a fixed height so the frame never exceeds the terminal (taller frames make Ink flicker).
 */
export function App(props: { paste?: boolean }) {
  // Quitting: nothing more to draw. Ink renders a last frame as it unmounts; an empty one costs nothing.
  const [leaving, setLeaving] = useState(false);
  useDashKeys({ paste: props.paste !== false, onLeave: () => setLeaving(true) });
  const { ascii, color } = useTheme();
  const { columns, rows } = useTerminalSize();
  const mode = useDash((s) => s.mode);
  const panel = useDash((s) => s.panel);
  const draft = useDash((s) => (s.selected ? (s.drafts[s.selected] ?? '') : ''));
  const options = useDash((s) => s.menu?.options.length ?? 0);

  const width = Math.max(20, columns);
  const height = Math.max(8, rows);
  const bottom =
    mode === 'compose'
      ? composerHeight(draft, height)
      : mode === 'answer'
        ? answerMenuHeight(options, height)
        : mode === 'filter' || mode === 'command' || mode === 'confirm'
          ? 1
          : 0;
  const body = Math.max(3, height - 2 - bottom);
  const leftWidth = Math.min(64, Math.max(28, Math.floor(width * 0.45)));
  const rightWidth = Math.max(10, width - leftWidth - 1);
  const feedHeight = Math.max(3, Math.floor(body * 0.35));
  const paneHeight = Math.max(2, body - feedHeight);
  if (leaving) return null;

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <StatusBar width={width} />
      {mode === 'help' ? (
        <HelpOverlay width={width} height={body} />
      ) : (
        <Box flexDirection="row" height={body} width={width} overflow="hidden">
          <AgentList width={leftWidth} height={body} focused={panel === 'agents'} />
          <Box
            flexDirection="column"
            width={rightWidth + 1}
            height={body}
            overflow="hidden"
            borderStyle={ascii ? 'classic' : 'single'}
            borderTop={false}
            borderBottom={false}
            borderRight={false}
            {...(color ? { borderColor: 'gray' } : {})}
          >
            <PaneView width={rightWidth} height={paneHeight} focused={panel === 'pane'} />
            <EventFeed width={rightWidth} height={feedHeight} focused={panel === 'feed'} />
          </Box>
        </Box>
      )}
      {mode === 'compose' ? <Composer width={width} height={bottom} /> : null}
      {mode === 'answer' ? <AnswerMenu width={width} height={bottom} /> : null}
      {mode === 'filter' || mode === 'command' ? <InputLine width={width} /> : null}
      {mode === 'confirm' ? <ConfirmLine width={width} /> : null}
      <Footer width={width} />
    </Box>
  );
}
