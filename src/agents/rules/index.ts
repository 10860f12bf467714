import { aider } from './aider.js';
import { claude } from './claude.js';
import { codex } from './codex.js';
import { gemini } from './gemini.js';
import { copilot, cursor, opencode } from './others.js';
import type { AgentTable } from './types.js';

export { GENERIC_RULES, genericTable } from './others.js';
export type { AgentTable, ScreenRule } from './types.js';

/** The built-in rule tables, in detection order. Data only: see each file, and README "Agent rules". */
export const BUILTIN_TABLES: AgentTable[] = [claude, codex, gemini, aider, opencode, copilot, cursor];
