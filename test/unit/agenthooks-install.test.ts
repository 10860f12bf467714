import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyTarget, targetStatus } from '../../src/agenthooks/install.js';
import { parseJson } from '../../src/agenthooks/jsonedit.js';
import { type HookAgent, hookCommand, isOurCommand, targetsFor } from '../../src/agenthooks/targets.js';

let home: string;
const opts = () => ({ env: { HOME: home }, node: '/opt/node 24/bin/node', tmo: '/opt/tmo/bin/tmo.js' });
const targets = (agent: HookAgent) => targetsFor(agent, opts());
const installAll = (agent: HookAgent) => targets(agent).map((t) => applyTarget(t, false, false));
const uninstallAll = (agent: HookAgent) => targets(agent).map((t) => applyTarget(t, true, false));

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'tmo-hooks-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** A user's settings with hooks of their own, odd spacing, escapes and other keys. */
const CLAUDE_SETTINGS = `{
    "model":   "opus",
    "permissions": { "allow": ["Bash(npm test:*)"] },
    "hooks": {
        "Stop": [
            { "hooks": [ { "type": "command", "command": "notify-send \\"done\\"" } ] }
        ],
        "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "~/guard.sh"}]}]
    },
    "env": { "GREETING": "h\\u00e9llo" }
}
`;

