/**
 * `npm run bench -- soak [minutes]` (not in the default run: it takes 10 minutes): the real dashboard watching
 * 50 agent panes that print 10 lines/s each, its RSS and CPU printed every minute — the "RSS ≤ 200 MB
 * after 10 minutes of that load".
 */
import { readFileSync } from 'node:fs';
import { BUSY, dashCommand, outerServer, rssMb } from './dash.js';
import { benchServer } from './tmux-fixture.js';

const ticks = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(f[11]) + Number(f[12]);
};

export async function benchSoak(minutes = 10): Promise<string[]> {
  const lines = [`dashboard soak: 50 agents × 10 lines/s for ${minutes} min (RSS target ≤ 200 MB)`];
  const agents = benchServer(5, 10, BUSY);
  const ui = outerServer();
  try {
    const cmd = dashCommand(agents);
    ui.tmux('new-session', '-d', '-s', 'ui', '-x', '120', '-y', '40', cmd);
    const pid = Number(ui.tmux('display-message', '-p', '-t', 'ui', '#{pane_pid}').trim());
    let peak = 0;
    for (let m = 1; m <= minutes; m++) {
      const t0 = ticks(pid);
      await new Promise((r) => setTimeout(r, 60_000));
      const rss = rssMb(pid);
      peak = Math.max(peak, rss);
      const cpu = (ticks(pid) - t0) / 100 / 60; // USER_HZ 100
      const line = `  minute ${m}: RSS ${rss.toFixed(0)} MB, CPU ${(cpu * 100).toFixed(1)}% of one core`;
      lines.push(line);
      console.error(line);
    }
    lines.push(`  peak RSS over the minutes: ${peak.toFixed(0)} MB`);
    return lines;
  } finally {
    ui.kill();
    agents.kill();
  }
}
