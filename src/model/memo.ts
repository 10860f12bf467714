/**
 * A cache that forgets everything once it holds `max` entries: what is asked often is back after one miss
 * each, and a long-running process that keeps meeting new keys never grows past `max`.
 */
export function remembered<K, V>(cache: Map<K, V>, key: K, max: number, compute: () => V): V {
  if (cache.has(key)) return cache.get(key) as V;
  const value = compute();
  if (cache.size >= max) cache.clear();
  cache.set(key, value);
  return value;
}
