import { takeSnapshot } from '../tmux/snapshot.js';
import { type CommandModule, printJson } from './context.js';

export const command: CommandModule = {
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    printJson(ctx, await takeSnapshot(ctx.runner));
    return 0;
  },
};
