import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';

// The version is written in three places so that `tmo --version` reads no file and loads no module.
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const { version } = JSON.parse(read('package.json')) as { version: string };

describe('the version', () => {
  it('is package.json’s in src/version.ts', () => {
    expect(VERSION).toBe(version);
  });

  it('is package.json’s in the launcher’s --version answer', () => {
    const printed = [...read('bin/tmo.js').matchAll(/process\.stdout\.write\('([^']*)\\n'\)/g)].map(
      (m) => m[1],
    );
    expect(printed).toEqual([version]);
  });
});
