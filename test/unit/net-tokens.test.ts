import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClientTokenError, readClientToken } from '../../src/net/client-token.js';
import { TokenStore, tokenFilePath } from '../../src/net/tokens.js';

describe('token store', () => {
  it('stores only hashes, in a 0600 file under the state dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmo-tok-'));
    const path = tokenFilePath({ XDG_STATE_HOME: dir });
    expect(path).toBe(join(dir, 'tmux-orchestrator', 'tokens.json'));
    const store = new TokenStore(path);
    const { secret, record } = store.create('laptop', false);
    const ro = store.create('phone', true);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(ro.secret);
    expect(record.permissions).toEqual(['read', 'write']);
    expect(store.verify(secret)).toMatchObject({ name: 'laptop', permissions: ['read', 'write'] });
    expect(store.verify(ro.secret)).toMatchObject({ name: 'phone', permissions: ['read'] });
    expect(store.verify(`${secret}x`)).toBeNull();
    expect(store.verify('')).toBeNull();
    expect(() => store.create('laptop', false)).toThrow(/already exists/);
    expect(store.revoke(record.id)?.name).toBe('laptop');
    expect(store.verify(secret)).toBeNull();
    expect(store.revoke('phone')?.id).toBe(ro.record.id);
    expect(store.list()).toEqual([]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("a name that looks like an id is refused; a word that is one token's id and another's name revokes neither", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmo-tok-'));
    const store = new TokenStore(tokenFilePath({ XDG_STATE_HOME: dir }));
    const first = store.create(undefined, false).record;
    expect(() => store.create(first.id, false)).toThrow(/may not look like a token id/);
    // a file written before that rule (or by hand) can still hold such a name
    const path = tokenFilePath({ XDG_STATE_HOME: dir });
    const tokens = JSON.parse(readFileSync(path, 'utf8'));
    const entries = Array.isArray(tokens) ? tokens : tokens.tokens;
    entries.push({ ...entries[0], id: 'abcdef01', name: first.id });
    writeFileSync(path, JSON.stringify(tokens));
    expect(() => store.revoke(first.id)).toThrow(
      /is the id of token .* and the name of the token with id abcdef01/,
    );
    expect(store.list()).toHaveLength(2);
    expect(store.revoke('abcdef01')?.name).toBe(first.id);
  });

  it('readClientToken: token file first, then TMO_TOKEN, else a clear error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmo-tok-'));
    const file = join(dir, 't');
    writeFileSync(file, '  abc123 \n', { mode: 0o600 });
    expect(readClientToken({ TMO_TOKEN: 'env' }, file)).toBe('abc123');
    expect(readClientToken({ TMO_TOKEN: ' env ' })).toBe('env');
    expect(() => readClientToken({})).toThrow(ClientTokenError);
    expect(() => readClientToken({}, join(dir, 'missing'))).toThrow(/ENOENT/);
  });
});
