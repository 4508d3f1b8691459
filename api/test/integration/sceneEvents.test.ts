import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const EVENTS = /* GraphQL */ `
  subscription Events($sceneId: ID!, $afterSeq: Int) {
    sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {
      __typename
      seq
      epoch
      ... on CharacterChanged {
        character {
          id
          action
          mood
        }
      }
      ... on MessagePosted {
        message {
          turn
          speakerName
          content
          model
          promptTokens
        }
      }
    }
  }
`;

interface Ev {
  sceneEvents: {
    __typename: string;
    seq: number;
    character?: { id: string; action: string };
    message?: { turn: number; speakerName: string; content: string; model: string; promptTokens: number };
  };
}

describe.each(['broadcast', 'stock'])('scene events over graphql-ws (FANOUT=%s)', (fanout) => {
  let server: TestServer;
  let sceneId: string;

  beforeAll(async () => {
    server = await startTestServer({ FANOUT: fanout });
    const res = await server.gql<{ scenes: { id: string; slug: string; characters: { name: string }[] }[] }>(
      '{ scenes { id slug characters { name } } }',
    );
    sceneId = res.data!.scenes.find((s) => s.slug === 'observatory-night')!.id;
  });
  afterAll(() => server.stop());

  it('lists the built-in scenes with their characters', async () => {
    const res = await server.gql<{ scenes: { slug: string; status: string; characters: { name: string }[] }[] }>(
      '{ scenes { slug status characters { name } } }',
    );
    expect(res.errors).toBeUndefined();
    const slugs = res.data!.scenes.map((s) => s.slug);
    expect(slugs).toEqual(expect.arrayContaining(['ice-cream-shop', 'observatory-night', 'lost-luggage', 'rooftop-garden']));
    expect(res.data!.scenes.find((s) => s.slug === 'observatory-night')!.characters.length).toBeGreaterThanOrEqual(3);
  });

  it('streams THINKING then a MessagePosted with strictly increasing seq', async () => {
    const { items, errors } = await collect<Ev>(server.wsClient(), EVENTS, { sceneId }, (items) =>
      items.some((i) => i.sceneEvents.__typename === 'MessagePosted'),
    );
    expect(errors).toEqual([]);
    const seqs = items.map((i) => i.sceneEvents.seq);
    seqs.slice(1).forEach((s, i) => expect(s).toBe(seqs[i]! + 1));
    const thinking = items.findIndex((i) => i.sceneEvents.character?.action === 'THINKING');
    const posted = items.findIndex((i) => i.sceneEvents.__typename === 'MessagePosted');
    expect(thinking).toBeGreaterThanOrEqual(0);
    expect(thinking).toBeLessThan(posted);
    const message = items[posted]!.sceneEvents.message!;
    expect(message.content.length).toBeGreaterThan(0);
    expect(message.model).toBe('scripted');
    expect(message.promptTokens).toBeGreaterThan(0);
  });

  it('resumes with afterSeq: exactly the missed events, then live ones', async () => {
    // A second viewer keeps the scene running while the first is away.
    const watcher = server.wsClient();
    const watching = collect<Ev>(watcher, EVENTS, { sceneId }, () => false, 60_000);

    const first = await collect<Ev>(server.wsClient(), EVENTS, { sceneId }, (items) => items.length >= 3);
    const lastSeen = first.items.at(-1)!.sceneEvents.seq;

    const lastSeq = async () =>
      (await server.gql<{ scene: { lastSeq: number } }>('query($id: ID!) { scene(id: $id) { lastSeq } }', { id: sceneId })).data!.scene
        .lastSeq;
    await waitFor(async () => (await lastSeq()) >= lastSeen + 8);
    const target = (await lastSeq()) + 3;

    const resumed = await collect<Ev>(server.wsClient(), EVENTS, { sceneId, afterSeq: lastSeen }, (items) =>
      items.some((i) => i.sceneEvents.seq >= target),
    );
    expect(resumed.errors).toEqual([]);
    const seqs = resumed.items.map((i) => i.sceneEvents.seq);
    expect(seqs[0]).toBe(lastSeen + 1);
    seqs.slice(1).forEach((s, i) => expect(s).toBe(seqs[i]! + 1));
    expect(new Set(seqs).size).toBe(seqs.length);
    await watcher.dispose();
    await watching;
  });

  it('rejects bad input with stable codes and stays up', async () => {
    const client = server.wsClient();
    const unknown = await collect(client, EVENTS, { sceneId: 'no-such-scene' }, () => true);
    expect(JSON.stringify(unknown.errors)).toContain('NOT_FOUND');
    const negative = await collect(client, EVENTS, { sceneId, afterSeq: -1 }, () => true);
    expect(JSON.stringify(negative.errors)).toContain('BAD_INPUT');
    const malformed = await collect(client, 'subscription { sceneEvents(', {}, () => true);
    expect(JSON.stringify(malformed.errors)).toMatch(/Syntax Error/i);
    const page = await server.gql('query($id: ID!) { messages(sceneId: $id, first: 0) { totalCount } }', { id: sceneId });
    expect(page.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    const huge = await server.gql('query($id: ID!) { messages(sceneId: $id, first: 1000) { totalCount } }', { id: sceneId });
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    const missing = await server.gql('query { messages(sceneId: "nope") { totalCount } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const alive = await server.gql<{ scenes: unknown[] }>('{ scenes { id } }');
    expect(alive.data!.scenes.length).toBe(4);
  });
});

describe('viewer counts', () => {
  it('drop as soon as a viewer leaves, even while the scene is quiet', async () => {
    for (const fanout of ['stock', 'broadcast']) {
      const server = await startTestServer({ FANOUT: fanout, MODERATOR_TOKENS: 'count-test-token-0123456789' });
      try {
        const scene = (await server.gql<{ scenes: { id: string }[] }>('{ scenes { id } }')).data!.scenes[0]!;
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer count-test-token-0123456789' },
          body: JSON.stringify({
            query: 'mutation($id: ID!) { pauseScene(input: { sceneId: $id }) { status } }',
            variables: { id: scene.id },
          }),
        });
        expect(((await res.json()) as { data: { pauseScene: { status: string } } }).data.pauseScene.status).toBe('PAUSED');
        const client = server.wsClient();
        const viewers = async () => server.container.presence.count(scene.id);
        const watching = collect(client, EVENTS, { sceneId: scene.id }, () => false, 60_000);
        await waitFor(async () => (await viewers()) === 1);
        await client.dispose();
        await watching;
        await waitFor(async () => (await viewers()) === 0, 3_000);
      } finally {
        await server.stop();
      }
    }
  });
});
