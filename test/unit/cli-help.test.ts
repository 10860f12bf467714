import { describe, expect, it } from 'vitest';
import {
  commandHelp,
  DASH_OPTION_HELP,
  DASH_OPTIONS,
  dashHelp,
  EXIT_CODES,
  helpText,
} from '../../src/cli-main.js';
import { EXIT } from '../../src/commands/context.js';
import { COMMANDS } from '../../src/commands/registry.js';
import { distance, suggest, unknownOptions } from '../../src/commands/usage.js';

describe('tmo <command> --help', () => {
  it("lists every option of the command's own parser table, each with a description", async () => {
    for (const entry of COMMANDS) {
      const options = (await entry.load()).options ?? {};
      const help = commandHelp(entry, options);
      for (const [name, o] of Object.entries(options)) {
        const line = help.split('\n').find((l) => new RegExp(`^  (-\\w, )?--${name}\\b`).test(l));
        expect(line, `${entry.name} --${name}`).toBeDefined();
        if (o.short) expect(line, `${entry.name} -${o.short}`).toContain(`-${o.short}, --${name}`);
        // a description after the flag
        expect(
          line!.replace(/^\s*(-\w, )?--[\w-]+( V)?…?\s*/, '').length,
          `${entry.name} --${name}`,
        ).toBeGreaterThan(5);
      }
      // and nothing described that the parser does not take
      for (const name of Object.keys(entry.optionHelp ?? {}))
        expect(Object.keys(options), `${entry.name}: --${name} described`).toContain(name);
    }
    for (const name of Object.keys(DASH_OPTIONS)) {
      expect(dashHelp()).toMatch(new RegExp(`--${name}\\b`));
      expect(DASH_OPTION_HELP[name]).toBeTruthy();
    }
  });

  it('the global help lists every exit code, 4 and 5 included', () => {
    const codes = [...new Set(Object.values(EXIT))].sort();
    expect(EXIT_CODES.map(([c]) => c).sort()).toEqual(codes);
    for (const c of [0, 1, 2, 3, 4, 5]) expect(helpText()).toMatch(new RegExp(`^  ${c}  \\S`, 'm'));
  });
});

describe('did you mean', () => {
  const names = ['dash', ...COMMANDS.map((c) => c.name)];
  it('suggests the nearest command or option for a typo, nothing for a stranger', () => {
    expect(distance('sned', 'send')).toBe(1);
    expect(suggest('sned', names)).toBe('send');
    expect(suggest('staus', names)).toBe('status');
    expect(suggest('stat', names)).toBe('status');
    expect(suggest('--jsno', ['--json', '--help', '--socket-name'])).toBe('--json');
    expect(suggest('frobnicate', names)).toBeUndefined();
    expect(suggest('--x', ['--json'])).toBeUndefined();
  });

  it('finds the option the parser would reject, skipping option values and what follows --', () => {
    const options = {
      json: { type: 'boolean' },
      lines: { type: 'string', short: 'n' },
      'socket-name': { type: 'string', short: 'L' },
    } as const;
    expect(unknownOptions(['x', '--jsno'], options)).toBe('--jsno');
    expect(unknownOptions(['-L', '--jsno', 'x'], options)).toBeUndefined(); // -L's value
    expect(unknownOptions(['-n', '5', '--json', '--', '--jsno'], options)).toBeUndefined();
    expect(unknownOptions(['--lines=3', '-q'], options)).toBe('-q');
    expect(unknownOptions(['-n3', '-'], options)).toBeUndefined();
  });
});
