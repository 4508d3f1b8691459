import { describe, expect, it } from 'vitest';
import {
  addMessages,
  applyEvent,
  initialScene,
  messagesOf,
  quietReason,
  type Message,
  type SceneDetail,
  type SceneEvent,
} from './sceneState';
import { activeMs, historyActors, interactionRate, liveActors, numbersByCharacter } from './stageView';
import { compact, sceneTiles } from './tiles';

const state = (id: string, over: Partial<SceneDetail['characters'][number]['state']> = {}) => ({
  id,
  action: 'IDLE' as const,
  actionStartedAt: 0,
  actionDurationMs: 0,
  mood: 'calm',
  moodEmoji: '🙂',
  spot: 'counter',
  facing: 'down' as const,
  endRequestedAt: null,
  holding: null,
  walk: null,
  ...over,
});

const detail = (over: Partial<SceneDetail> = {}): SceneDetail => ({
  id: 's1',
  slug: 'shop',
  name: 'Shop',
  description: '',
  status: 'RUNNING',
  statusReason: null,
  epoch: 1,
  turn: 0,
  lastSeq: 10,
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
    spots: [
      { name: 'counter', x: 2, y: 5 },
      { name: 'door', x: 9, y: 10 },
    ],
    objects: [],
  },
  characters: [
    {
      id: 'a',
      name: 'Ann',
      colour: '#f00',
      persona: '',
      appearance: '',
      homeSpot: 'counter',
      baseMood: 'calm',
      baseMoodEmoji: '😌',
      messageCount: 0,
      averageRating: null,
      state: state('a'),
    },
    {
      id: 'b',
      name: 'Bo',
      colour: '#00f',
      persona: '',
      appearance: '',
      homeSpot: 'door',
      baseMood: 'calm',
      baseMoodEmoji: '😌',
      messageCount: 0,
      averageRating: null,
      state: state('b', { spot: 'door' }),
    },
  ],
  conversations: [],
  ...over,
});

let nextId = 1;
const message = (turn: number, speakerId: string, over: Partial<Message> = {}): Message => ({
  id: `m${nextId++}`,
  epoch: 1,
  turn,
  speakerId,
  speakerName: speakerId === 'a' ? 'Ann' : 'Bo',
  recipientId: null,
  recipientName: null,
  content: `line ${turn}`,
  thoughts: '',
  mood: 'calm',
  moodEmoji: '🙂',
  reaction: '👍',
  rating: 6,
  endConversation: false,
  moveTo: null,
  speakingMs: 1000,
  model: 'scripted',
  promptTokens: 10,
  completionTokens: 5,
  latencyMs: 1,
  fallback: false,
  createdAt: turn * 1000,
  hidden: false,
  hiddenReason: null,
  ...over,
});

const posted = (seq: number, m: Message): SceneEvent => ({
  __typename: 'MessagePosted',
  seq,
  epoch: m.epoch,
  at: m.createdAt,
  sceneId: 's1',
  message: m,
});

