import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyScreen } from '../../src/agents/classify.js';
import { detectKind } from '../../src/agents/detect.js';
import { BUILTIN_TABLES } from '../../src/agents/rules/index.js';
import type { AgentKind, AgentState, PaneInfo, WaitReason } from '../../src/model/types.js';

interface Entry {
  file: string;
  command: string;
  title: string;
  kind: AgentKind | null;
  state?: AgentState;
  reason?: WaitReason;
  rule?: string;
  trap?: string;
}
const dir = new URL('../fixtures/screens/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as {
  width: number;
  height: number;
  screens: Entry[];
};
const screenOf = (file: string): string => readFileSync(new URL(file, dir), 'utf8');

const paneFor = (e: { command: string; title: string }): PaneInfo => ({
  id: '%1',
  index: 0,
  active: true,
  width: 120,
  height: 40,
  command: e.command,
  pid: 0,
  title: e.title,
  dead: false,
  inMode: false,
});

describe('recorded screens (test/fixtures/screens/manifest.json)', () => {
  it('has at least 20 full screens, each exactly width × height', () => {
    expect(manifest.screens.length).toBeGreaterThanOrEqual(20);
    for (const e of manifest.screens) {
      const lines = screenOf(e.file).replace(/\n$/, '').split('\n');
      expect(lines.length, e.file).toBe(manifest.height);
      for (const line of lines)
        expect([...line].length, `${e.file}: ${line}`).toBeLessThanOrEqual(manifest.width);
    }
  });

  it('covers working, waiting (permission, question), idle and error for the four main agents', () => {
    for (const kind of ['claude', 'codex', 'gemini', 'aider']) {
      const seen = new Set(
        manifest.screens
          .filter((e) => e.kind === kind)
          .map((e) => `${e.state}${e.reason ? `/${e.reason}` : ''}`),
      );
      for (const s of ['working', 'waiting/permission', 'waiting/question', 'idle', 'error'])
        expect(seen.has(s), `${kind} ${s}`).toBe(true);
    }
  });

  it.each(manifest.screens.map((e) => [e.file, e] as const))('%s', (_file, e) => {
    const screen = screenOf(e.file);
    const detection = detectKind(paneFor(e), undefined, BUILTIN_TABLES, screen);
    expect(detection?.kind ?? null).toBe(e.kind);
    if (!detection) return;
    const table = BUILTIN_TABLES.find((t) => t.kind === detection.kind)!;
    const c = classifyScreen(table, screen, e.title);
    expect({ state: c.state, reason: c.reason, rule: c.rule }).toEqual({
      state: e.state,
      reason: e.reason,
      rule: e.rule ?? c.rule,
    });
    expect(c.line).toBeTruthy();
  });

  it('detects each agent by its screen alone when the command and title say nothing', () => {
    for (const e of manifest.screens) {
      const detection = detectKind(
        paneFor({ command: 'sleep', title: 'build-01' }),
        undefined,
        BUILTIN_TABLES,
        screenOf(e.file),
      );
      expect(detection?.kind ?? null, e.file).toBe(e.kind);
    }
  });
});
