import type { Presence } from '../../ports/presence.js';

/** Viewer counts for a single process (the embedded setup). */
export function createMemoryPresence(): Presence {
  const viewers = new Map<string, number>();
  return {
    kind: 'memory',
    async join(sceneId) {
      const n = (viewers.get(sceneId) ?? 0) + 1;
      viewers.set(sceneId, n);
      return n;
    },
    async leave(sceneId) {
      const n = Math.max(0, (viewers.get(sceneId) ?? 0) - 1);
      if (n === 0) viewers.delete(sceneId);
      else viewers.set(sceneId, n);
      return n;
    },
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
