/**
 * Orchestration as plain functions (the CLI commands and the dashboard's `:` palette call these):
 * they return result objects, print nothing, and throw OrchError (usage | failure) or TmuxError.
 */
export { BRIEF_ROLES, type BriefRole, DEFAULT_BRIEFS, loadBriefTemplate, renderBrief } from './briefs.js';
export { type OrchDeps, realDeps } from './deps.js';
export { isOrchError, type LeftBehind, OrchError, parseTimeoutSeconds } from './errors.js';
export { type KillResult, killTarget } from './kill.js';
export {
  type DeployOptions,
  type DeployResult,
  deployPm,
  type StartOptions,
  type StartResult,
  startProject,
  wantedSessionName,
} from './project.js';
export {
  type AddScheduleOptions,
  addSchedule,
  cancelSchedule,
  listSchedules,
  parseMinutes,
} from './schedule.js';
export type { ScheduleEntry, ScheduleStatus } from './schedule-store.js';
export { ensureScheduler, type SchedulerState } from './scheduler.js';
export { type StopResult, stopSession } from './sessions.js';
