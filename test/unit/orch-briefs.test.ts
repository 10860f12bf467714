import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_BRIEFS, loadBriefTemplate, renderBrief, tidyBrief } from '../../src/orchestrate/briefs.js';

const root = mkdtempSync(join(tmpdir(), 'orch-briefs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('briefing templates', () => {
  it('fills the placeholders, leaves others alone', () => {
    const text = renderBrief('{{project}} at {{ path }} in {{session}}; {{other}} {{project}}', {
      project: 'p$1',
      path: '/x/$&',
      session: 's',
    });
    expect(text).toBe('p$1 at /x/$& in s; {{other}} p$1');
  });

  it('has built-in engineer and pm texts that use the placeholders', () => {
    for (const t of Object.values(DEFAULT_BRIEFS)) expect(t).toMatch(/\{\{project\}\}/);
  });

  it('prefers --brief, then configDir()/briefs/<role>.md, then the built-in', async () => {
    const env = { XDG_CONFIG_HOME: join(root, 'config') };
    expect(await loadBriefTemplate('pm', { env })).toEqual({ text: DEFAULT_BRIEFS.pm, source: 'built-in' });
    const dir = join(root, 'config', 'tmux-orchestrator', 'briefs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pm.md'), 'custom pm for {{project}}');
    expect((await loadBriefTemplate('pm', { env })).text).toBe('custom pm for {{project}}');
    expect((await loadBriefTemplate('engineer', { env })).source).toBe('built-in');
    const file = join(root, 'mine.md');
    writeFileSync(file, 'mine');
    expect(await loadBriefTemplate('pm', { env, file })).toEqual({ text: 'mine', source: file });
    await expect(loadBriefTemplate('pm', { env, file: join(root, 'missing.md') })).rejects.toThrow();
  });

  it('drops trailing blank lines so Enter is pressed once', () => {
    expect(tidyBrief('a\r\nb\n\n  \n')).toBe('a\nb');
  });
});
