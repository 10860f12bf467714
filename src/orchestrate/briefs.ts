import { join } from 'node:path';
import { configDir } from '../config/paths.js';
import { readRegularFile } from '../config/read-file.js';
import { validateMessage } from '../send/send-validate.js';

/** The two briefing roles; `configDir()/briefs/<role>.md` overrides the built-in text. */
export type BriefRole = 'engineer' | 'pm';
export const BRIEF_ROLES: readonly BriefRole[] = ['engineer', 'pm'];

export interface BriefVars {
  project: string;
  path: string;
  session: string;
}

export const DEFAULT_BRIEFS: Readonly<Record<BriefRole, string>> = {
  engineer: [
    'You are the engineer for the project "{{project}}" in {{path}} (tmux session {{session}}).',
    'Windows in this session: this agent window, a Shell window and a Dev-Server window, all in the project folder.',
    'First read the README and the project layout, then tell me in a few lines what the project is and how to run its tests.',
    'Work in small steps, run the tests after each change, and commit working changes with clear messages.',
    'When you are blocked or need a decision, say so plainly and wait.',
  ].join('\n'),
  pm: [
    'You are the project manager for "{{project}}" in {{path}} (tmux session {{session}}).',
    'Engineers work in the other windows of this session. Your job: keep the work on track and the quality high.',
    'Check what the engineers are doing, ask for status when they are quiet, insist on tests and small commits,',
    'keep a short list of open tasks, and report progress, blockers and risks when asked.',
    'Do not write features yourself; review, verify and coordinate.',
  ].join('\n'),
};

/** Replace `{{project}}`, `{{path}}`, `{{session}}` (spaces inside the braces allowed); others stay. */
export function renderBrief(template: string, vars: BriefVars): string {
  return template.replace(/\{\{\s*(project|path|session)\s*\}\}/g, (_m, key: keyof BriefVars) => vars[key]);
}

export interface LoadedBrief {
  text: string;
  /** Where it came from: a file path or `built-in`. */
  source: string;
}

/**
 * The briefing template for a role: an explicit file (`--brief FILE`) first, then
 * `configDir()/briefs/<role>.md`, then the built-in default. A missing explicit file is an error;
 * a missing config file is not.
 */
export async function loadBriefTemplate(
  role: BriefRole,
  options: { file?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<LoadedBrief> {
  if (options.file !== undefined)
    return checked({ text: readRegularFile(options.file), source: options.file });
  const path = join(configDir(options.env), 'briefs', `${role}.md`);
  try {
    return checked({ text: readRegularFile(path), source: path });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { text: DEFAULT_BRIEFS[role], source: 'built-in' };
  }
}

/**
 * A briefing the safe send would refuse (a control character, nothing at all) is refused here, before a
 * session or window is made for it: it was refused only when typed, with the new session left behind.
 * (Read as a regular file only: a FIFO given as --brief waited forever, see config/read-file.ts.)
 */
function checked(brief: LoadedBrief): LoadedBrief {
  const v = validateMessage(tidyBrief(brief.text), Number.POSITIVE_INFINITY);
  if (!v.ok) throw new Error(`${brief.source}: ${v.message}`);
  return brief;
}

/** Briefs are typed into an agent: trailing whitespace/newlines dropped so Enter is pressed once. */
export const tidyBrief = (text: string): string => text.replace(/\r\n/g, '\n').replace(/\s+$/, '');
