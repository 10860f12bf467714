/**
 * `tmo token create [--name N] [--read-only]` (prints the secret ONCE), `tmo token list`,
 * `tmo token revoke <name|id>`. Tokens live as SHA-256 hashes in `stateDir()/tokens.json` (mode 0600).
 */
import { printable } from '../model/printable.js';
import { TokenFileError, TokenStore, tokenFilePath } from '../net/tokens.js';
import { type CommandContext, type CommandModule, EXIT, err, out, printJson, UsageError } from './context.js';

const USAGE =
  'usage: tmo token create [--name N] [--read-only] | tmo token list [--json] | tmo token revoke <name|id>';

export const command: CommandModule = {
  options: {
    name: { type: 'string' },
    'read-only': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(ctx: CommandContext, args) {
    try {
      return await tokenCommand(ctx, args);
    } catch (error) {
      // A token file we cannot trust (unreadable, bad JSON, a malformed entry): its name and the entry.
      if (!(error instanceof TokenFileError)) throw error;
      err(ctx, `tmo token: ${error.message}`);
      return EXIT.failure;
    }
  },
};

async function tokenCommand(ctx: CommandContext, args: Parameters<CommandModule['run']>[1]): Promise<number> {
  {
    const [sub, target, ...extra] = args.positionals;
    const store = new TokenStore(tokenFilePath(ctx.env));
    const json = args.values['json'] === true;
    switch (sub) {
      case 'create': {
        if (target !== undefined)
          throw new UsageError(`token create takes no argument (use --name)\n${USAGE}`);
        const name = typeof args.values['name'] === 'string' ? args.values['name'] : undefined;
        let created: ReturnType<TokenStore['create']>;
        try {
          created = store.create(name, args.values['read-only'] === true);
        } catch (error) {
          err(ctx, `tmo token: ${(error as Error).message}`);
          return EXIT.failure;
        }
        const { secret, record } = created;
        if (json)
          printJson(ctx, {
            id: record.id,
            name: record.name,
            permissions: record.permissions,
            token: secret,
          });
        else out(ctx, secret);
        err(
          ctx,
          `created token "${printable(record.name)}" (id ${record.id}, ${record.permissions.join('+')}); it is shown only this once.\n` +
            'Clients read it from $TMO_TOKEN or --token-file F.',
        );
        return EXIT.ok;
      }
      case 'list': {
        if (store.isOpen())
          err(ctx, `tmo token: warning: token file ${store.path} can be read by others: chmod 600 it`);
        const tokens = store
          .list()
          .map(({ id, name, permissions, created }) => ({ id, name, permissions, created }));
        // names are the user's text: shown with control characters as \xNN (the JSON keeps them exact)
        const shown = (name: string) => printable(name);
        if (json) {
          printJson(ctx, tokens);
          return EXIT.ok;
        }
        if (tokens.length === 0) {
          err(ctx, 'no tokens (create one with: tmo token create --name NAME)');
          return EXIT.ok;
        }
        const w = Math.max(4, ...tokens.map((t) => shown(t.name).length));
        out(ctx, `${'NAME'.padEnd(w)}  ID        PERMISSIONS  CREATED`);
        for (const t of tokens) {
          out(
            ctx,
            `${shown(t.name).padEnd(w)}  ${t.id.padEnd(8)}  ${t.permissions.join('+').padEnd(11)}  ${t.created}`,
          );
        }
        return EXIT.ok;
      }
      case 'revoke': {
        if (!target || extra.length) throw new UsageError(USAGE);
        const removed = store.revoke(target);
        if (!removed) {
          err(ctx, `tmo token: no token named or with id "${printable(target)}"`);
          return EXIT.failure;
        }
        err(
          ctx,
          `revoked token "${printable(removed.name)}" (id ${removed.id}); new connections with it are refused`,
        );
        return EXIT.ok;
      }
      default:
        throw new UsageError(sub ? `unknown token subcommand "${sub}"\n${USAGE}` : USAGE);
    }
  }
}
