import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `everyMs` (for relative ages and countdowns; no animation); `null`: no
 * timer at all (e.g. a countdown that only ticks while there is something to count down).
 */
export function useNow(everyMs: number | null = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (everyMs === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
