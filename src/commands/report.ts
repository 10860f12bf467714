import { isoTime } from '../model/iso-time.js';
import {
  AGENT_STATES,
  type AgentKind,
  type AgentState,
  type AgentStatus,
  type Snapshot,
  type WaitReason,
  type WindowType,
} from '../model/types.js';
import { windowType } from '../model/window-type.js';

/**
 * The stable `tmo status --json` document (README "JSON formats"). Times are ISO 8601 strings.
 * Fields are only ever added, never renamed or removed, within a major version.
 */
export interface StatusJson {
  version: string;
  timestamp: string;
  server: { running: boolean; socket: string; tmuxVersion: string | null };
  sessions: {
    id: string;
    name: string;
    created: string;
    attached: boolean;
    windows: {
      id: string;
      index: number;
      name: string;
      active: boolean;
      type: WindowType;
      panes: {
        id: string;
        index: number;
        active: boolean;
        command: string;
        pid: number;
        title: string;
        dead: boolean;
        agent?: AgentJson;
      }[];
    }[];
  }[];
  agents: (AgentJson & {
    session: string;
    window: number;
    windowName: string;
    pane: string;
    name: string;
    target: string;
  })[];
  health: { healthy: boolean; counts: Record<AgentState, number> };
}

export interface AgentJson {
  kind: AgentKind;
  state: AgentState;
  reason?: WaitReason;
  since?: string;
  rule?: string;
}

function agentJson(status: AgentStatus): AgentJson {
  const out: AgentJson = { kind: status.kind, state: status.state };
  if (status.reason) out.reason = status.reason;
  if (status.since) out.since = isoTime(status.since);
  if (status.rule) out.rule = status.rule;
  return out;
}

export function zeroCounts(): Record<AgentState, number> {
  return Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
}

/** Healthy: the server runs and no agent is in error. */
export function buildStatus(
  snapshot: Snapshot,
  agents: Record<string, AgentStatus>,
  version: string,
  now = Date.now(),
): StatusJson {
  const counts = zeroCounts();
  const agentList: StatusJson['agents'] = [];
  const sessions = snapshot.sessions.map((s) => ({
    id: s.id,
    name: s.name,
    created: isoTime(s.created),
    attached: s.attached,
    windows: s.windows.map((w) => ({
      id: w.id,
      index: w.index,
      name: w.name,
      active: w.active,
      type: windowType({ window: w, agents }),
      panes: w.panes.map((p) => {
        const status = agents[p.id];
        const pane: StatusJson['sessions'][number]['windows'][number]['panes'][number] = {
          id: p.id,
          index: p.index,
          active: p.active,
          command: p.command,
          pid: p.pid,
          title: p.title,
          dead: p.dead,
        };
        if (status) {
          pane.agent = agentJson(status);
          counts[status.state]++;
          agentList.push({
            session: s.name,
            window: w.index,
            windowName: w.name,
            pane: p.id,
            name: w.panes.length > 1 ? `${w.name}.${p.index}` : w.name,
            target: `${s.name}:${w.index}.${p.index}`,
            ...agentJson(status),
          });
        }
        return pane;
      }),
    })),
  }));
  return {
    version,
    timestamp: isoTime(now),
    server: {
      running: snapshot.server.running,
      socket: snapshot.server.socket,
      tmuxVersion: snapshot.server.tmuxVersion ?? null,
    },
    sessions,
    agents: agentList,
    health: { healthy: snapshot.server.running && counts.error === 0, counts },
  };
}