describe('tmo hooks install / uninstall', () => {
  it('Claude Code: keeps the user hooks and keys byte for byte, idempotent, uninstall restores the file', () => {
    const file = join(home, '.claude', 'settings.json');
    mkdirSync(join(home, '.claude'));
    writeFileSync(file, CLAUDE_SETTINGS);
    expect(installAll('claude').map((c) => c.action)).toEqual(['installed']);
    const once = readFileSync(file, 'utf8');
    // every byte of the original is still there, in order: ours were only inserted
    let at = 0;
    for (const ch of CLAUDE_SETTINGS) {
      at = once.indexOf(ch, at) + 1;
      expect(at).toBeGreaterThan(0);
    }
    const settings = JSON.parse(once);
    expect(settings.model).toBe('opus');
    expect(settings.env.GREETING).toBe('héllo');
    expect(settings.hooks.Stop[0].hooks[0].command).toBe('notify-send "done"');
    expect(settings.hooks.PreToolUse[0].matcher).toBe('Bash');
    expect(settings.hooks.Stop[1].hooks[0].command).toBe(
      `'/opt/node 24/bin/node' /opt/tmo/bin/tmo.js hook Stop --agent claude`,
    );
    expect(settings.hooks.Stop[1].hooks[0]).toMatchObject({ type: 'command', timeout: 10, async: true });
    const matchers = settings.hooks.Notification.map((g: { matcher: string }) => g.matcher);
    expect(matchers).toEqual(['permission_prompt', 'idle_prompt', 'elicitation_dialog']);
    for (const e of ['UserPromptSubmit', 'PostToolUse', 'StopFailure', 'SessionStart', 'SessionEnd'])
      expect(settings.hooks[e]).toHaveLength(1);
    // a backup of the original
    const backups = readdirSync(join(home, '.claude')).filter((f) =>
      f.startsWith('settings.json.tmo-backup-'),
    );
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(home, '.claude', backups[0]!), 'utf8')).toBe(CLAUDE_SETTINGS);
    // twice = once
    expect(installAll('claude').map((c) => c.action)).toEqual(['unchanged']);
    expect(readFileSync(file, 'utf8')).toBe(once);
    expect(targetStatus(targets('claude')[0]!)).toMatchObject({ missing: [], stale: [] });
    // uninstall: exactly the original bytes
    expect(uninstallAll('claude').map((c) => c.action)).toEqual(['removed']);
    expect(readFileSync(file, 'utf8')).toBe(CLAUDE_SETTINGS);
    expect(uninstallAll('claude').map((c) => c.action)).toEqual(['absent']);
  });

  it('a file that did not exist is created (0600) and removed again', () => {
    installAll('claude');
    const file = join(home, '.claude', 'settings.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual(['hooks']);
    uninstallAll('claude');
    expect(existsSync(file)).toBe(false);
  });

  it('a moved install (other paths) is updated in place, not doubled', () => {
    installAll('claude');
    const moved = targetsFor('claude', { ...opts(), tmo: '/new/bin/tmo.js' })[0]!;
    expect(targetStatus(moved).stale.length).toBeGreaterThan(0);
    expect(applyTarget(moved, false, false).action).toBe('updated');
    const settings = JSON.parse(readFileSync(moved.path, 'utf8'));
    expect(settings.hooks.Stop).toHaveLength(1);
    expect(settings.hooks.Stop[0].hooks[0].command).toContain('/new/bin/tmo.js');
  });

  it('--dry-run writes nothing', () => {
    const change = applyTarget(targets('gemini')[0]!, false, true);
    expect(change.action).toBe('installed');
    expect(existsSync(join(home, '.gemini', 'settings.json'))).toBe(false);
  });

  it('Codex: notify goes first in config.toml (a top-level key), the rest stays; a notify of yours is kept', () => {
    const dir = join(home, '.codex');
    mkdirSync(dir);
    const toml =
      'model = "o3"\napproval_policy = "on-request"\n\n[model_providers.local]\nbase_url = "http://127.0.0.1:1"\n';
    writeFileSync(join(dir, 'config.toml'), toml);
    installAll('codex');
    const after = readFileSync(join(dir, 'config.toml'), 'utf8');
    expect(after.endsWith(toml)).toBe(true);
    expect(after.split('\n')[0]).toMatch(
      /^notify = \["\/opt\/node 24\/bin\/node", "\/opt\/tmo\/bin\/tmo.js", "hook", "notify", "--agent", "codex"\]/,
    );
    const hooks = JSON.parse(readFileSync(join(dir, 'hooks.json'), 'utf8')).hooks;
    expect(Object.keys(hooks)).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'PreToolUse',
      'PermissionRequest',
      'PostToolUse',
      'Stop',
    ]);
    uninstallAll('codex');
    expect(readFileSync(join(dir, 'config.toml'), 'utf8')).toBe(toml);
    expect(existsSync(join(dir, 'hooks.json'))).toBe(false);
    // the user's own notify is never replaced
    const mine = 'notify = ["my-notifier"]\n';
    writeFileSync(join(dir, 'config.toml'), mine);
    const [, notify] = installAll('codex');
    expect(notify).toMatchObject({ action: 'skipped' });
    expect(readFileSync(join(dir, 'config.toml'), 'utf8')).toBe(mine);
    // quoted, it is the same key: a second `notify` would make the file one Codex cannot load
    for (const quoted of ['"notify" = ["x"]\n', "'notify' = ['x']\n"]) {
      writeFileSync(join(dir, 'config.toml'), quoted);
      expect(installAll('codex')[1]).toMatchObject({ action: 'skipped' });
      expect(readFileSync(join(dir, 'config.toml'), 'utf8')).toBe(quoted);
    }
  });

  it('settings nested deeper than any real one are refused by name, never by the stack running out', () => {
    expect(() => parseJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toThrow(
      /nested deeper than 512 levels/,
    );
    expect(parseJson(`${'['.repeat(500)}${']'.repeat(500)}`).type).toBe('array');
  });

  it('a settings file that is a link (dotfiles) is written where it leads, and stays a link', () => {
    const dir = join(home, '.claude');
    mkdirSync(dir);
    const dotfiles = join(home, 'dotfiles-settings.json');
    writeFileSync(dotfiles, CLAUDE_SETTINGS);
    symlinkSync(dotfiles, join(dir, 'settings.json'));
    installAll('claude');
    expect(lstatSync(join(dir, 'settings.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(dotfiles, 'utf8')).toContain('tmo.js');
    uninstallAll('claude');
    expect(lstatSync(join(dir, 'settings.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(dotfiles, 'utf8')).toBe(CLAUDE_SETTINGS);
    // a linked file emptied to {} by uninstall stays (the link's target is the user's)
    writeFileSync(dotfiles, '{}\n');
    installAll('claude');
    uninstallAll('claude');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{}\n');
    // no temporary file is left beside it
    expect(readdirSync(home).filter((n) => n.includes('.tmo-') && !n.includes('backup'))).toEqual([]);
  });

  it('Gemini CLI: comments and the user hooks survive; uninstall restores the bytes', () => {
    const dir = join(home, '.gemini');
    mkdirSync(dir);
    const text = `// mine\n{\n\t"theme": "GitHub", /* keep */\n\t"hooks": {\n\t\t"AfterAgent": [ { "hooks": [ { "type": "command", "command": "say done" } ] } ]\n\t}\n}\n`;
    writeFileSync(join(dir, 'settings.json'), text);
    installAll('gemini');
    const after = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(after).toContain('/* keep */');
    expect(after).toContain('\t\t"BeforeTool": [');
    uninstallAll('gemini');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(text);
  });

  it('an invalid settings file is reported and left alone', () => {
    mkdirSync(join(home, '.claude'));
    writeFileSync(join(home, '.claude', 'settings.json'), '{ "model": ');
    expect(() => applyTarget(targets('claude')[0]!, false, false)).toThrow(/invalid JSON/);
    expect(readFileSync(join(home, '.claude', 'settings.json'), 'utf8')).toBe('{ "model": ');
  });

  it('recognises its own commands only', () => {
    expect(isOurCommand(hookCommand(opts(), 'Stop', 'claude'))).toBe(true);
    expect(isOurCommand('notify-send hook Stop')).toBe(false);
    expect(isOurCommand('~/bin/mytool hook Stop --agent claude')).toBe(false);
    expect(() => parseJson('{"a": [1, 2,]}')).toThrow();
  });
});
