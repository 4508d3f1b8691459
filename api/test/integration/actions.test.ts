import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CharacterEntity, MessageEntity } from '../../src/adapters/db/entities.js';
import { restartScene } from '../../src/services/sceneControl.js';
import { collect } from '../support/collect.js';
import { chatCompletion, chatRequest, startFakeOpenAi, type FakeOpenAi, type FakeRequest } from '../support/fakeOpenAi.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const EVENTS = /* GraphQL */ `
  subscription Events($sceneId: ID!, $afterSeq: Int) {
    sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {
      __typename
      seq
      ... on CharacterActed {
        characterId
        action
        objectId
        targetId
        spot
        description
        emoji
      }
      ... on CharacterChanged {
        character {
          id
          action
          spot
          facing
          holding
          walk {
            durationMs
          }
        }
      }
      ... on MessagePosted {
        message {
          speakerId
          promptTokens
          completionTokens
        }
      }
    }
  }
`;

interface Ev {
  sceneEvents: {
    __typename: string;
    seq: number;
    characterId?: string;
    action?: string;
    objectId?: string | null;
    targetId?: string | null;
    spot?: string | null;
    description?: string;
    emoji?: string;
    character?: { id: string; action: string; spot: string; facing: string; holding: string | null; walk: { durationMs: number } | null };
    message?: { speakerId: string; promptTokens: number; completionTokens: number };
  };
}

const acted = (items: Ev[]) => items.map((i) => i.sceneEvents).filter((e) => e.__typename === 'CharacterActed');

async function sceneOf(server: TestServer, slug: string) {
  const res = await server.gql<{
    scenes: { id: string; slug: string; room: { objects: { id: string; spot: string }[] }; characters: { id: string; name: string }[] }[];
  }>('{ scenes { id slug room { objects { id spot } } characters { id name } } }');
  expect(res.errors).toBeUndefined();
  return res.data!.scenes.find((s) => s.slug === slug)!;
}

describe('characters act through tools: the offline scripted model', () => {
  let server: TestServer;
  afterAll(() => server.stop());

  it('acts in a running scene; every action is a CharacterActed event followed by the state it changed', async () => {
    server = await startTestServer();
    const scene = await sceneOf(server, 'observatory-night');
    expect(scene.room.objects.map((o) => o.id)).toEqual(['telescope', 'star-charts', 'mug', 'logbook']);

    const { items, errors } = await collect<Ev>(
      server.wsClient(),
      EVENTS,
      { sceneId: scene.id, afterSeq: 0 },
      (all) => acted(all).length >= 3,
      90_000,
    );
    expect(errors).toEqual([]);
    const events = items.map((i) => i.sceneEvents);
    const actions = acted(items);
    expect(actions.length).toBeGreaterThanOrEqual(3);
    for (const action of actions) {
      const who = scene.characters.find((c) => c.id === action.characterId)!;
      expect(action.description!.startsWith(who.name)).toBe(true);
      expect(action.emoji).not.toBe('');
      // The speaker's own change follows in the same commit and shows what the action did.
      const after = events.find((e) => e.seq > action.seq && e.character?.id === who.id && e.character.action === 'SPEAKING')?.character;
      if (!after) continue; // the last action's commit may still be arriving
      if (action.action === 'PICK_UP') expect(after.holding).toBe(action.objectId);
      if (action.action === 'GIVE') {
        expect(after.holding).toBeNull();
        const given = events.find((e) => e.seq > action.seq && e.character?.id === action.targetId)?.character;
        expect(given?.holding).toBe(action.objectId);
      }
      if (action.action === 'WALK_TO') expect(after.spot).toBe(action.spot);
    }
    // Nothing is held by two characters at once.
    const rows = await server.container.orm.em.fork().find(CharacterEntity, { sceneId: scene.id });
    const held = rows.map((r) => r.holding).filter((h) => h !== null);
    expect(new Set(held).size).toBe(held.length);
  }, 120_000);

  it('a reset puts every object back (held items return)', async () => {
    const scene = await sceneOf(server, 'observatory-night');
    const em = server.container.orm.em.fork();
    await em.nativeUpdate(CharacterEntity, { id: scene.characters[0]!.id }, { holding: 'mug' });
    expect((await restartScene(server.container, scene.id, 'RESET')).changed).toBe(true);
    const rows = await server.container.orm.em.fork().find(CharacterEntity, { sceneId: scene.id });
    expect(rows.map((r) => r.holding)).toEqual(rows.map(() => null));
    const res = await server.gql<{ scene: { characters: { state: { holding: string | null } }[] } }>(
      'query($id: ID!) { scene(id: $id) { characters { state { holding } } } }',
      { id: scene.id },
    );
    expect(res.data!.scene.characters.map((c) => c.state.holding)).toEqual(rows.map(() => null));
  });
});

describe('characters act through tools: a chat-completions server calling tools', () => {
  let server: TestServer | undefined;
  let model: FakeOpenAi | undefined;
  afterEach(async () => {
    await server?.stop();
    await model?.close();
    server = model = undefined;
  });

  const offersTools = (r: FakeRequest) => (chatRequest(r).tools ?? []).some((t) => JSON.stringify(t).includes('"walk_to"'));
  const systemText = (r: FakeRequest) => {
    const content = chatRequest(r).messages[0]?.content;
    return typeof content === 'string' ? content : '';
  };

  it('an accepted call is committed with the line and seen by viewers; a refused one changes nothing and the model reads why', async () => {
    model = await startFakeOpenAi((r) => {
      if (!offersTools(r)) {
        return chatCompletion(
          JSON.stringify({
            content: 'Off I go.',
            thoughts: '',
            recipient: 'everyone',
            mood: 'calm',
            moodEmoji: '🙂',
            reaction: '👋',
            rating: 6,
            endConversation: false,
            moveTo: null,
          }),
        );
      }
      const spot = /^Spot: (.+)$/mu.exec(systemText(r))?.[1];
      const body = chatCompletion('').body as { choices: { message: Record<string, unknown>; finish_reason: string }[] };
      body.choices[0]!.message = {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'give', arguments: '{"object":"mug","to":"Nobody"}' } },
          {
            id: 'c2',
            type: 'function',
            function: { name: 'walk_to', arguments: JSON.stringify({ spot: spot === 'hatch' ? 'sofa' : 'hatch' }) },
          },
        ],
      };
      body.choices[0]!.finish_reason = 'tool_calls';
      return { body };
    });
    server = await startTestServer({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'k', LLM_MODEL: 'fake-model' });
    const scene = await sceneOf(server, 'observatory-night');
    const { items, errors } = await collect<Ev>(
      server.wsClient(),
      EVENTS,
      { sceneId: scene.id, afterSeq: 0 },
      (all) => all.some((i) => i.sceneEvents.character?.action === 'SPEAKING'),
      60_000,
    );
    expect(errors).toEqual([]);
    const events = items.map((i) => i.sceneEvents);
    const [walk] = acted(items);
    expect(walk).toMatchObject({ action: 'WALK_TO', spot: 'hatch', objectId: null, targetId: null, emoji: '🚶' });
    const who = scene.characters.find((c) => c.id === walk!.characterId)!;
    expect(walk!.description).toBe(`${who.name} walks to the hatch`);
    // Only the accepted call became an event; the walk follows as WALKING with a path, then SPEAKING there.
    expect(acted(items)).toHaveLength(1);
    const changes = events.filter((e) => e.seq > walk!.seq && e.character?.id === who.id).map((e) => e.character!);
    expect(changes.map((c) => c.action)).toEqual(['WALKING', 'SPEAKING']);
    expect(changes[0]!.walk!.durationMs).toBeGreaterThan(0);
    expect(changes[1]).toMatchObject({ spot: 'hatch', holding: null });

    // The model was told about both calls before it wrote the reply.
    const replyRequest = model.requests.find((r) => !offersTools(r))!;
    const answers = chatRequest(replyRequest)
      .messages.filter((m) => m.role === 'tool')
      .map((m) => String(m.content));
    expect(answers).toEqual([`refused: ${who.name} does not hold the cocoa mug; pick_up it first.`, `ok: ${who.name} walks to the hatch.`]);

    // Committed: the walker stands at the hatch, nobody holds anything, and both calls' tokens are on the line.
    expect(model.requests).toHaveLength(2);
    const em = server.container.orm.em.fork();
    const rows = await em.find(CharacterEntity, { sceneId: scene.id });
    expect(rows.find((r) => r.id === who.id)!.spot).toBe('hatch');
    expect(rows.every((r) => r.holding === null)).toBe(true);
    const line = await em.findOneOrFail(MessageEntity, { sceneId: scene.id, turn: 1 });
    expect(line).toMatchObject({ speakerId: who.id, moveTo: 'hatch', promptTokens: 240, completionTokens: 80 });
  }, 90_000);

  it('every tool, called by the model over a few turns, becomes its event and its state', async () => {
    // A model that reads its prompt: give what it holds, else take or use what is at its spot, else look and walk.
    model = await startFakeOpenAi((r) => {
      if (!offersTools(r)) {
        return chatCompletion(
          JSON.stringify({
            content: 'There.',
            thoughts: '',
            recipient: 'everyone',
            mood: 'calm',
            moodEmoji: '🙂',
            reaction: '👍',
            rating: 6,
            endConversation: false,
            moveTo: null,
          }),
        );
      }
      const text = systemText(r);
      const spot = /^Spot: (.+)$/mu.exec(text)?.[1] ?? '';
      const holding = /^Holding: (\S+)/mu.exec(text)?.[1] ?? 'nothing';
      const others = [...text.matchAll(/^- (.+?) \(mood: /gmu)].map((m) => m[1]!);
      const objects = [...text.matchAll(/^- ([\w-]+): .+, (?:held by .+|at (.+)) \((.*)\)$/gmu)].map((m) => ({
        id: m[1]!,
        spot: m[2],
        can: m[3]!,
      }));
      const here = objects.filter((o) => o.spot === spot);
      const portable = here.find((o) => o.can.includes('pick up'));
      const usable = here.find((o) => o.can.includes('use'));
      const away = objects.find((o) => o.spot && o.spot !== spot && o.can.includes('pick up'));
      const calls: [string, object][] =
        holding !== 'nothing'
          ? [['give', { object: holding, to: others[0] }]]
          : portable
            ? [['pick_up', { object: portable.id }]]
            : usable
              ? [['use', { object: usable.id }]]
              : [
                  ['look_at', { character: others[0] }],
                  ['walk_to', { spot: away?.spot ?? 'hatch' }],
                ];
      const body = chatCompletion('').body as { choices: { message: Record<string, unknown>; finish_reason: string }[] };
      body.choices[0]!.message = {
        role: 'assistant',
        content: null,
        tool_calls: calls.map(([name, args], i) => ({
          id: `c${i}`,
          type: 'function',
          function: { name, arguments: JSON.stringify(args) },
        })),
      };
      body.choices[0]!.finish_reason = 'tool_calls';
      return { body };
    });
    server = await startTestServer({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'k', LLM_MODEL: 'fake-model' });
    const scene = await sceneOf(server, 'observatory-night');
    const kinds = (all: Ev[]) => new Set(acted(all).map((e) => e.action));
    // The state an action changed follows in its commit: wait for the speaker's line after the last one.
    const spokeAfter = (all: Ev[]) => {
      const last = acted(all).at(-1)?.seq ?? Infinity;
      return all.some((i) => i.sceneEvents.seq > last && i.sceneEvents.character?.action === 'SPEAKING');
    };
    const { items, errors } = await collect<Ev>(
      server.wsClient(),
      EVENTS,
      { sceneId: scene.id, afterSeq: 0 },
      (all) => kinds(all).size === 5 && spokeAfter(all),
      60_000,
    );
    expect(errors).toEqual([]);
    expect([...kinds(items)].sort()).toEqual(['GIVE', 'LOOK_AT', 'PICK_UP', 'USE', 'WALK_TO']);
    const events = items.map((i) => i.sceneEvents);
    const nameOf = (id: string | null | undefined) => scene.characters.find((c) => c.id === id)?.name;
    const stateAfter = (seq: number, id: string) => events.find((e) => e.seq > seq && e.character?.id === id)?.character;
    for (const a of acted(items)) {
      const who = nameOf(a.characterId)!;
      switch (a.action) {
        case 'PICK_UP':
          expect(a.description).toMatch(new RegExp(`^${who} picks up the `, 'u'));
          expect(stateAfter(a.seq, a.characterId!)?.holding).toBe(a.objectId);
          break;
        case 'GIVE':
          expect(a.description).toBe(`${who} gives ${a.description!.slice(who.length + 7).split(' to ')[0]} to ${nameOf(a.targetId)}`);
          expect(stateAfter(a.seq, a.targetId!)?.holding).toBe(a.objectId);
          expect(
            events.find((e) => e.seq > a.seq && e.character?.id === a.characterId && e.character?.action === 'SPEAKING')?.character
              ?.holding,
          ).toBeNull();
          break;
        case 'USE':
          expect(a.objectId).not.toBeNull();
          expect(a.description!.startsWith(`${who} `)).toBe(true);
          break;
        case 'LOOK_AT':
          expect(a.description).toBe(`${who} looks at ${nameOf(a.targetId)}`);
          break;
        case 'WALK_TO':
          expect(a.description).toBe(`${who} walks to the ${a.spot}`);
          expect(
            events
              .filter((e) => e.seq > a.seq && e.character?.id === a.characterId)
              .map((e) => e.character!.action)
              .slice(0, 2),
          ).toEqual(['WALKING', 'SPEAKING']);
          break;
      }
    }
  }, 90_000);
});
