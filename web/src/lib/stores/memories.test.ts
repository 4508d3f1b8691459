import type { Client } from '@urql/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyEvent, initialScene } from './sceneState';
import { feelingWord, MemoriesStore, pickShown, type MemoryNote } from './memories.svelte';

const note = (id: number, importance: number, createdAt: number): MemoryNote => ({
  id: String(id),
  text: `memory ${id}`,
  importance,
  kind: 'EPISODE',
  createdAt,
});

/** A urql stand-in answering every memories query with `scene`, counting the queries. */
function fakeUrql(scene: unknown) {
  const queries: unknown[] = [];
  const client = {
    query: (_doc: unknown, variables: unknown) => {
      queries.push(variables);
      return { toPromise: () => Promise.resolve({ data: { scene } }) };
    },
  } as unknown as Client;
  return { client, queries };
}

const SCENE = {
  id: 's1',
  characters: [
    {
      id: 'ada',
      memories: { totalCount: 9, nodes: [note(9, 3, 900), note(8, 7, 800), note(7, 7, 700), note(6, 2, 600)] },
      relationships: [{ otherId: 'bram', otherName: 'Bram', otherColour: '#336699', affinity: 0.4, familiarity: 0.65, view: 'Careful.' }],
    },
  ],
};

describe('memories on the character cards', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the most important of the newest memories, newest first on ties', () => {
    expect(pickShown([note(1, 3, 100), note(2, 7, 200), note(3, 7, 300), note(4, 9, 50)]).map((m) => m.id)).toEqual(['4', '3']);
    expect(pickShown([])).toEqual([]);
    const same = (id: number, importance: number) => ({ ...note(id, importance, id), text: `I had a good talk ${id}` });
    expect(pickShown([same(1, 9), same(2, 8), note(3, 2, 3)]).map((m) => m.id)).toEqual(['1', '3']);
  });

  it('names feelings from affinity', () => {
    expect([0.8, 0.3, 0, -0.3, -0.8].map(feelingWord)).toEqual(['fond of', 'likes', 'neutral about', 'wary of', 'dislikes']);
  });

  it('reads a scene once per key, again later for memories written after the end, and per character', async () => {
    vi.useFakeTimers();
    const { client, queries } = fakeUrql(SCENE);
    const store = new MemoriesStore(client);
    store.track('s1', '1|RUNNING|0');
    store.track('s1', '1|RUNNING|0');
    await vi.advanceTimersByTimeAsync(0);
    expect(queries).toEqual([{ id: 's1', first: 6 }]);
    const ada = store.byCharacter['ada']!;
    expect(ada.total).toBe(9);
    expect(ada.remembers.map((m) => m.id)).toEqual(['8', '7']);
    expect(ada.relationships[0]!.otherName).toBe('Bram');
    await vi.advanceTimersByTimeAsync(8_000);
    expect(queries).toHaveLength(2);
    store.track('s1', '1|ENDED|0');
    await vi.advanceTimersByTimeAsync(0);
    expect(queries).toHaveLength(3);
    store.track(null, '');
    expect(store.byCharacter).toEqual({});
    store.stop();
  });

  it('a moderator deleting or resetting memories bumps the scene’s memory version', () => {
    const detail = {
      id: 's1',
      slug: 's',
      name: 'S',
      description: '',
      room: 'r',
      status: 'RUNNING',
      statusReason: null,
      epoch: 1,
      startedAt: 0,
      endedAt: null,
      nextConversationAt: null,
      lastSeq: 0,
      pace: 1,
      characters: [],
    } as unknown as Parameters<typeof initialScene>[0];
    let scene = initialScene(detail, []);
    expect(scene.memoryVersion).toBe(0);
    const base = { seq: 1, epoch: 1, at: 0, sceneId: 's1' };
    scene = applyEvent(scene, { ...base, __typename: 'MemoryDeleted', memoryId: '5', characterId: 'ada' } as never);
    scene = applyEvent(scene, { ...base, seq: 2, __typename: 'MemoryReset', characterId: 'ada' } as never);
    expect(scene.memoryVersion).toBe(2);
    // A hidden line also empties the views derived from it.
    scene = applyEvent(scene, { ...base, seq: 3, __typename: 'MessageHidden', messageId: '9', turn: 1, hiddenReason: null } as never);
    expect(scene.memoryVersion).toBe(3);
  });
});
