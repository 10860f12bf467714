/**
 * `tmo serve [--host 127.0.0.1] [--port 8765] [--tls-cert F --tls-key F] [--insecure] [--allow-origin O…]
 * [--max-clients N]`: the WebSocket event server over the embedded source. Runs until SIGINT/SIGTERM/SIGHUP.
 */
import { readFileSync } from 'node:fs';
import { isLoopback } from '../net/http-guard.js';
import { BindError, startEventServer } from '../net/server.js';
import { TokenStore, tokenFilePath } from '../net/tokens.js';
import { createEmbeddedSource } from '../source/embedded.js';
import { type CommandContext, type CommandModule, EXIT, err, UsageError } from './context.js';

/** A hang-up (the terminal closed) stops it like Ctrl-C: the hidden session goes with it. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

function int(v: unknown, name: string, fallback: number, min: number, max: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  // digits only: Number('') is 0, which `--port ''` (an unset variable) turned into a random port
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer ${min}–${max}`);
  return n;
}

/**
 * Is this token id still in the file? Read afresh each time (the server asks when the file changed, at
 * heartbeats and before every send). A file that cannot be read just now is not a revocation.
 */
function stillValid(store: TokenStore, log: (line: string) => void): (id: string) => boolean {
  return (id) => {
    try {
      return store.list().some((t) => t.id === id);
    } catch (error) {
      log(`cannot re-check tokens: ${(error as Error).message}`);
      return true;
    }
  };
}

export const command: CommandModule = {
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    insecure: { type: 'boolean' },
    'allow-origin': { type: 'string', multiple: true },
    'max-clients': { type: 'string' },
  },
  async run(ctx: CommandContext, args) {
    if (args.positionals.length) throw new UsageError('serve takes no arguments');
    const host = str(args.values['host']) ?? '127.0.0.1';
    const port = int(args.values['port'], 'port', 8765, 0, 65535);
    const maxClients = int(args.values['max-clients'], 'max-clients', 128, 1, 10_000);
    const certFile = str(args.values['tls-cert']);
    const keyFile = str(args.values['tls-key']);
    if (Boolean(certFile) !== Boolean(keyFile)) throw new UsageError('--tls-cert and --tls-key go together');
    let tls: { cert: Buffer; key: Buffer } | undefined;
    if (certFile && keyFile) {
      try {
        tls = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
      } catch (error) {
        err(ctx, `tmo serve: cannot read TLS files: ${(error as Error).message}`);
        return EXIT.failure;
      }
    }
    if (!isLoopback(host) && !tls && args.values['insecure'] !== true) {
      throw new UsageError(
        `refusing to listen on ${host} without TLS: give --tls-cert/--tls-key (or --insecure)`,
      );
    }
    const store = new TokenStore(tokenFilePath(ctx.env));
    const log = (line: string) => err(ctx, `tmo serve: ${line}`);
    let tokens: number;
    try {
      tokens = store.list().length;
    } catch (error) {
      err(ctx, `tmo serve: ${(error as Error).message}`);
      return EXIT.failure;
    }
    if (tokens === 0) {
      err(
        ctx,
        'tmo serve: no tokens yet, so nobody can connect: create one with `tmo token create --name NAME`',
      );
    }
    if (store.isOpen()) log(`warning: token file ${store.path} can be read by others: chmod 600 it`);
    const source = createEmbeddedSource({ server: ctx.server, runner: ctx.runner });
    let server: Awaited<ReturnType<typeof startEventServer>>;
    try {
      await source.start();
      server = await startEventServer({
        source,
        verify: (secret) => store.verify(secret),
        stillValid: stillValid(store, log),
        tokenFile: store.path,
        host,
        port,
        ...(tls ? { tls } : {}),
        insecure: args.values['insecure'] === true,
        allowOrigins: list(args.values['allow-origin']),
        maxClients,
        log,
      });
    } catch (error) {
      await source.stop();
      if (error instanceof BindError) throw new UsageError(error.message);
      err(ctx, `tmo serve: ${(error as Error).message}`);
      return EXIT.failure;
    }
    err(ctx, `tmo serve: listening on ${server.url} (epoch ${server.epoch}); Ctrl-C stops`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        for (const signal of SIGNALS) process.off(signal, stop);
        resolve();
      };
      for (const signal of SIGNALS) process.on(signal, stop);
    });
    err(ctx, 'tmo serve: stopping');
    await server.close();
    await source.stop();
    return EXIT.ok;
  },
};
