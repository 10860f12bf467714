import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/net/http-guard.js';

describe('isLoopback (may a server bind there without TLS?)', () => {
  it('accepts loopback IP literals and localhost', () => {
    for (const host of [
      '127.0.0.1',
      '127.0.0.2',
      '127.255.255.254',
      'localhost',
      'LOCALHOST',
      '::1',
      '[::1]',
    ])
      expect(isLoopback(host), host).toBe(true);
    expect(isLoopback('0:0:0:0:0:0:0:1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
  });

  it('refuses names that merely look like loopback, and every other address', () => {
    for (const host of [
      '127.evil.example',
      '127.0.0.1.nip.io',
      '127.0.0.1.',
      '127.1',
      '127',
      'localhost.evil.example',
      '128.0.0.1',
      '0.0.0.0',
      '::',
      '::2',
      '10.0.0.1',
      '',
    ])
      expect(isLoopback(host), host).toBe(false);
  });
});
