import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CharacterEntity,
  MemoryEntity,
  MessageEntity,
  ModerationActionEntity,
  RelationshipEntity,
} from '../../src/adapters/db/entities.js';
import { rememberConversation } from '../../src/services/memoryWrite.js';
import { collect, waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/** Memories and relationships over GraphQL, on SQLite, with the scripted model writing them. */
const TOKEN = 'memory-moderator-token-0123456789';
type Result = { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };

const CHARACTERS = `query ($id: ID!, $first: Int, $after: String) {
  scene(id: $id) {
    epoch
    characters {
      id
      name
      memories(first: $first, after: $after) {
        totalCount
        nodes { id characterId sceneId epoch kind text about importance createdAt }
        edges { cursor node { id } }
        pageInfo { hasNextPage endCursor }
      }
      relationships { otherId otherName otherColour affinity familiarity view updatedAt }
    }
  }
}`;

const EVENTS = `subscription ($sceneId: ID!, $afterSeq: Int) {
  sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {
    __typename
    seq
    ... on MemoryDeleted { memoryId characterId }
    ... on MemoryReset { characterId }
  }
}`;

describe('characters that remember (GraphQL, SQLite)', () => {
  let server: TestServer;
  let sceneId: string;
  let otherSceneId: string;
  const em = () => server.container.orm.em.fork();
  const post = async (query: string, variables: Record<string, unknown> = {}, moderator = false): Promise<Result> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(moderator ? { authorization: `Bearer ${TOKEN}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Result;
  };
  const characters = async (id: string, first?: number, after?: string) =>
    (await post(CHARACTERS, { id, first, after })).data!.scene.characters as any[];
  const codeOf = (r: Result) => r.errors?.[0]?.extensions?.code;
  /** Memories for every character of a scene, written after its first conversation ended. */
  const remembered = async (id: string) => {
    const cast = await em().find(CharacterEntity, { sceneId: id });
    for (const c of cast) if ((await em().count(MemoryEntity, { characterId: c.id })) === 0) return false;
    return cast.length > 0;
  };

  beforeAll(async () => {
    server = await startTestServer({ MODERATOR_TOKENS: TOKEN, RUN_WITHOUT_VIEWERS: 'true', MAX_MESSAGES: '6' });
    const scenes = (await post('{ scenes { id slug } }')).data!.scenes as { id: string }[];
    sceneId = scenes[0]!.id;
    otherSceneId = scenes[1]!.id;
    await waitFor(() => remembered(sceneId), 60_000);
    await waitFor(() => remembered(otherSceneId), 60_000);
  }, 90_000);
  afterAll(() => server.stop());

  it('each character wrote first-person memories of what was said, and views of the others', async () => {
    const cast = await characters(sceneId, 100);
    const messages = await em().find(MessageEntity, { sceneId, epoch: 1 });
    for (const c of cast) {
      expect(c.memories.totalCount).toBeGreaterThan(0);
      const episodes = c.memories.nodes.filter((m: any) => m.epoch === 1 && m.kind === 'EPISODE');
      expect(episodes.length).toBeGreaterThan(0);
      for (const m of episodes) {
        expect(m.text).toMatch(/\b(I|me|my)\b/);
        expect(m.importance).toBeGreaterThanOrEqual(1);
        expect(m.importance).toBeLessThanOrEqual(10);
        expect(m.characterId).toBe(c.id);
        for (const name of m.about) expect(cast.map((o: any) => o.name)).toContain(name);
      }
      // Quoted memories quote what was actually said in the conversation.
      for (const m of episodes) {
        const quoted = /"(.+?)(…)?"$/.exec(m.text)?.[1];
        if (quoted) expect(messages.some((line) => line.content.startsWith(quoted.replace(/…$/, '')))).toBe(true);
      }
      expect(c.relationships).toHaveLength(cast.length - 1);
      for (const r of c.relationships) {
        expect(r.affinity).toBeGreaterThanOrEqual(-1);
        expect(r.affinity).toBeLessThanOrEqual(1);
        expect(r.familiarity).toBeGreaterThan(0);
        expect(r.familiarity).toBeLessThanOrEqual(1);
        expect(r.view.length).toBeGreaterThan(0);
        expect(r.otherColour).toMatch(/^#[0-9a-f]{6}$/i);
      }
    }
  });

  it('pages memories newest first with cursors, and refuses bad paging', async () => {
    const [c] = await characters(sceneId, 100);
    const all = c.memories.nodes.map((m: any) => Number(m.id));
    expect(all).toEqual([...all].sort((a, b) => b - a));
    if (all.length >= 2) {
      const [first] = await characters(sceneId, 1);
      expect(first.memories.nodes.map((m: any) => Number(m.id))).toEqual([all[0]]);
      expect(first.memories.pageInfo.hasNextPage).toBe(true);
      const [second] = await characters(sceneId, 1, first.memories.pageInfo.endCursor);
      expect(second.memories.nodes.map((m: any) => Number(m.id))).toEqual([all[1]]);
    }
    expect(codeOf(await post(CHARACTERS, { id: sceneId, first: 0 }))).toBe('BAD_INPUT');
    expect(codeOf(await post(CHARACTERS, { id: sceneId, first: 101 }))).toBe('BAD_INPUT');
    expect(codeOf(await post(CHARACTERS, { id: sceneId, first: 5, after: 'not-a-cursor' }))).toBe('BAD_INPUT');
  });

  it('writing again for the same conversation stores nothing twice', async () => {
    const before = await em().count(MemoryEntity, { sceneId });
    const relBefore = await em().find(RelationshipEntity, { sceneId }, { orderBy: { id: 'asc' } });
    const { container } = server;
    const outcome = await rememberConversation(container, sceneId, 1);
    expect(outcome.written).toBe(0);
    expect(await em().count(MemoryEntity, { sceneId, epoch: 1, kind: 'EPISODE' })).toBeGreaterThan(0);
    expect(await em().count(MemoryEntity, { sceneId })).toBeGreaterThanOrEqual(before);
    const relAfter = await em().find(RelationshipEntity, { sceneId, lastEpoch: 1 }, { orderBy: { id: 'asc' } });
    for (const r of relAfter) {
      const was = relBefore.find((b) => b.id === r.id);
      if (was && was.lastEpoch === 1) expect(r.affinity).toBe(was.affinity);
    }
  });

  it('deleteMemory: moderators only, validated, gone for everyone with an event and a log entry', async () => {
    const [c] = await characters(sceneId, 100);
    const target = c.memories.nodes[0];
    const mutation = 'mutation ($id: ID!) { deleteMemory(input: { memoryId: $id }) { id text characterId } }';
    expect(codeOf(await post(mutation, { id: target.id }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await post(mutation, { id: 'abc' }, true))).toBe('BAD_INPUT');
    expect(codeOf(await post(mutation, { id: '987654321' }, true))).toBe('NOT_FOUND');
    expect(await em().count(MemoryEntity, { id: Number(target.id) })).toBe(1);

    const { lastSeq } = (await post('query ($id: ID!) { scene(id: $id) { lastSeq } }', { id: sceneId })).data!.scene;
    const live = collect<any>(server.wsClient(), EVENTS, { sceneId, afterSeq: lastSeq }, (items) =>
      items.some((i) => i.sceneEvents.__typename === 'MemoryDeleted'),
    );
    const res = await post(mutation, { id: target.id }, true);
    expect(res.data!.deleteMemory).toEqual({ id: target.id, text: target.text, characterId: c.id });
    const { items, errors } = await live;
    expect(errors).toEqual([]);
    expect(items.find((i) => i.sceneEvents.__typename === 'MemoryDeleted')!.sceneEvents).toMatchObject({
      memoryId: target.id,
      characterId: c.id,
    });
    expect(await em().count(MemoryEntity, { id: Number(target.id) })).toBe(0);
    expect(codeOf(await post(mutation, { id: target.id }, true))).toBe('NOT_FOUND');
    const entry = await em().findOneOrFail(ModerationActionEntity, { action: 'DELETE_MEMORY' });
    expect(entry).toMatchObject({ sceneId, moderator: 'moderator-1' });
    expect(entry.detail).toContain(target.text.slice(0, 40));
  });

  it('resetCharacterMemory: forgets memories and views, with an event; other characters keep theirs', async () => {
    const cast = await characters(sceneId, 100);
    const [target, other] = cast;
    const mutation =
      'mutation ($id: ID!) { resetCharacterMemory(input: { characterId: $id }) { id name memories { totalCount } relationships { otherId } } }';
    expect(codeOf(await post(mutation, { id: target.id }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await post(mutation, { id: 'no-such-character' }, true))).toBe('NOT_FOUND');
    expect(codeOf(await post(mutation, { id: 'x'.repeat(65) }, true))).toBe('BAD_INPUT');

    const { lastSeq } = (await post('query ($id: ID!) { scene(id: $id) { lastSeq } }', { id: sceneId })).data!.scene;
    const live = collect<any>(server.wsClient(), EVENTS, { sceneId, afterSeq: lastSeq }, (items) =>
      items.some((i) => i.sceneEvents.__typename === 'MemoryReset'),
    );
    const res = await post(mutation, { id: target.id }, true);
    expect(res.data!.resetCharacterMemory).toEqual({ id: target.id, name: target.name, memories: { totalCount: 0 }, relationships: [] });
    expect((await live).items.find((i) => i.sceneEvents.__typename === 'MemoryReset')!.sceneEvents.characterId).toBe(target.id);
    const [, otherAfter] = await characters(sceneId, 100);
    expect(otherAfter.memories.totalCount).toBeGreaterThan(0);
    expect(otherAfter.id).toBe(other.id);
    // Conversations up to now are not written again for it, even by a late `remember` step.
    const epoch = (await post('query ($id: ID!) { scene(id: $id) { epoch } }', { id: sceneId })).data!.scene.epoch as number;
    await rememberConversation(server.container, sceneId, epoch);
    expect(await em().count(MemoryEntity, { characterId: target.id, epoch: { $lte: epoch } })).toBe(0);
  });

  it('resetScene keeps memories by default, and forgets them with keepMemories: false', async () => {
    const id = otherSceneId;
    const count = () => em().count(MemoryEntity, { sceneId: id });
    const before = await count();
    expect(before).toBeGreaterThan(0);
    const keep = await post('mutation ($id: ID!) { resetScene(input: { sceneId: $id }) { id } }', { id }, true);
    expect(keep.errors).toBeUndefined();
    expect(await count()).toBeGreaterThanOrEqual(before);
    const forget = await post(
      'mutation ($id: ID!) { resetScene(input: { sceneId: $id }, keepMemories: false) { id epoch } }',
      { id },
      true,
    );
    expect(forget.errors).toBeUndefined();
    const epoch = forget.data!.resetScene.epoch as number;
    expect(await em().count(MemoryEntity, { sceneId: id, epoch: { $lt: epoch } })).toBe(0);
    expect(await em().count(RelationshipEntity, { sceneId: id, lastEpoch: { $lt: epoch } })).toBe(0);
    expect(codeOf(await post('mutation { resetScene(input: { sceneId: "nope" }, keepMemories: false) { id } }', {}, true))).toBe(
      'NOT_FOUND',
    );
    const log = await em().find(ModerationActionEntity, { action: 'RESET_SCENE', sceneId: id }, { orderBy: { id: 'asc' } });
    expect(log.map((l) => l.detail)).toEqual([null, 'memories reset too']);
  });
});
