import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * History and replay read a conversation through `messages`; each line now brings the room
 * changes committed with it (`lineEvents`), so a replay rebuilds what live viewers saw: every
 * action, and the same spots, hands and moods at the end.
 */

const STATE = 'id action spot mood moodEmoji holding facing';
const EVENTS = /* GraphQL */ `
  subscription Events($sceneId: ID!) {
    sceneEvents(sceneId: $sceneId, afterSeq: 0) {
      __typename
      seq
      epoch
      ... on CharacterActed { characterId action objectId description }
      ... on CharacterChanged { character { ${STATE} } }
      ... on MessagePosted { message { id } }
    }
  }
`;
const MESSAGES = /* GraphQL */ `
  query Lines($sceneId: ID!, $epoch: Int, $first: Int, $after: String) {
    messages(sceneId: $sceneId, epoch: $epoch, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        turn
        speakerId
        lineEvents {
          __typename
          seq
          ... on CharacterActed { characterId action objectId description }
          ... on CharacterChanged { character { ${STATE} } }
        }
      }
    }
  }
`;

interface State {
  id: string;
  action: string;
  spot: string;
  mood: string;
  moodEmoji: string;
  holding: string | null;
  facing: string;
}
interface Ev {
  __typename: string;
  seq: number;
  epoch?: number;
  characterId?: string;
  action?: string;
  objectId?: string | null;
  description?: string;
  character?: State;
  message?: { id: string };
}
interface Line {
  id: string;
  turn: number;
  speakerId: string;
  lineEvents: Ev[];
}

/** Spots, hands and moods after applying `events` to everyone at home, empty-handed, in their base mood. */
function endState(start: Map<string, State>, events: readonly Ev[]): Record<string, Omit<State, 'action' | 'facing'>> {
  const now = new Map(start);
  for (const e of events) if (e.character) now.set(e.character.id, e.character);
  return Object.fromEntries(
    [...now.values()].map((c) => [c.id, { id: c.id, spot: c.spot, mood: c.mood, moodEmoji: c.moodEmoji, holding: c.holding }]),
  );
}

describe('Message.lineEvents: history and replay show what happened', () => {
  let server: TestServer;
  let sceneId: string;
  let start: Map<string, State>;
  let live: Ev[];
  let lines: Line[];

  beforeAll(async () => {
    // A long cooldown: the ended conversation stays the last one while the test reads it.
    server = await startTestServer({ COOLDOWN_MS: '3600000' });
    const scenes = await server.gql<{
      scenes: {
        id: string;
        slug: string;
        epoch: number;
        characters: { id: string; homeSpot: string; baseMood: string; baseMoodEmoji: string }[];
      }[];
    }>('{ scenes { id slug epoch characters { id homeSpot baseMood baseMoodEmoji } } }');
    const scene = scenes.data!.scenes.find((s) => s.slug === 'observatory-night')!;
    sceneId = scene.id;
    start = new Map(
      scene.characters.map((c) => [
        c.id,
        { id: c.id, action: 'IDLE', spot: c.homeSpot, mood: c.baseMood, moodEmoji: c.baseMoodEmoji, holding: null, facing: 'down' },
      ]),
    );
    const { items, errors } = await collect<{ sceneEvents: Ev }>(
      server.wsClient(),
      EVENTS,
      { sceneId },
      (all) => all.some((i) => i.sceneEvents.__typename === 'ConversationEnded'),
      120_000,
    );
    expect(errors).toEqual([]);
    live = items.map((i) => i.sceneEvents).filter((e) => e.epoch === scene.epoch);
    lines = [];
    let after: string | null = null;
    do {
      const page: Awaited<
        ReturnType<typeof server.gql<{ messages: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Line[] } }>>
      > = await server.gql(MESSAGES, { sceneId, epoch: scene.epoch, first: 100, after });
      expect(page.errors).toBeUndefined();
      lines.push(...page.data!.messages.nodes);
      after = page.data!.messages.pageInfo.hasNextPage ? page.data!.messages.pageInfo.endCursor : null;
    } while (after);
  }, 150_000);
  afterAll(() => server?.stop());

  it('every action of the conversation comes with the line it was taken with, in order', () => {
    const acted = live.filter((e) => e.__typename === 'CharacterActed');
    // The scripted model acts about two turns in five: a whole conversation has some.
    expect(acted.length).toBeGreaterThan(0);
    const replayed = lines.flatMap((l) => l.lineEvents.filter((e) => e.__typename === 'CharacterActed'));
    expect(replayed).toEqual(acted.map(({ epoch: _e, ...rest }) => rest));
    // Each sits under the line posted right before it.
    for (const line of lines) {
      const posted = live.find((e) => e.message?.id === line.id)!;
      for (const [i, e] of line.lineEvents.entries()) expect(e.seq).toBe(posted.seq + 1 + i);
    }
  });

  it("every line carries its speaker's new state, and nothing from other commits", () => {
    for (const line of lines) {
      const own = line.lineEvents.flatMap((e) => (e.character?.id === line.speakerId ? [e.character.action] : []));
      // WALKING (a move) then SPEAKING: never the THINKING before the line nor the IDLE after it.
      expect(own.at(-1)).toBe('SPEAKING');
      expect(own.every((a) => a === 'SPEAKING' || a === 'WALKING')).toBe(true);
    }
  });

  it('replaying the lines ends where the live conversation ended: spots, hands and moods', () => {
    const replayed = lines.flatMap((l) => l.lineEvents);
    expect(endState(start, replayed)).toEqual(endState(start, live));
  });

  it('a conversation with no lines answers an empty page', async () => {
    const res = await server.gql<{ messages: { nodes: Line[] } }>(MESSAGES, { sceneId, epoch: 9_999 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.messages.nodes).toEqual([]);
  });
});
