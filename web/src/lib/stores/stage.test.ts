import type { Client } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { ClockStore } from './clock.svelte';
import { ConnectionStore } from './connection.svelte';
import type { Message, SceneDetail, SceneEvent } from './sceneState';
import { StageStore } from './stage.svelte';

/** A stand-in urql client: canned query answers, subscriptions we can push events into. */
function fakeUrql(detail: SceneDetail, history: Message[]) {
  const subs: { variables: { afterSeq: number }; push: (e: SceneEvent) => void; closed: boolean }[] = [];
  const client = {
    query(_doc: unknown, variables: Record<string, unknown>) {
      const data =
        'slug' in variables
          ? { scene: variables.slug === detail.slug ? detail : null }
          : {
              messages: {
                totalCount: history.length,
                pageInfo: { hasNextPage: false, endCursor: null },
                nodes: history.map((m) => ({ ...m, lineEvents: [] })),
              },
            };
      return { toPromise: async () => ({ data }) };
    },
    subscription(_doc: unknown, variables: { afterSeq: number }) {
      return {
        subscribe(cb: (r: { data: { sceneEvents: SceneEvent } }) => void) {
          const sub = { variables, push: (e: SceneEvent) => !sub.closed && cb({ data: { sceneEvents: e } }), closed: false };
          subs.push(sub);
          return { unsubscribe: () => (sub.closed = true) };
        },
      };
    },
  };
  return { client: client as unknown as Client, subs };
}

const msg = (turn: number): Message => ({
  id: `m${turn}`,
  epoch: 1,
  turn,
  speakerId: turn % 2 ? 'a' : 'b',
  speakerName: turn % 2 ? 'Ann' : 'Bo',
  recipientId: null,
  recipientName: null,
  content: `line ${turn}`,
  thoughts: '',
  mood: 'calm',
  moodEmoji: '🙂',
  reaction: '👍',
  rating: 5,
  endConversation: false,
  moveTo: null,
  speakingMs: 1000,
  model: 'scripted',
  promptTokens: 1,
  completionTokens: 1,
  latencyMs: 1,
  fallback: false,
  createdAt: Date.now(),
  hidden: false,
  hiddenReason: null,
});
const posted = (seq: number, turn: number): SceneEvent => ({
  __typename: 'MessagePosted',
  seq,
  epoch: 1,
  at: Date.now(),
  sceneId: 's1',
  message: msg(turn),
});

const detail: SceneDetail = {
  id: 's1',
  slug: 'shop',
  name: 'Shop',
  description: '',
  status: 'RUNNING',
  statusReason: null,
  epoch: 1,
  turn: 2,
  lastSeq: 4,
  viewers: 1,
  pace: 1,
  tokenBudgetPerHour: 600_000,
  tokensThisHour: 0,
  successorSceneId: null,
  startedAt: 0,
  endedAt: null,
  nextConversationAt: null,
  room: { id: 'r', name: 'R', width: 20, height: 12, floor: '#fff', wall: '#000', furniture: [], spots: [], objects: [] },
  characters: ['a', 'b'].map((id) => ({
    id,
    name: id,
    colour: '#f00',
    persona: '',
    appearance: '',
    messageCount: 0,
    averageRating: null,
    homeSpot: 'counter',
    baseMood: 'calm',
    baseMoodEmoji: '😌',
    state: {
      id,
      action: 'IDLE',
      actionStartedAt: 0,
      actionDurationMs: 0,
      mood: 'calm',
      moodEmoji: '🙂',
      spot: 'x',
      facing: 'down',
      endRequestedAt: null,
      holding: null,
      walk: null,
    },
  })),
  conversations: [],
};

describe('StageStore', () => {
  it('resumes after a drop from the last seq it applied: no gap, no duplicate', async () => {
    const { client, subs } = fakeUrql(detail, [msg(1), msg(2)]);
    const connection = new ConnectionStore();
    connection.connected();
    const stage = new StageStore(client, connection, new ClockStore());
    await stage.open('shop');
    expect(subs[0]!.variables.afterSeq).toBe(4);
    subs[0]!.push(posted(5, 3));
    subs[0]!.push(posted(5, 3));
    subs[0]!.push(posted(6, 4));
    expect(stage.historyMessages.map((m) => m.turn)).toEqual([1, 2, 3, 4]);

    // The link drops and comes back: a fresh subscription from seq 6; the old one is closed.
    connection.closed();
    connection.connecting(true);
    connection.connected();
    expect(subs).toHaveLength(2);
    expect(subs[0]!.closed).toBe(true);
    expect(subs[1]!.variables.afterSeq).toBe(6);
    // The server replays an overlap and then new events, one out of order.
    subs[1]!.push(posted(6, 4));
    subs[1]!.push(posted(8, 6));
    subs[1]!.push(posted(7, 5));
    expect(stage.historyMessages.map((m) => m.turn)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stage.lastSeq).toBe(8);
    expect(stage.duplicatesDropped).toBe(2);
    stage.destroy();
  });

  it('reports a missing scene', async () => {
    const { client } = fakeUrql(detail, []);
    const stage = new StageStore(client, new ConnectionStore(), new ClockStore());
    await stage.open('nope');
    expect(stage.phase).toBe('missing');
    expect(stage.scene).toBeNull();
  });

  it('steps through history and back to live', async () => {
    const { client } = fakeUrql(detail, [msg(1), msg(2), msg(3)]);
    const stage = new StageStore(client, new ConnectionStore(), new ClockStore());
    await stage.open('shop');
    stage.step(-1);
    expect(stage.mode).toBe('history');
    expect(stage.historyIndex).toBe(1);
    expect(stage.actors.find((a) => a.action === 'SPEAKING')?.line?.text).toBe('line 2');
    stage.step(5);
    expect(stage.historyIndex).toBe(2);
    stage.backToLive();
    expect(stage.mode).toBe('live');
    stage.destroy();
  });
});
