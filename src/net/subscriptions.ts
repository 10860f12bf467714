/**
 * A client's subscription set, bounded: a subscribe that would pass the limits is refused whole (BAD_REQUEST)
 * and the set stays as it was, so neither the set nor the `subscription.confirmed` that echoes it can grow
 * with what a client sends (30 subscribes of 512 KiB once made the server send 233 MiB and grow by 230 MB).
 */
import type { ClientConn } from './client-conn.js';
import type { Filters } from './protocol.js';

export interface SubscriptionLimits {
  /** Keys (`*`, `type:x`, `session:y`) a client may hold. */
  maxSubscriptions: number;
  /** Bytes (UTF-8) of one type or session name. */
  maxFilterBytes: number;
  /** Bytes of all the client's keys together. */
  maxSubscriptionBytes: number;
}

export const SUBSCRIPTION_LIMITS: SubscriptionLimits = {
  maxSubscriptions: 64,
  maxFilterBytes: 256,
  maxSubscriptionBytes: 8 * 1024,
};

const bytesOf = (keys: Iterable<string>): number => {
  let n = 0;
  for (const k of keys) n += Buffer.byteLength(k);
  return n;
};

/** Add the filters' keys (none: everything). Returns why it was refused, or undefined when applied. */
export function subscribe(
  client: ClientConn,
  filters: Filters,
  limits: SubscriptionLimits,
): string | undefined {
  const { types = [], sessions = [] } = filters;
  const names = [...types, ...sessions];
  if (names.length > limits.maxSubscriptions) return `too many filters (at most ${limits.maxSubscriptions})`;
  if (names.some((n) => Buffer.byteLength(n) > limits.maxFilterBytes))
    return `a filter name is longer than ${limits.maxFilterBytes} bytes`;
  const next = new Set(client.subscriptions);
  for (const t of types) next.add(`type:${t}`);
  for (const s of sessions) next.add(`session:${s}`);
  if (!names.length) next.add('*');
  if (next.size > limits.maxSubscriptions)
    return `too many subscriptions (at most ${limits.maxSubscriptions}): unsubscribe first`;
  if (bytesOf(next) > limits.maxSubscriptionBytes)
    return `subscriptions too large (at most ${limits.maxSubscriptionBytes} bytes): unsubscribe first`;
  for (const k of next) client.subscriptions.add(k);
  return undefined;
}

export function unsubscribe(client: ClientConn, filters: Filters | undefined): void {
  if (!filters) {
    client.subscriptions.clear();
    return;
  }
  for (const t of filters.types ?? []) client.subscriptions.delete(`type:${t}`);
  for (const s of filters.sessions ?? []) client.subscriptions.delete(`session:${s}`);
}
