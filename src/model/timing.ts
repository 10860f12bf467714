/**
 * Where a one-shot command's time goes: with `TMO_TIMING=1` in the environment, each `mark` records the
 * time since the process started (and the CPU time used so far), printed to stderr when the process exits.
 * Without it, `mark` does nothing.
 */
const marks: [name: string, at: number, cpu: number][] | undefined = process.env['TMO_TIMING']
  ? []
  : undefined;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export function mark(name: string): void {
  marks?.push([name, performance.now(), cpuMs()]);
}

if (marks)
  process.on('exit', () => {
    mark('exit');
    process.stderr.write(
      marks
        .map(
          ([n, t, c]) =>
            `tmo timing: ${t.toFixed(1).padStart(7)} ms (cpu ${c.toFixed(1).padStart(6)} ms)  ${n}\n`,
        )
        .join(''),
    );
  });
