import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import { useEnv } from './use-env.js';

export interface Size {
  columns: number;
  rows: number;
}

/** Terminal columns × rows from stdout, updated on resize (an injected size wins, for tests). */
export function useTerminalSize(): Size {
  const { size } = useEnv();
  const { stdout } = useStdout();
  const [current, setCurrent] = useState(() => read(stdout, size));
  useEffect(() => {
    if (size) {
      setCurrent(size);
      return;
    }
    const onResize = () => setCurrent(read(stdout, size));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [size, stdout]);
  return current;
}

const read = (stdout: NodeJS.WriteStream | NodeJS.WritableStream, size: Size | undefined): Size => ({
  columns: size?.columns ?? (stdout as { columns?: number }).columns ?? 80,
  rows: size?.rows ?? (stdout as { rows?: number }).rows ?? 24,
});
