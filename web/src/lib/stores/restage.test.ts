import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMessages,
  applyEvent,
  initialScene,
  messagesOf,
  type CharacterState,
  type Message,
  type RoomEvent,
  type SceneDetail,
  type SceneEvent,
} from './sceneState';
import { historyActors, restage } from './stageView';

/**
 * History and replay rebuild the stage from the lines and their `lineEvents`; live viewers
 * got the same events one by one. Both must end in the same room: spots, hands, moods.
 */

const IDS = ['a', 'b', 'c'];
const SPOTS = ['counter', 'door', 'window'];
const OBJECTS = ['mug', 'charts', null];

const home = (id: string, i: number): CharacterState => ({
  id,
  action: 'IDLE',
  actionStartedAt: 0,
  actionDurationMs: 0,
  mood: 'calm',
  moodEmoji: '😌',
  spot: SPOTS[i]!,
  facing: 'down',
  endRequestedAt: null,
  holding: null,
  walk: null,
});

const detail: SceneDetail = {
  id: 's1',
  slug: 'shop',
  name: 'Shop',
  description: '',
  // The live scene may have ended and moved on: the rebuild starts from home anyway.
  status: 'ENDED',
  statusReason: null,
  epoch: 1,
  turn: 0,
  lastSeq: 0,
  viewers: 1,
  pace: 1,
  tokenBudgetPerHour: 600_000,
  tokensThisHour: 0,
  successorSceneId: null,
  startedAt: 0,
  endedAt: null,
  nextConversationAt: null,
  room: {
    id: 'r',
    name: 'R',
    width: 20,
    height: 12,
    floor: '#fff',
    wall: '#000',
    furniture: [],
    spots: SPOTS.map((name, i) => ({ name, x: 2 + i * 4, y: 5 })),
    objects: [],
  },
  characters: IDS.map((id, i) => ({
    id,
    name: id.toUpperCase(),
    colour: '#f00',
    persona: '',
    appearance: '',
    homeSpot: SPOTS[i]!,
    baseMood: 'calm',
    baseMoodEmoji: '😌',
    messageCount: 0,
    averageRating: null,
    state: home(id, i),
  })),
  conversations: [],
};

/** One turn as the server commits it: THINKING, then the line with its room changes, then IDLE. */
const turnArb = fc.record({
  speaker: fc.constantFrom(...IDS),
  spot: fc.constantFrom(...SPOTS),
  mood: fc.constantFrom('calm', 'glad', 'cross'),
  holding: fc.constantFrom(...OBJECTS),
  acts: fc.integer({ min: 0, max: 2 }),
  given: fc.option(fc.record({ to: fc.constantFrom(...IDS), object: fc.constantFrom('mug', 'charts') }), { nil: null }),
});

type Turn = typeof turnArb extends fc.Arbitrary<infer T> ? T : never;

function play(turns: Turn[]) {
  const events: SceneEvent[] = [];
  const lineEvents = new Map<string, RoomEvent[]>();
  const now = new Map(IDS.map((id, i) => [id, home(id, i)]));
  let seq = 0;
  turns.forEach((t, i) => {
    const at = 10_000 * (i + 1);
    const change = (c: CharacterState, when: number): RoomEvent => ({
      __typename: 'CharacterChanged',
      seq: ++seq,
      epoch: 1,
      at: when,
      sceneId: 's1',
      character: c,
    });
    const speaker = now.get(t.speaker)!;
    events.push(change({ ...speaker, action: 'THINKING' }, at - 1));
    const m: Message = {
      id: `m${i}`,
      epoch: 1,
      turn: i + 1,
      speakerId: t.speaker,
      speakerName: t.speaker,
      recipientId: null,
      recipientName: null,
      content: `line ${i}`,
      thoughts: '',
      mood: t.mood,
      moodEmoji: '🙂',
      reaction: '',
      rating: 5,
      endConversation: false,
      moveTo: t.spot === speaker.spot ? null : t.spot,
      speakingMs: 1000,
      model: 'scripted',
      promptTokens: 1,
      completionTokens: 1,
      latencyMs: 1,
      fallback: false,
      createdAt: at,
      hidden: false,
      hiddenReason: null,
    };
    events.push({ __typename: 'MessagePosted', seq: ++seq, epoch: 1, at, sceneId: 's1', message: m });
    const room: RoomEvent[] = [];
    for (let k = 0; k < t.acts; k++) {
      room.push({
        __typename: 'CharacterActed',
        seq: ++seq,
        epoch: 1,
        at,
        sceneId: 's1',
        characterId: t.speaker,
        actionKind: 'USE',
        objectId: 'mug',
        targetId: null,
        actionSpot: null,
        description: `${t.speaker} uses the mug`,
        emoji: '☕',
      });
    }
    if (t.given && t.given.to !== t.speaker) {
      const other = { ...now.get(t.given.to)!, holding: t.given.object };
      now.set(other.id, other);
      room.push(change(other, at));
    }
    const after: CharacterState = { ...speaker, action: 'SPEAKING', mood: t.mood, spot: t.spot, holding: t.holding };
    now.set(t.speaker, after);
    room.push(change(after, at));
    events.push(...room);
    lineEvents.set(m.id, room);
    events.push(change({ ...after, action: 'IDLE' }, at + 5_000));
  });
  return { events, lineEvents };
}

const room = (characters: Record<string, CharacterState>) =>
  Object.fromEntries(IDS.map((id) => [id, { spot: characters[id]!.spot, holding: characters[id]!.holding, mood: characters[id]!.mood }]));

describe('restage', () => {
  it('rebuilds from fetched lines the room live viewers ended in, and the live log gathers the same room changes', () => {
    fc.assert(
      fc.property(fc.array(turnArb, { minLength: 1, maxLength: 12 }), (turns) => {
        const { events, lineEvents } = play(turns);
        let live = initialScene(detail, []);
        for (const e of events) live = applyEvent(live, e);
        // A viewer watching live gathered each line's room changes as they came.
        const gathered = messagesOf(live, 1);
        for (const m of gathered) expect(m.lineEvents).toEqual(lineEvents.get(m.id));
        // A replay fetched the lines with their lineEvents (and nothing from the live scene).
        const fetched = gathered.map((m) => ({ ...m, lineEvents: lineEvents.get(m.id) }));
        const fresh = addMessages(initialScene(detail, []), []);
        const replayed = restage(fresh, fetched, fetched.length - 1);
        expect(room(replayed.characters)).toEqual(room(live.characters));
        // Every action is in the replay's log, before its line.
        const acts = replayed.log.filter((e) => e.kind === 'action').length;
        expect(acts).toBe(turns.reduce((n, t) => n + t.acts, 0));
        // The stage shows the rebuilt hands.
        const actors = historyActors(fresh, fetched, fetched.length - 1, 0);
        expect(Object.fromEntries(actors.map((a) => [a.id, a.holding]))).toEqual(
          Object.fromEntries(IDS.map((id) => [id, live.characters[id]!.holding])),
        );
      }),
      { seed: 23, numRuns: 200 },
    );
  });
});