describe('scene state', () => {
  it('merges fetched messages and live ones without doubles, in turn order', () => {
    const m1 = message(1, 'a');
    const m2 = message(2, 'b');
    const m3 = message(3, 'a');
    let s = initialScene(detail(), []);
    s = applyEvent(s, posted(11, m3));
    s = addMessages(s, [m1, m2, m3]);
    expect(messagesOf(s, 1).map((m) => m.turn)).toEqual([1, 2, 3]);
    expect(s.log.map((e) => e.key)).toEqual([`m-${m1.id}`, `m-${m2.id}`, `m-${m3.id}`]);
    const entry = s.log[2]!;
    expect(entry.kind === 'message' && entry.seq).toBe(11);
    expect(s.lastSeq).toBe(11);
  });

  it('tracks character changes, the end of a conversation and the next one', () => {
    let s = initialScene(detail(), [message(1, 'a')]);
    s = applyEvent(s, {
      __typename: 'CharacterChanged',
      seq: 11,
      epoch: 1,
      at: 5,
      sceneId: 's1',
      character: state('b', { action: 'THINKING' }),
    });
    expect(s.characters.b!.action).toBe('THINKING');
    s = applyEvent(s, { __typename: 'ConversationEnded', seq: 12, epoch: 1, at: 6, sceneId: 's1', nextConversationAt: 60_000 });
    expect(s.status).toBe('ENDED');
    expect(s.log.at(-1)).toMatchObject({ kind: 'ended', nextConversationAt: 60_000 });
    s = applyEvent(s, {
      __typename: 'ConversationStarted',
      seq: 13,
      epoch: 2,
      at: 70_000,
      sceneId: 's1',
      startReason: 'NEXT',
      characters: [state('a', { spot: 'door' }), state('b')],
    });
    expect(s.epoch).toBe(2);
    expect(s.status).toBe('RUNNING');
    expect(s.characters.a!.spot).toBe('door');
    expect(s.log.map((e) => e.kind)).toEqual(['message', 'ended', 'started']);
  });

  it('drops hidden lines and shows narration', () => {
    const m1 = message(1, 'a');
    let s = initialScene(detail(), [m1, message(2, 'b')]);
    s = applyEvent(s, { __typename: 'MessageHidden', seq: 11, epoch: 1, at: 5, sceneId: 's1', messageId: m1.id, hiddenReason: null });
    s = applyEvent(s, { __typename: 'NarrationInjected', seq: 12, epoch: 1, at: 6, sceneId: 's1', text: 'Thunder rolls.' });
    expect(messagesOf(s, 1).map((m) => m.turn)).toEqual([2]);
    expect(s.log.map((e) => e.kind)).toEqual(['message', 'narration']);
  });

  it('logs an action just before the line it came with, in the order done, and keeps what a character holds', () => {
    let s = initialScene(detail(), [message(1, 'a')]);
    const acted = (seq: number, description: string) =>
      ({
        __typename: 'CharacterActed',
        seq,
        epoch: 1,
        at: seq,
        sceneId: 's1',
        characterId: 'b',
        actionKind: 'PICK_UP',
        objectId: 'scoop',
        targetId: null,
        actionSpot: null,
        description,
        emoji: '🍦',
      }) as const;
    s = applyEvent(s, { __typename: 'MessagePosted', seq: 20, epoch: 1, at: 20, sceneId: 's1', message: message(2, 'b') });
    s = applyEvent(s, acted(21, 'Bob walks to the counter'));
    s = applyEvent(s, acted(22, 'Bob picks up the ice-cream scoop'));
    s = applyEvent(s, {
      __typename: 'CharacterChanged',
      seq: 23,
      epoch: 1,
      at: 23,
      sceneId: 's1',
      character: state('b', { holding: 'scoop' }),
    });
    expect(s.log.map((e) => (e.kind === 'action' ? e.text : `${e.kind} ${e.kind === 'message' ? e.message.turn : ''}`))).toEqual([
      'message 1',
      'Bob walks to the counter',
      'Bob picks up the ice-cream scoop',
      'message 2',
    ]);
    expect(s.characters.b!.holding).toBe('scoop');
  });

  it('keeps hidden lines for moderators, greyed with the reason', () => {
    const m1 = message(1, 'a');
    let s = initialScene(detail(), [m1, message(2, 'b', { hidden: true, hiddenReason: 'spam' })], true);
    expect(messagesOf(s, 1)).toHaveLength(2);
    s = applyEvent(s, { __typename: 'MessageHidden', seq: 11, epoch: 1, at: 5, sceneId: 's1', messageId: m1.id, hiddenReason: 'rude' });
    const first = messagesOf(s, 1)[0]!;
    expect(first.hidden).toBe(true);
    expect(first.hiddenReason).toBe('rude');
    // Viewers never keep a hidden line, even if one slips into a page.
    expect(messagesOf(initialScene(detail(), [message(3, 'a', { hidden: true })]), 1)).toHaveLength(0);
  });

  it('explains a spent budget, follows the next scene and takes new settings', () => {
    let s = initialScene(detail(), []);
    s = applyEvent(s, { __typename: 'BudgetExhausted', seq: 11, epoch: 1, at: 5, sceneId: 's1', scope: 'SCENE', resumesAt: 90_000 });
    expect(s.log.map((e) => e.kind)).toEqual(['budget']);
    expect(quietReason(s, 10_000, () => '12:34')).toBe('budget spent — resumes at 12:34');
    expect(quietReason(s, 100_000, () => '12:34')).toBeNull();
    s = applyEvent(s, { __typename: 'SceneSettingsChanged', seq: 12, epoch: 1, at: 6, sceneId: 's1', pace: 4, tokenBudgetPerHour: 5000 });
    expect(s.pace).toBe(4);
    expect(s.detail.tokenBudgetPerHour).toBe(5000);
    s = applyEvent(s, posted(13, message(1, 'a')));
    expect(s.budgetResumesAt).toBeNull();
    s = applyEvent(s, {
      __typename: 'NextSceneStarted',
      seq: 14,
      epoch: 1,
      at: 7,
      sceneId: 's1',
      nextSceneId: 's9',
      nextSceneSlug: 'picnic',
    });
    expect(s.next).toEqual({ sceneId: 's9', slug: 'picnic' });
    expect(s.log.at(-1)!.kind).toBe('next');
  });

  it('does not mutate the previous state', () => {
    const s = initialScene(detail(), []);
    const t = applyEvent(s, posted(11, message(1, 'a')));
    expect(s.messages.size).toBe(0);
    expect(t.messages.size).toBe(1);
  });
});

