import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyScreen } from '../../src/agents/classify.js';
import { detectKind } from '../../src/agents/detect.js';
import { ConfigError, loadConfig, parseConfig, tablesFromConfig } from '../../src/config/config.js';
import type { PaneInfo } from '../../src/model/types.js';

const errorsOf = (value: unknown): string[] => {
  try {
    parseConfig(JSON.stringify(value));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  return [];
};

describe('config.json', () => {
  it('missing file = {}, a valid one loads, an invalid one names file and key path', () => {
    const home = mkdtempSync(join(tmpdir(), 'tmo-cfg-'));
    expect(loadConfig({ XDG_CONFIG_HOME: home })).toEqual({});
    mkdirSync(join(home, 'tmux-orchestrator'));
    const file = join(home, 'tmux-orchestrator', 'config.json');
    writeFileSync(file, JSON.stringify({ agents: { idleDebounceMs: 800 } }));
    expect(loadConfig({ XDG_CONFIG_HOME: home })).toEqual({ agents: { idleDebounceMs: 800 } });
    const rules = [
      { id: 'a', state: 'idle', pattern: 'x' },
      { id: 'b', state: 'idle', pattern: 'y' },
    ];
    writeFileSync(
      file,
      JSON.stringify({
        agents: { kinds: { claude: { rules: [...rules, { id: 'c', state: 'waiting', pattern: '(' }] } } },
      }),
    );
    expect(() => loadConfig({ XDG_CONFIG_HOME: home })).toThrow(
      `${file}: agents.kinds.claude.rules[2].pattern: invalid regular expression`,
    );
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ XDG_CONFIG_HOME: home })).toThrow(/config\.json: \(top level\): invalid JSON/);
  });

  it('a config file in another format is an error, not silently ignored', () => {
    const home = mkdtempSync(join(tmpdir(), 'tmo-cfg-'));
    mkdirSync(join(home, 'tmux-orchestrator'));
    writeFileSync(join(home, 'tmux-orchestrator', 'config.yaml'), 'agents: {}\n');
    writeFileSync(join(home, 'tmux-orchestrator', 'config.json.bak'), '{}');
    expect(() => loadConfig({ XDG_CONFIG_HOME: home })).toThrow(
      /config\.yaml: \(file\): only config\.json is read/,
    );
    writeFileSync(join(home, 'tmux-orchestrator', 'config.json'), '{}');
    expect(loadConfig({ XDG_CONFIG_HOME: home })).toEqual({});
  });

  it('a byte-order mark before the JSON is no error (Notepad writes one)', () => {
    expect(parseConfig('\ufeff{"agents":{}}')).toEqual({ agents: {} });
    expect(() => parseConfig('\ufeff\ufeff{}')).toThrow(ConfigError);
  });

  it('reports every problem with its key path', () => {
    const errors = errorsOf({
      agents: {
        idleDebounceMs: -1,
        kinds: {
          claude: {
            rules: [{ id: '', state: 'busy', reason: 'bored', pattern: 'x', flags: 'g', on: 'footer' }],
          },
          vim: {},
          codex: { commands: 'codex2', titlePatterns: ['['] },
        },
        generic: [{ name: 'mine' }],
      },
      keys: { quit: 3 },
      notifications: { bell: 'yes' },
      send: { maxBytes: 0 },
      colour: true,
    });
    const expected = [
      'agents.idleDebounceMs: must be a number ≥ 0',
      'agents.kinds.claude.rules[0].id: must be a non-empty string',
      'agents.kinds.claude.rules[0].state: must be one of',
      'agents.kinds.claude.rules[0].reason: must be one of',
      'agents.kinds.claude.rules[0].flags: must be a string of regular expression flags',
      'agents.kinds.claude.rules[0].on: must be "screen" or "title"',
      'agents.kinds.vim: unknown agent kind',
      'agents.kinds.codex.commands: must be an array of strings',
      'agents.kinds.codex.titlePatterns[0]: invalid regular expression',
      'agents.generic[0].commands: must be an array of strings',
      'keys.quit: must be an array of strings',
      'notifications.bell: must be true or false',
      'send.maxBytes: must be a number ≥ 1',
      'colour: unknown key',
    ];
    for (const e of expected)
      expect(
        errors.some((line) => line.includes(`config.json: ${e}`)),
        e,
      ).toBe(true);
    expect(errors).toHaveLength(expected.length);
  });

  it('user rules come before the built-in ones and override them; replaceRules drops the built-ins', () => {
    const screen = 'BUILDING STUFF\n────\n> \n────\n';
    const config = parseConfig(
      JSON.stringify({
        agents: {
          kinds: {
            claude: {
              commands: ['cc'],
              rules: [{ id: 'my.busy', state: 'working', pattern: 'building stuff', flags: 'i' }],
            },
            codex: { replaceRules: true, rules: [{ id: 'my.only', state: 'error', pattern: 'boom' }] },
          },
          generic: [{ name: 'My agent', commands: ['myagent'] }],
        },
      }),
    );
    const tables = tablesFromConfig(config);
    const claude = tables.find((t) => t.kind === 'claude')!;
    expect(classifyScreen(claude, screen, '')).toMatchObject({ state: 'working', rule: 'my.busy' });
    expect(claude.rules.length).toBeGreaterThan(5);
    const codex = tables.find((t) => t.kind === 'codex')!;
    expect(codex.rules.map((r) => r.id)).toEqual(['my.only']);
    const pane = { id: '%1', command: 'cc', title: '', pid: 0 } as PaneInfo;
    expect(detectKind(pane, undefined, tables)?.kind).toBe('claude');
    const generic = detectKind({ ...pane, command: 'myagent' }, undefined, tables);
    expect(generic).toMatchObject({ kind: 'generic', via: 'command' });
    expect(generic?.table?.label).toBe('My agent');
    expect(classifyScreen(generic!.table!, 'Proceed? [y/n] ', '').state).toBe('waiting');
  });
});
