import { describe, expect, it } from 'vitest';
import type { PaneInfo, WindowInfo } from '../../src/model/types.js';
import { nameWords, windowType } from '../../src/model/window-type.js';

const pane = (command: string, id = '%1'): PaneInfo => ({
  id,
  index: 0,
  active: true,
  width: 80,
  height: 24,
  command,
  pid: 1,
  title: '',
  dead: false,
  inMode: false,
  currentPath: '/',
});
const win = (name: string, ...commands: string[]): WindowInfo => ({
  id: '@1',
  index: 0,
  name,
  active: true,
  activity: 0,
  panes: commands.map((c, i) => pane(c, `%${i}`)),
});

describe('windowType', () => {
  it('splits names into whole words', () => {
    expect(nameWords('Dev-Server 2')).toEqual(['dev', 'server', '2']);
    expect(nameWords('npm-watch')).toEqual(['npm', 'watch']);
  });

  it('never decides by substring', () => {
    expect(windowType({ window: win('devops', 'bash') })).toBe('shell');
    expect(windowType({ window: win('npm-watch', 'bash') })).not.toBe('project-manager');
    expect(windowType({ window: win('serverless-notes', 'vim') })).toBe('unknown');
    expect(windowType({ window: win('shellfish', 'vim') })).toBe('unknown');
  });

  it('decides by process first', () => {
    expect(windowType({ window: win('shell', 'claude') })).toBe('agent');
    expect(windowType({ window: win('notes', '2.1.34') })).toBe('agent');
    expect(windowType({ window: win('whatever', 'node') })).toBe('dev-server');
    expect(windowType({ window: win('Claude-Agent', 'vim') })).toBe('agent');
  });

  it('uses whole words of the name second', () => {
    expect(windowType({ window: win('Project-Manager', 'claude') })).toBe('project-manager');
    expect(windowType({ window: win('pm', 'codex') })).toBe('project-manager');
    expect(windowType({ window: win('Dev-Server', 'bash') })).toBe('dev-server');
    expect(windowType({ window: win('Shell', 'vim') })).toBe('shell');
    expect(windowType({ window: win('editor', 'vim') })).toBe('unknown');
  });

  it('uses full agent detection when given', () => {
    const w = win('work', 'node');
    expect(windowType({ window: w, agents: { '%0': { kind: 'claude', state: 'idle', since: 0 } } })).toBe(
      'agent',
    );
    expect(windowType({ window: win('work', 'claude'), agents: {} })).toBe('unknown');
  });
});
