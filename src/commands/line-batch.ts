/**
 * Lines for a stream (`tmo events`), written in batches: one write — a system call that also wakes the
 * reader — for many lines. A line that may wait (a pane's output: 50 busy agents print ≈ 500 lines/s)
 * waits up to `waitMs` for others; any other line goes out on the next turn of the event loop, with
 * whatever waited before it, as does everything once `maxBytes` wait.
 */
export interface LineBatch {
  push(line: string, canWait: boolean): void;
  /** Write what waits now. */
  flush(): void;
}

export function lineBatch(
  write: (text: string) => void,
  { waitMs = 25, maxBytes = 64 * 1024 }: { waitMs?: number; maxBytes?: number } = {},
): LineBatch {
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  let soon = false;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    soon = false;
    const text = pending;
    pending = '';
    if (text) write(text);
  };
  return {
    push(line, canWait) {
      pending += `${line}\n`;
      if (soon) return;
      if (!canWait || pending.length > maxBytes) {
        soon = true;
        setImmediate(flush);
      } else timer ??= setTimeout(flush, waitMs);
    },
    flush,
  };
}
