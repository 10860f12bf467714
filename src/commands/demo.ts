import { startDemo } from '../demo/setup.js';
import { runDashboard } from '../store/runtime.js';
import { ProcessRunner } from '../tmux/runner.js';
import type { CommandModule } from './context.js';
import { out } from './context.js';

/**
 * `tmo demo [--no-dash]`: simulated agents on a private server, the dashboard on it, everything removed on
 * exit (also on SIGINT/SIGTERM). `--no-dash` prints the `-L` to use and waits for SIGINT/SIGTERM.
 */
export const command: CommandModule = {
  options: { 'no-dash': { type: 'boolean' } },
  async run(ctx, args) {
    const demo = await startDemo();
    const onSignal = () => {
      void demo.teardown().then(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.once('SIGHUP', onSignal);
    try {
      if (args.values['no-dash'] === true) {
        out(ctx, `-L ${demo.socketName}`);
        ctx.stderr.write(
          `tmo demo: simulated agents on tmux -L ${demo.socketName}; try \`tmo -L ${demo.socketName} status\`. Ctrl-C removes them.\n`,
        );
        await new Promise<never>(() => {
          setInterval(() => {}, 1 << 30);
        });
      }
      const server = { socketName: demo.socketName };
      return await runDashboard({ ...ctx, server, runner: new ProcessRunner(server) });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      await demo.teardown();
    }
  },
};
