/**
 * `%output` to pane.output events: for agents' panes (every pane's with output 'all'), and only when anyone
 * wants them at all (`paneOutput`); what no one wants is never decoded (the parser only tells `activity`).
 * A pane tmux paused because we fell behind (`%pause`: it drops the pane's output until our continue) gets
 * an empty pane.output marked `lost`.
 */
import type { TmoEvent, WindowRef } from '../model/events.js';

export interface PaneOutputContext {
  /** Our own placeholder pane (never reported), if any. */
  placeholder(): string | undefined;
  stopped(): boolean;
  where(paneId: string): WindowRef | undefined;
  emit(event: TmoEvent): void;
}

/** The agents' side: which panes are agents, and that one printed (output timing, re-classification). */
interface Agents {
  isAgent(paneId: string): boolean;
  onOutput(paneId: string): void;
  /** tmux dropped the pane's output for a while: its silence says nothing for now. */
  outputPaused(paneId: string): void;
}

export class PaneOutput {
  private readonly o: { output?: 'agents' | 'all'; paneOutput?: boolean };
  private readonly agents: Agents;
  private readonly c: PaneOutputContext;
  constructor(options: PaneOutput['o'], agents: Agents, context: PaneOutputContext) {
    this.o = options;
    this.agents = agents;
    this.c = context;
  }

  /** The control client's output callbacks (ControlClientOptions). */
  handlers() {
    return {
      onOutput: (paneId: string, text: string) => this.text(paneId, text),
      wantsOutput: (paneId: string) => this.wants(paneId),
      onActivity: (paneId: string) => this.agents.onOutput(paneId),
    };
  }

  wants(paneId: string): boolean {
    if (this.o.paneOutput === false || paneId === this.c.placeholder()) return false;
    return this.o.output === 'all' || this.agents.isAgent(paneId);
  }

  text(paneId: string, text: string, lost = false): void {
    if (paneId === this.c.placeholder() || this.c.stopped()) return;
    const where = this.c.where(paneId) ?? {};
    this.c.emit({ type: 'pane.output', time: Date.now(), paneId, text, ...(lost ? { lost } : {}), ...where });
    this.agents.onOutput(paneId);
  }

  paused(paneId: string): void {
    this.agents.outputPaused(paneId);
    if (this.wants(paneId)) this.text(paneId, '', true);
  }
}