describe('stage view', () => {
  it('puts the latest line in the bubble of whoever speaks, in local time', () => {
    let s = initialScene(detail(), [message(1, 'a', { content: 'hello' })]);
    s = applyEvent(s, {
      __typename: 'CharacterChanged',
      seq: 11,
      epoch: 1,
      at: 5,
      sceneId: 's1',
      character: state('a', { action: 'SPEAKING', actionStartedAt: 1000, actionDurationMs: 2000 }),
    });
    const [a, b] = liveActors(s, 250, 2_000);
    expect(a).toMatchObject({ action: 'SPEAKING', actionStartedAt: 1250, line: { text: 'hello' } });
    expect(b!.line).toBeNull();
  });

  it('re-stages a past line with moods and spots as they were', () => {
    const s = initialScene(detail(), []);
    const lines = [message(1, 'a', { mood: 'glum', moveTo: 'door' }), message(2, 'b', { recipientId: 'a', recipientName: 'Ann' })];
    const actors = historyActors(s, lines, 1, 500);
    expect(actors[0]).toMatchObject({ action: 'IDLE', mood: 'glum', spot: 'door' });
    expect(actors[1]).toMatchObject({ action: 'SPEAKING', actionStartedAt: 500, line: { recipientName: 'Ann' } });
  });

  it('counts lines, averages ratings and measures the pace', () => {
    const lines = [message(1, 'a', { rating: 4 }), message(2, 'b'), message(3, 'a', { rating: 8, mood: 'happy' })];
    const n = numbersByCharacter(lines).get('a')!;
    expect(n.count).toBe(2);
    expect(n.averageRating).toBe(6);
    expect(n.points.map((p) => p.mood)).toEqual(['calm', 'happy']);
    expect(interactionRate(lines, 60_000)).toBe(3);
  });

  it('counts only the time the conversation really ran', () => {
    const at = (createdAt: number) => ({ createdAt });
    // Two quick lines, then ten minutes with nobody watching, then one more line.
    const lines = [at(5_000), at(12_000), at(612_000)];
    expect(activeMs(lines, 0, 612_000, false)).toBe(5_000 + 7_000 + 30_000);
    // Running: the time since the last line counts, capped; paused: it does not.
    expect(activeMs(lines, 0, 620_000, true)).toBe(42_000 + 8_000);
    expect(activeMs(lines, 0, 900_000, true)).toBe(42_000 + 30_000);
    expect(activeMs(lines, 0, 900_000, false)).toBe(42_000);
    expect(activeMs([], 1_000, 3_000, true)).toBe(2_000);
  });

  it('shows nobody speaking after the end, and drops a SPEAKING state whose time ran out', () => {
    let s = initialScene(detail(), [message(1, 'a', { content: 'bye' })]);
    s = applyEvent(s, {
      __typename: 'CharacterChanged',
      seq: 11,
      epoch: 1,
      at: 5,
      sceneId: 's1',
      character: state('a', { action: 'SPEAKING', actionStartedAt: 1000, actionDurationMs: 2000 }),
    });
    expect(liveActors(s, 0, 2_500)[0]!.action).toBe('SPEAKING');
    expect(liveActors(s, 0, 60_000)[0]).toMatchObject({ action: 'IDLE', line: null });
    s = applyEvent(s, { __typename: 'ConversationEnded', seq: 12, epoch: 1, at: 6, sceneId: 's1', nextConversationAt: 600_000 });
    expect(liveActors(s, 0, 2_500)[0]).toMatchObject({ action: 'IDLE', line: null, endRequested: false });
  });

  it("passes the server's walk to the stage while it is under way, and drops it after", () => {
    let s = initialScene(detail(), []);
    const walk = {
      path: [
        { x: 1, y: 3 },
        { x: 2, y: 3 },
      ],
      startedAt: 1_000,
      durationMs: 380,
    };
    s = applyEvent(s, {
      __typename: 'CharacterChanged',
      seq: 11,
      epoch: 1,
      at: 5,
      sceneId: 's1',
      character: state('a', { spot: 'door', walk }),
    });
    expect(liveActors(s, 0, 1_100)[0]!.walk).toEqual(walk.path);
    expect(liveActors(s, 0, 60_000)[0]!.walk).toBeNull();
  });

  it('logs Paused and Resumed only for real transitions (a reset is not a resume)', () => {
    let s = initialScene(detail(), []);
    const status = (seq: number, st: 'RUNNING' | 'PAUSED') =>
      ({ __typename: 'SceneStatusChanged', seq, epoch: 1, at: seq, sceneId: 's1', status: st, statusReason: null }) as const;
    s = applyEvent(s, status(11, 'RUNNING'));
    s = applyEvent(s, status(12, 'PAUSED'));
    s = applyEvent(s, status(13, 'PAUSED'));
    s = applyEvent(s, status(14, 'RUNNING'));
    s = applyEvent(s, status(15, 'RUNNING'));
    expect(s.log.filter((e) => e.kind === 'status').map((e) => (e.kind === 'status' ? e.status : ''))).toEqual(['PAUSED', 'RUNNING']);
  });

  it('rebuilds positions and moods of a past conversation from the start, not from the live state', () => {
    let s = initialScene(detail(), []);
    // Live: Ann has walked to the window and is furious.
    s = applyEvent(s, {
      __typename: 'CharacterChanged',
      seq: 11,
      epoch: 1,
      at: 5,
      sceneId: 's1',
      character: state('a', { spot: 'window', mood: 'furious' }),
    });
    const lines = [message(1, 'b'), message(2, 'a', { moveTo: 'table', mood: 'glum' }), message(3, 'b')];
    expect(historyActors(s, lines, 0, 0)[0]).toMatchObject({ spot: 'counter', mood: 'calm' });
    expect(historyActors(s, lines, 1, 0)[0]).toMatchObject({ spot: 'table', mood: 'glum', action: 'SPEAKING' });
    expect(historyActors(s, lines, 2, 0)[0]).toMatchObject({ spot: 'table', action: 'IDLE' });
  });
});

