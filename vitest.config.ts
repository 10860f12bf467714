import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests never read or write the user's config and state (tokens, schedules, send history): every test
// process, and every CLI it starts, gets its own empty dirs unless a test sets others.
const scratch = mkdtempSync(join(tmpdir(), 'tmo-test-home-'));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Two files at a time: the 50-pane flood test that starved beside heavier files is fixed at its cause (the
    // control client timed out with a reply unread): two runs green, and beside a CPU hog it passed too.
    maxWorkers: 2,
    env: {
      XDG_STATE_HOME: join(scratch, 'state'),
      XDG_CONFIG_HOME: join(scratch, 'config'),
    },
  },
});
