import type { CommandContext } from '../commands/context.js';
import type { DashSession } from './runtime.js';

/** Set by src/cli.tsx (the only module allowed to render): shows the dashboard until the operator quits. */
export type DashRenderer = (ctx: CommandContext, session: DashSession) => Promise<void>;

let renderer: DashRenderer | undefined;
export const setDashRenderer = (fn: DashRenderer): void => {
  renderer = fn;
};
export const getDashRenderer = (): DashRenderer | undefined => renderer;
