import type { Presence } from '../../ports/presence.js';

/** Viewer counts for a single process (the embedded setup). */
export function createMemoryPresence(): Presence {
  const viewers = new Map<string, number>();
  const change = async (sceneId: string, delta: number) => {
    const n = Math.max(0, (viewers.get(sceneId) ?? 0) + delta);
    if (n === 0) viewers.delete(sceneId);
    else viewers.set(sceneId, n);
    return n;
  };
  return {
    kind: 'memory',
    change,
    join: (sceneId) => change(sceneId, 1),
    leave: (sceneId) => change(sceneId, -1),
    async count(sceneId) {
      return viewers.get(sceneId) ?? 0;
    },
    async counts() {
      return new Map(viewers);
    },
    async stop() {
      viewers.clear();
    },
  };
}
