/**
 * Where a client (`tmo events --connect`, `tmo dash --connect`) gets its token: `--token-file F` first,
 * else `$TMO_TOKEN`. Never a flag carrying the secret itself (it would show in `ps` and shell history).
 * Each server's `tmo token create` makes its own secret, so with several `--connect URL`s `--token-file` may
 * be given once per URL (paired in order), or once for all of them.
 */
import { statSync } from 'node:fs';
import { readRegularFile } from '../config/read-file.js';

export class ClientTokenError extends Error {}

export function readClientToken(env: NodeJS.ProcessEnv, tokenFile?: string): string {
  if (tokenFile) {
    let text: string;
    try {
      text = readRegularFile(tokenFile);
    } catch (error) {
      throw new ClientTokenError(
        `cannot read token file ${tokenFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    const token = text.trim().split(/\r?\n/)[0]?.trim() ?? '';
    if (!token) throw new ClientTokenError(`token file ${tokenFile} is empty`);
    return token;
  }
  const token = env['TMO_TOKEN']?.trim();
  if (!token) {
    throw new ClientTokenError(
      'no token: set TMO_TOKEN or give --token-file F (create one with `tmo token create` on the server)',
    );
  }
  return token;
}

/** One token per URL: no `--token-file` (`$TMO_TOKEN` for all), one (for all), or one per URL, in order. */
export function readClientTokens(
  env: NodeJS.ProcessEnv,
  urls: string[],
  tokenFiles: string[] = [],
): string[] {
  if (tokenFiles.length > 1 && tokenFiles.length !== urls.length) {
    throw new ClientTokenError(
      `--token-file given ${tokenFiles.length} times for ${urls.length} --connect URL${urls.length === 1 ? '' : 's'}: ` +
        'give it once (one token for every server) or once per --connect (paired in the same order)',
    );
  }
  if (tokenFiles.length <= 1) {
    const token = readClientToken(env, tokenFiles[0]);
    return urls.map(() => token);
  }
  return tokenFiles.map((file) => readClientToken(env, file));
}

/** True when a token file can be read by others than its owner (worth a warning). */
export function tokenFileIsOpen(tokenFile: string): boolean {
  try {
    return (statSync(tokenFile).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}
