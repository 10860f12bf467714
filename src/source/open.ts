import type { AgentTable } from '../agents/rules/types.js';
import { UsageError } from '../model/usage-error.js';
import type { ServerSelector, TmuxRunner } from '../tmux/runner.js';
import type { SnapshotOf } from './embedded-base.js';
import type { DataSource } from './types.js';

export interface OpenSourceOptions {
  /** `--connect URL…`: remote `tmo serve`s (several: one source, agents grouped by host). */
  connect?: string[];
  /** `--token-file F…` (else `TMO_TOKEN`): one for every URL, or one per URL in the same order. */
  tokenFiles?: string[];
  tables?: AgentTable[];
  /** Embedded only: stream pane output of every window, not only agents' windows. */
  output?: 'agents' | 'all';
  /** Embedded only: false when no one will read pane.output events (they are then never made). */
  paneOutput?: boolean;
  /** Embedded only: start-up ordering for the dashboard (see EmbeddedSourceOptions). */
  firstSnapshot?: Promise<SnapshotOf>;
  startAfter?: Promise<unknown>;
  pending?: boolean;
  /** Told about what works but should not be so (a token file others can read). */
  warn?: (message: string) => void;
}

/**
 * The one place that picks the data source for the dashboard and `tmo events`: the embedded live core on
 * the local tmux server, or remote `tmo serve`s. Both deliver the same events.
 */
export async function openSource(
  local: { server: ServerSelector; runner: TmuxRunner; env: NodeJS.ProcessEnv },
  options: OpenSourceOptions = {},
): Promise<DataSource> {
  if (options.connect && options.connect.length > 0) {
    const { readClientTokens, tokenFileIsOpen } = await import('../net/client-token.js');
    const { createRemoteSource, createMultiSource } = await import('./remote.js');
    const urls = options.connect;
    let tokens: string[];
    try {
      tokens = readClientTokens(local.env, urls, options.tokenFiles);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    for (const file of options.tokenFiles ?? [])
      if (tokenFileIsOpen(file)) options.warn?.(`token file ${file} can be read by others: chmod 600 it`);
    const sources = urls.map((url, i) => createRemoteSource({ url, token: tokens[i] ?? '' }));
    return sources.length === 1 && sources[0] ? sources[0] : createMultiSource(sources);
  }
  const { createEmbeddedSource } = await import('./embedded.js');
  return createEmbeddedSource({
    server: local.server,
    runner: local.runner,
    ...(options.tables ? { tables: options.tables } : {}),
    ...(options.output ? { output: options.output } : {}),
    ...(options.paneOutput === false ? { paneOutput: false } : {}),
    ...(options.firstSnapshot ? { firstSnapshot: options.firstSnapshot } : {}),
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    ...(options.pending ? { pending: true } : {}),
  });
}
