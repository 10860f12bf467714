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

  it('splits any name as the Unicode letter and digit classes do (ASCII names take a cheaper split)', () => {
    const reference = (name: string) =>
      name
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean);
    const names = [
      'Café-Server',
      'Ölçek_2',
      '\u212Aelvin dev',
      'İstanbul pm',
      '日本語 api',
      'a\x00b\x7fc',
      '',
      '--',
    ];
    // and random strings over ASCII, Latin-1 and a few wider characters
    const alphabet = 'aZ09 -_.:/\x1b\x7f\u00e9\u00c9\u0130\u212a\u2160\u0663\u4e2d😀';
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 500; i++)
      names.push(Array.from({ length: rand(12) }, () => [...alphabet][rand([...alphabet].length)]).join(''));
    for (const name of names) expect(nameWords(name), JSON.stringify(name)).toEqual(reference(name));
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

describe('windowType remembers what it worked out, by what decides it', () => {
  it('answers the same inputs alike and follows a change of any of them', () => {
    const w = win('review', 'bash');
    expect(windowType({ window: w })).toBe('shell');
    expect(windowType({ window: w })).toBe('shell');
    // an agent found in it, the name, a command: each changes the answer
    const agents = { '%0': { kind: 'claude', state: 'idle', since: 0 } } as never;
    expect(windowType({ window: w, agents })).toBe('agent');
    expect(windowType({ window: win('pm', 'bash'), agents })).toBe('project-manager');
    expect(windowType({ window: win('review', 'vite') })).toBe('dev-server');
    expect(windowType({ window: w })).toBe('shell');
  });
});
