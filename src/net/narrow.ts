import type { WorldPayload } from './protocol.js';

/** The part of the world a `snapshot` action asked for (`target: {session?, window?}`, by name or id). */
export function narrow(world: WorldPayload, target: { session?: string; window?: string }): WorldPayload {
  if (!target.session) return world;
  const sessions = world.snapshot.sessions
    .filter((s) => s.name === target.session || s.id === target.session)
    .map((s) =>
      target.window
        ? {
            ...s,
            windows: s.windows.filter(
              (w) => w.name === target.window || w.id === target.window || String(w.index) === target.window,
            ),
          }
        : s,
    );
  const panes = new Set(sessions.flatMap((s) => s.windows.flatMap((w) => w.panes.map((p) => p.id))));
  const agents = Object.fromEntries(Object.entries(world.agents).filter(([id]) => panes.has(id)));
  return { snapshot: { ...world.snapshot, sessions }, agents };
}
