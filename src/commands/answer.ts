/**
 * `tmo answer <target> <choice>`: answer an agent's dialog on purpose. Choice: 1-9, yes, no, Enter,
 * Escape, Up, Down, Tab. Refused (exit 5) when no dialog is open, unless --force. Exit codes as `send`.
 */
import { CHOICE_HELP, parseChoice, sendAnswer } from '../send/send-answer.js';
import { type CommandModule, UsageError } from './context.js';
import { loadSendConfig, parseTimeout, report } from './send.js';

export const command: CommandModule = {
  options: {
    force: { type: 'boolean' },
    json: { type: 'boolean' },
    timeout: { type: 'string' },
  },
  async run(ctx, { positionals, values }) {
    const [target, choice, ...extra] = positionals;
    if (!target || choice === undefined || extra.length > 0)
      throw new UsageError(`usage: tmo answer <target> <choice>   (choice: ${CHOICE_HELP})`);
    if (!parseChoice(choice)) throw new UsageError(`"${choice}" is not a choice: give ${CHOICE_HELP}`);
    const config = await loadSendConfig(ctx.env);
    const timeout = parseTimeout(values['timeout']) ?? config.confirmTimeoutMs;
    const result = await sendAnswer(ctx.runner, target, choice, {
      force: values['force'] === true,
      ...(timeout === undefined ? {} : { confirmTimeoutMs: timeout }),
    });
    return report(ctx, result, values['json'] === true, 'answered');
  },
};
