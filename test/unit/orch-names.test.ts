import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agentArgv,
  agentWindowName,
  attachCommand,
  CommandSyntaxError,
  nameProblem,
  sanitizeName,
  splitCommand,
  tmuxExecArgv,
  tmuxSessionName,
  uniqueWindowName,
} from '../../src/orchestrate/names.js';
import { tmuxArg, tmuxFormatArg } from '../../src/orchestrate/tmux-args.js';

describe('session names', () => {
  it('accepts plain names and refuses hostile ones', () => {
    for (const ok of ['proj', 'my-proj_2', 'a.b', '_x', '0']) expect(nameProblem(ok)).toBeUndefined();
    for (const bad of ['', '-x', 'a;', 'a b', '#(touch /tmp/x)', 'a:b', "it's", 'a\nb', 'x'.repeat(65)])
      expect(nameProblem(bad)).toBeDefined();
  });

  it('derives a valid name from any folder name', () => {
    expect(sanitizeName('my proj#(x)')).toBe('my-proj-x');
    expect(sanitizeName('--weird;;name--')).toBe('weird-name');
    expect(sanitizeName('.hidden')).toBe('hidden');
    expect(sanitizeName('日本語')).toBe('project');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (raw) => {
        expect(nameProblem(sanitizeName(raw))).toBeUndefined();
      }),
    );
  });

  it('mirrors tmux rewriting . and : in session names', () => {
    expect(tmuxSessionName('a.b')).toBe('a_b');
  });
});

describe('agent commands', () => {
  it('maps the built-in agents', () => {
    expect(agentArgv('claude')).toEqual(['claude']);
    expect(agentArgv('codex')).toEqual(['codex']);
    expect(agentWindowName('claude')).toBe('Claude-Agent');
    expect(agentWindowName('my-tool --x')).toBe('Agent');
  });

  it('splits like a shell without expanding anything', () => {
    expect(splitCommand(`claude --model "opus 4" 'a b' c\\ d`)).toEqual([
      'claude',
      '--model',
      'opus 4',
      'a b',
      'c d',
    ]);
    expect(splitCommand('echo $HOME; rm -rf / | x')).toEqual(['echo', '$HOME;', 'rm', '-rf', '/', '|', 'x']);
    expect(splitCommand(`a "x\\"y" ''`)).toEqual(['a', 'x"y', '']);
    expect(() => splitCommand(`a 'b`)).toThrow(CommandSyntaxError);
    expect(() => splitCommand('a "b')).toThrow(CommandSyntaxError);
    expect(() => agentArgv('   ')).toThrow(CommandSyntaxError);
    expect(() => agentArgv('-rf x')).toThrow(CommandSyntaxError);
  });

  it('never hands tmux a single argument (which it would run through sh -c)', () => {
    expect(tmuxExecArgv(['claude'])).toEqual(['env', '--', 'claude']);
    expect(tmuxExecArgv(['a', 'b'])).toEqual(['a', 'b']);
    expect(() => tmuxExecArgv(['A=b'])).toThrow(CommandSyntaxError);
  });
});

describe('tmux argument escaping', () => {
  it('escapes a trailing ; so tmux does not split the command there', () => {
    expect(tmuxArg('a;')).toBe('a\\;');
    expect(tmuxArg(';')).toBe('\\;');
    expect(tmuxArg('a\\;')).toBe('a\\\\;');
    expect(tmuxArg('a;b')).toBe('a;b');
  });

  it('round-trips through tmux’s own unescaping for any text', () => {
    // tmux: an argument ending in `\;` loses the backslash; one ending in a bare `;` ends the command.
    const tmuxUnescape = (arg: string): string | null => {
      if (!arg.endsWith(';')) return arg;
      if (arg.length > 1 && arg[arg.length - 2] === '\\') return `${arg.slice(0, -2)};`;
      return null;
    };
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(tmuxUnescape(tmuxArg(s))).toBe(s);
      }),
    );
  });

  it('doubles # for format-expanded arguments', () => {
    expect(tmuxFormatArg('/tmp/a#(x)#{pane_id};')).toBe('/tmp/a##(x)##{pane_id}\\;');
  });
});

describe('uniqueWindowName', () => {
  it('keeps a free name and numbers a taken one from 2', () => {
    expect(uniqueWindowName('Project-Manager', ['Shell'])).toBe('Project-Manager');
    expect(uniqueWindowName('Project-Manager', ['Project-Manager'])).toBe('Project-Manager-2');
    expect(
      uniqueWindowName('Project-Manager', ['Project-Manager', 'Project-Manager-2', 'Project-Manager-4']),
    ).toBe('Project-Manager-3');
  });
});

describe('attachCommand', () => {
  it('names the server tmo was pointed at, quoted for a shell', () => {
    expect(attachCommand({ socketName: 'work' }, 'shop', false)).toBe("tmux -L work attach -t '=shop'");
    expect(attachCommand({ socketPath: '/tmp/my socks/s' }, 'shop', true)).toBe(
      "tmux -S '/tmp/my socks/s' attach -t '=shop'",
    );
    expect(attachCommand({}, 'shop', false)).toBe("tmux attach -t '=shop'");
    expect(attachCommand({}, 'shop', true)).toBe("tmux switch-client -t '=shop'");
  });
});
