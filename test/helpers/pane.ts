import type { PaneInfo } from '../../src/model/types.js';

/** A pane record for classification tests: a bash pane titled `host`, with `over` on top. */
export const paneInfo = (over: Partial<PaneInfo> = {}): PaneInfo => ({
  id: '%1',
  index: 0,
  active: true,
  width: 120,
  height: 40,
  command: 'bash',
  pid: 0,
  title: 'host',
  dead: false,
  inMode: false,
  ...over,
});
