import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryPresence } from '../adapters/presence/memoryPresence.js';
import type { Container } from '../container.js';
import { viewerJoined, viewerLeft } from './viewers.js';

/** A container with the parts viewer counting touches, recording what it did. */
function fakeContainer() {
  const presence = createMemoryPresence();
  const writes: { sceneId: string; delta: number }[] = [];
  const published: { sceneId: string; viewers?: number }[] = [];
  const woken: string[] = [];
  let failing = false;
  const container = {
    presence: {
      ...presence,
      change: async (sceneId: string, delta: number) => {
        if (failing) throw new Error('presence is down');
        writes.push({ sceneId, delta });
        return presence.change(sceneId, delta);
      },
    },
    pubsub: { publish: (_topic: string, payload: { sceneId: string; viewers?: number }) => void published.push(payload) },
    loop: { wake: async (sceneId: string) => void woken.push(sceneId) },
    logger: { warn: () => {} },
  } as unknown as Container;
  return { container, presence, writes, published, woken, fail: (on: boolean) => (failing = on) };
}

describe('viewer counting', () => {
  it('counts a burst of joins and leaves in one write per scene, and wakes a scene that had none', async () => {
    const { container, presence, writes, published, woken } = fakeContainer();
    await Promise.all([
      ...Array.from({ length: 50 }, () => viewerJoined(container, 'a')),
      ...Array.from({ length: 3 }, () => viewerJoined(container, 'b')),
    ]);
    expect(writes).toEqual([
      { sceneId: 'a', delta: 50 },
      { sceneId: 'b', delta: 3 },
    ]);
    expect(published).toEqual([
      { sceneId: 'a', viewers: 50 },
      { sceneId: 'b', viewers: 3 },
    ]);
    expect(woken).toEqual(['a', 'b']);
    await Promise.all([viewerJoined(container, 'a'), viewerLeft(container, 'a'), viewerLeft(container, 'b')]);
    expect(await presence.count('a')).toBe(50);
    expect(await presence.count('b')).toBe(2);
    // Neither went from none to some.
    expect(woken).toEqual(['a', 'b']);
  });

  it('rejects every join of a batch that could not be written; leaving never throws', async () => {
    const { container, fail } = fakeContainer();
    fail(true);
    const joins = Array.from({ length: 3 }, () => viewerJoined(container, 'a'));
    const left = viewerLeft(container, 'a');
    for (const join of joins) await expect(join).rejects.toThrow('presence is down');
    await expect(left).resolves.toBeUndefined();
  });

  it('ends where one-by-one counting ends, for any bursts of joins and leaves (property)', async () => {
    // A burst is a list of changes issued together; a leave follows a join of the same scene.
    const burst = fc.array(fc.record({ scene: fc.constantFrom('a', 'b', 'c'), join: fc.boolean() }), { maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(fc.array(burst, { maxLength: 6 }), async (bursts) => {
        const { container, presence, writes, woken } = fakeContainer();
        const expected = new Map<string, number>();
        let expectedWakes = 0;
        for (const changes of bursts) {
          const before = new Map(expected);
          const issued: Promise<void>[] = [];
          for (const { scene, join } of changes) {
            const n = expected.get(scene) ?? 0;
            if (!join && n === 0) continue;
            expected.set(scene, n + (join ? 1 : -1));
            issued.push(join ? viewerJoined(container, scene) : viewerLeft(container, scene));
          }
          const writesBefore = writes.length;
          await Promise.all(issued);
          const touched = new Set(changes.map((c) => c.scene).filter((s) => expected.get(s) !== undefined));
          expect(writes.length - writesBefore).toBeLessThanOrEqual(touched.size);
          for (const [scene, n] of expected) {
            if ((before.get(scene) ?? 0) === 0 && n > 0) expectedWakes++;
          }
        }
        for (const [scene, n] of expected) expect(await presence.count(scene)).toBe(n);
        expect(woken).toHaveLength(expectedWakes);
      }),
      { numRuns: 60 },
    );
  });
});
