import { describe, expect, it } from 'vitest';
import { configDir, stateDir } from '../../src/config/paths.js';

describe('test environment', () => {
  it("never points at the user's own config or state", () => {
    expect(stateDir()).toContain('tmo-test-home-');
    expect(configDir()).toContain('tmo-test-home-');
  });
});
