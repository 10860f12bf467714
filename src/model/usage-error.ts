/**
 * Input the caller got wrong (a malformed target, an ambiguous name, a bad option value): the CLI maps it to
 * exit code 2. Lives in the model so the tmux core and the sources can raise it without reaching up into
 * the command layer.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
