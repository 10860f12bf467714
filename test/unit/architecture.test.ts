import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The layering rules of the README "Architecture" section, checked on every import statement. */
const root = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string): string[] {
  const abs = join(root, dir);
  try {
    statSync(abs);
  } catch {
    return [];
  }
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => join(dir, f));
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? '');
}

describe('architecture', () => {
  it('src/ has no React/Ink and imports no components or hooks, except the composition root', () => {
    const offenders = files('src')
      .filter((f) => relative('src', f) !== 'cli.tsx')
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => /^(react|ink|ink-.*)$|^react\/|\/components\/|\/hooks\//.test(i))
          .map((i) => `${f} → ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('components and hooks spawn nothing and open no sockets', () => {
    const offenders = [...files('components'), ...files('hooks')].flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(execa|ws|node:child_process|child_process|node:net|node:http)$/.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('hooks do not import components, and components reach the store only through hooks', () => {
    const offenders = [
      ...files('hooks').flatMap((f) =>
        importsOf(f)
          .filter((i) => /\/components\//.test(i))
          .map((i) => `${f} → ${i}`),
      ),
      ...files('components').flatMap((f) =>
        importsOf(f)
          .filter((i) => /\/src\/(tmux|control|net|source|agents)\//.test(i))
          .map((i) => `${f} → ${i}`),
      ),
    ];
    expect(offenders).toEqual([]);
  });

  it('keeps files small: modules under 300 lines, components and hooks under 150 (with slack)', () => {
    const big = [
      ...files('src').filter((f) => lines(f) > 330),
      ...[...files('components'), ...files('hooks')].filter((f) => lines(f) > 170),
    ];
    expect(big).toEqual([]);
  });
});

const lines = (f: string): number => readFileSync(join(root, f), 'utf8').split('\n').length;

describe('layers point down', () => {
  // Lower → the higher layers it must never import.
  const above: Record<string, RegExp> = {
    'src/model': /\/(config|tmux|control|agents|send|source|net|store|commands|orchestrate|keymap)\//,
    'src/tmux': /\/(agents|send|source|net|store|commands|orchestrate)\//,
    'src/control': /\/(agents|send|source|net|store|commands|orchestrate)\//,
    'src/agents': /\/(send|source|net|store|commands|orchestrate)\//,
  };
  for (const [dir, banned] of Object.entries(above)) {
    it(`${dir} imports no higher layer`, () => {
      const offenders = files(dir).flatMap((f) =>
        importsOf(f)
          .filter((i) => i.startsWith('.') && banned.test(`/${relative('src', join(dirname(f), i))}`))
          .map((i) => `${f} → ${i}`),
      );
      expect(offenders).toEqual([]);
    });
  }
});