describe('sceneTiles', () => {
  const value = (tiles: { label: string; value: string }[], label: string) => tiles.find((t) => t.label === label)?.value;

  it('stops the clock while paused and counts an ended conversation up to its end', () => {
    const lines = [message(1, 'a', { createdAt: 5_000 }), message(2, 'b', { createdAt: 10_000 })];
    const running = initialScene(detail(), lines);
    const base = { live: true, epoch: 1, lines, viewers: 2 };
    expect(value(sceneTiles({ ...base, scene: running, serverNow: 14_000 }), 'running')).toBe('0:14');
    const paused = { ...running, status: 'PAUSED' as const };
    expect(value(sceneTiles({ ...base, scene: paused, serverNow: 14_000 }), 'ran (paused)')).toBe('0:10');
    expect(value(sceneTiles({ ...base, scene: paused, serverNow: 90_000 }), 'ran (paused)')).toBe('0:10');
    const ended = { ...running, status: 'ENDED' as const, endedAt: 12_000 };
    expect(value(sceneTiles({ ...base, scene: ended, serverNow: 90_000 }), 'lasted')).toBe('0:12');
  });

  it('shows a history step as of that line: lines, tokens and time so far', () => {
    const lines = [message(1, 'a', { createdAt: 3_000 }), message(2, 'b', { createdAt: 7_000 })];
    const scene = initialScene(detail({ conversations: [{ epoch: 1, messageCount: 5, startedAt: 1_000, lastMessageAt: 50_000 }] }), lines);
    const tiles = sceneTiles({
      scene,
      live: false,
      epoch: 1,
      lines,
      serverNow: 999_999,
      viewers: 1,
      usage: { promptTokens: 9_999, completionTokens: 1, turns: 9 },
    });
    expect(value(tiles, 'ran so far')).toBe('0:06');
    expect(value(tiles, 'lines')).toBe('2');
    expect(value(tiles, 'tokens')).toBe('30');
    expect(compact(1_234)).toBe('1.2k');
    expect(compact(12_345)).toBe('12k');
  });
});
