/**
 * Entry of the detached scheduler process: `node dist/src/orchestrate/daemon-main.js STATE_DIR`.
 * Started by ensureScheduler(); not a user command.
 */
import { sendText } from '../send/send.js';
import { runDaemon } from './scheduler.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: daemon-main.js STATE_DIR\n');
  process.exit(2);
}
runDaemon({ dir, deps: { sendText } }).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`scheduler: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
