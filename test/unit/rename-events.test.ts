import { describe, expect, it } from 'vitest';
import { formatLine } from '../../src/commands/events.js';
import type { TmoEvent } from '../../src/model/events.js';
import { initialWorld } from '../../src/model/reducer.js';
import { feedEntry } from '../../src/store/feed.js';

/** A rename says which session's window it was: `session:old → new`, in the feed and in `tmo events`. */
const renamed: TmoEvent = {
  type: 'window.renamed',
  time: Date.parse('2026-12-02T12:03:00Z'),
  sessionId: '$1',
  session: 'api',
  windowId: '@4',
  window: 'tests',
  windowIndex: 2,
  oldName: 'build',
};

describe('rename events name the session', () => {
  it('in the dashboard feed', () => {
    expect(feedEntry(renamed, initialWorld())?.text).toBe('window api:build → tests');
  });

  it('in tmo events', () => {
    expect(formatLine(renamed)).toBe('12:03:00.000 window.renamed   api:build → tests (window 2, @4)');
  });
});
