import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CharacterEntity, MemoryEntity, MessageEntity, RelationshipEntity } from '../../src/adapters/db/entities.js';
import type { TurnContext } from '../../src/ports/llm.js';
import { collect, waitFor } from '../support/collect.js';
import { recordingLlm } from '../support/recordingLlm.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * Issue 22: a line hidden after its conversation ended was still quoted by the memories written
 * of it, readable by anyone through `Character.memories` and recalled into later prompts.
 */
const TOKEN = 'hidden-memories-moderator-token-0123';
type Result = { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };

const CARDS = `query ($id: ID!) {
  scene(id: $id) {
    characters {
      id
      memories(first: 100) { totalCount nodes { id text epoch kind } }
      relationships { otherName view }
    }
  }
}`;
const MESSAGES = `query ($id: ID!) {
  messages(sceneId: $id, epoch: 1, first: 100) { nodes { id content thoughts hidden hiddenReason } }
}`;
const EVENTS = `subscription ($sceneId: ID!, $afterSeq: Int) {
  sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {
    __typename
    ... on MessageHidden { messageId }
    ... on MemoryDeleted { memoryId characterId }
  }
}`;
const HIDE = 'mutation ($id: ID!) { hideMessage(input: { messageId: $id, reason: "spoiler" }) { id hidden } }';

describe('hiding a line after its conversation ended (GraphQL, SQLite)', () => {
  let server: TestServer;
  const recorder = recordingLlm({ memories: true });
  let sceneId: string;
  let sceneName: string;
  const em = () => server.container.orm.em.fork();
  const post = async (query: string, variables: Record<string, unknown> = {}, moderator = false): Promise<Result> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(moderator ? { authorization: `Bearer ${TOKEN}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Result;
  };

  beforeAll(async () => {
    server = await startTestServer({ MODERATOR_TOKENS: TOKEN, RUN_WITHOUT_VIEWERS: 'true', MAX_MESSAGES: '6' }, { llm: recorder.llm });
    const scene = ((await post('{ scenes { id name } }')).data!.scenes as { id: string; name: string }[])[0]!;
    sceneId = scene.id;
    sceneName = scene.name;
    // Every character remembers the first conversation, and some memory quotes one of its lines.
    await waitFor(async () => {
      const cast = await em().find(CharacterEntity, { sceneId });
      for (const c of cast) if ((await em().count(MemoryEntity, { characterId: c.id, epoch: 1 })) === 0) return false;
      return cast.length > 0;
    }, 60_000);
  }, 90_000);
  afterAll(() => server.stop());

  it('drops every memory and view that came of it, for viewers and for later prompts; moderators still read the line', async () => {
    // A memory that quotes a line of the first conversation, and that line.
    const lines = await em().find(MessageEntity, { sceneId, epoch: 1 }, { orderBy: { turn: 'asc' } });
    const memories = await em().find(MemoryEntity, { sceneId, epoch: 1 });
    let target: { line: (typeof lines)[number]; quote: string } | null = null;
    for (const m of memories) {
      const quote = /"(.+?)…?"$/.exec(m.text)?.[1];
      const line = quote ? lines.find((l) => l.content.startsWith(quote)) : undefined;
      if (quote && line && quote.length >= 12) target = { line, quote };
    }
    expect(target, 'a memory of the first conversation quotes one of its lines').not.toBeNull();
    const { line, quote } = target!;
    const readable = JSON.stringify((await post(CARDS, { id: sceneId })).data);
    expect(readable).toContain(quote);

    const { lastSeq } = (await post('query ($id: ID!) { scene(id: $id) { lastSeq } }', { id: sceneId })).data!.scene;
    const live = collect<any>(server.wsClient(), EVENTS, { sceneId, afterSeq: lastSeq }, (items) =>
      items.some((i) => i.sceneEvents.__typename === 'MemoryDeleted'),
    );
    const callsBefore = recorder.calls.length;
    expect((await post(HIDE, { id: String(line.id) }, true)).data!.hideMessage).toEqual({ id: String(line.id), hidden: true });

    // Viewers: no memory, no view, no message text of it.
    const cards = (await post(CARDS, { id: sceneId })).data!.scene.characters as any[];
    expect(JSON.stringify(cards)).not.toContain(quote);
    for (const c of cards) {
      expect(c.memories.nodes.filter((m: any) => m.epoch === 1 && m.kind === 'EPISODE')).toEqual([]);
      for (const r of c.relationships) expect(r.view).not.toContain(quote);
    }
    expect(await em().count(MemoryEntity, { sceneId, epoch: 1, kind: 'EPISODE' })).toBe(0);
    expect(await em().count(RelationshipEntity, { sceneId, lastEpoch: 1, view: { $ne: '' } })).toBe(0);
    expect(JSON.stringify((await post(MESSAGES, { id: sceneId })).data)).not.toContain(quote);

    // Open cards hear of it.
    const { items, errors } = await live;
    expect(errors).toEqual([]);
    expect(items.map((i) => i.sceneEvents.__typename)).toEqual(expect.arrayContaining(['MessageHidden', 'MemoryDeleted']));

    // Moderators still read the line, with the reason.
    const asModerator = (await post(MESSAGES, { id: sceneId }, true)).data!.messages.nodes as any[];
    expect(asModerator.find((m) => m.id === String(line.id))).toMatchObject({
      content: line.content,
      hidden: true,
      hiddenReason: 'spoiler',
    });

    // Later prompts: the next turns of the scene recall nothing of it.
    const later = () =>
      recorder.calls.slice(callsBefore).flatMap((c) => (c.kind === 'turn' && c.context.scene.name === sceneName ? [c.context] : []));
    await waitFor(() => later().length >= 3, 60_000);
    for (const context of later()) {
      const derived: Partial<TurnContext> = { memories: context.memories, relationships: context.relationships, summary: context.summary };
      expect(JSON.stringify(derived)).not.toContain(quote);
    }
  }, 120_000);
});
