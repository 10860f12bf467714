/**
 * Access tokens for `tmo serve`: 32 random bytes, base64url, shown once. Only SHA-256 digests are stored,
 * in `stateDir()/tokens.json` with mode 0600 (directory 0700). Verification compares digests with
 * `crypto.timingSafeEqual` against every stored token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateDir } from '../config/paths.js';
import { readRegularFile } from '../config/read-file.js';
import { makeDirs } from '../config/state-file.js';
import type { Permission } from './protocol.js';

export interface TokenRecord {
  id: string;
  name: string;
  /** hex SHA-256 of the secret */
  hash: string;
  permissions: Permission[];
  /** ISO time */
  created: string;
}

export interface TokenInfo {
  id: string;
  name: string;
  permissions: Permission[];
}

interface TokenFile {
  version: 1;
  tokens: TokenRecord[];
}

export const tokenFilePath = (env: NodeJS.ProcessEnv = process.env): string =>
  join(stateDir(env), 'tokens.json');

/** The token file cannot be trusted: unreadable, not JSON, or an entry without a proper id/name/hash/permissions. */
export class TokenFileError extends Error {}

const label = (t: unknown): string => {
  const r = t as Partial<TokenRecord> | null;
  const name = typeof r?.name === 'string' ? r.name : typeof r?.id === 'string' ? r.id : undefined;
  return name === undefined ? '' : `("${name.slice(0, 60)}") `;
};

function malformed(t: unknown): string | undefined {
  if (typeof t !== 'object' || t === null || Array.isArray(t)) return 'is not an object';
  const r = t as Record<string, unknown>;
  if (typeof r['id'] !== 'string' || !r['id']) return 'has no "id"';
  if (typeof r['name'] !== 'string') return 'has no "name"';
  if (typeof r['hash'] !== 'string' || !/^[0-9a-f]{64}$/i.test(r['hash']))
    return 'has no "hash" (64 hex digits of a SHA-256)';
  const p = r['permissions'];
  if (!Array.isArray(p) || p.some((x) => x !== 'read' && x !== 'write'))
    return 'has no "permissions" list of "read"/"write"';
  return undefined;
}

const digest = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

export class TokenStore {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }

  /** The stored tokens. A file that is not ours to trust (bad JSON, a malformed entry) is a TokenFileError. */
  list(): TokenRecord[] {
    let text: string;
    try {
      text = readRegularFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new TokenFileError(`cannot read token file ${this.path}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new TokenFileError(`token file ${this.path} is not valid JSON: ${(error as Error).message}`);
    }
    const tokens = (parsed as Partial<TokenFile> | null)?.tokens;
    if (typeof parsed !== 'object' || parsed === null || !Array.isArray(tokens))
      throw new TokenFileError(`token file ${this.path} has no "tokens" list`);
    tokens.forEach((t, i) => {
      const problem = malformed(t);
      if (problem) throw new TokenFileError(`token file ${this.path}: entry ${i + 1} ${label(t)}${problem}`);
    });
    return tokens;
  }

  private save(tokens: TokenRecord[]): void {
    const dir = dirname(this.path);
    makeDirs(dir);
    const tmp = `${this.path}.${process.pid}.tmp`;
    const body: TokenFile = { version: 1, tokens };
    try {
      writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, this.path);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
  }

  /** Is the file readable by others than its owner (group or world bits)? */
  isOpen(): boolean {
    try {
      return (statSync(this.path).mode & 0o077) !== 0;
    } catch {
      return false;
    }
  }

  /** Create a token; the secret is returned once and never stored. */
  create(name: string | undefined, readOnly: boolean): { secret: string; record: TokenRecord } {
    const tokens = this.list();
    const id = randomBytes(4).toString('hex');
    const finalName = name?.trim() || `token-${id}`;
    if (/^[0-9a-f]{8}$/.test(finalName))
      throw new Error(`a token name may not look like a token id (8 hex digits): "${finalName}"`);
    if (tokens.some((t) => t.name === finalName))
      throw new Error(`a token named "${finalName}" already exists`);
    const secret = randomBytes(32).toString('base64url');
    const record: TokenRecord = {
      id,
      name: finalName,
      hash: digest(secret).toString('hex'),
      permissions: readOnly ? ['read'] : ['read', 'write'],
      created: new Date().toISOString(),
    };
    this.save([...tokens, record]);
    return { secret, record };
  }

  /** Remove by name or id; returns the removed record, if any. */
  /**
   * Revoke by id or name. A word that is one token's id and another's name is refused (TokenFileError):
   * taking the id first revoked the other token and left the one the user named valid.
   */
  revoke(nameOrId: string): TokenRecord | undefined {
    const tokens = this.list();
    const byId = tokens.find((t) => t.id === nameOrId);
    const byName = tokens.find((t) => t.name === nameOrId);
    if (byId && byName && byId !== byName)
      throw new TokenFileError(
        `"${nameOrId}" is the id of token "${byId.name}" and the name of the token with id ${byName.id}: revoke by that id`,
      );
    const found = byId ?? byName;
    if (!found) return undefined;
    this.save(tokens.filter((t) => t !== found));
    return found;
  }

  /** Constant-time check of a presented secret against every stored digest. Re-reads the file (revocation is live). */
  verify(secret: string): TokenInfo | null {
    const presented = digest(secret);
    let match: TokenRecord | null = null;
    for (const t of this.list()) {
      const stored = Buffer.from(t.hash, 'hex');
      if (stored.length === presented.length && timingSafeEqual(stored, presented) && !match) match = t;
    }
    return match ? { id: match.id, name: match.name, permissions: [...match.permissions] } : null;
  }
}

/** A verifier the server uses; tests may pass their own. */
export type TokenVerifier = (secret: string) => TokenInfo | null;
