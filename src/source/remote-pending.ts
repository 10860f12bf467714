/** Request/answer bookkeeping for the remote source, its backoff formula, and its failure texts. */

export type Answer = Record<string, unknown> | 'lost' | 'timeout';
export interface Pending {
  id: string;
  promise: Promise<Answer>;
}

/** Full jitter: random(0, min(cap, base·2ⁿ)) for attempt n (0-based). */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

export class PendingRequests {
  private readonly waiting = new Map<string, { resolve: (a: Answer) => void; timer: NodeJS.Timeout }>();
  private next = 1;
  private readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
  }

  open(): Pending {
    const id = `r${this.next++}`;
    const promise = new Promise<Answer>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve('timeout');
      }, this.timeoutMs);
      timer.unref();
      this.waiting.set(id, { resolve, timer });
    });
    return { id, promise };
  }

  settle(id: string, answer: Answer): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    clearTimeout(w.timer);
    w.resolve(answer);
  }

  failAll(): void {
    for (const id of [...this.waiting.keys()]) this.settle(id, 'lost');
  }
}

/** TLS errors that mean "this certificate is not trusted here" (a self-signed one, a private CA). */
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** Why an attempt failed, as the socket said it (`connect ECONNREFUSED 127.0.0.1:9`, `self-signed certificate`). */
export function failureText(error: NodeJS.ErrnoException): string {
  const message = error.message || String(error.code ?? 'error');
  // Node 24 appends "; if the root CA is installed locally, try running Node.js with --use-system-ca"
  return error.code && UNTRUSTED.has(error.code)
    ? `${message.split(';')[0]} (to trust it: NODE_EXTRA_CA_CERTS=its-cert.pem)`
    : message;
}
