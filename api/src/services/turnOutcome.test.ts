import { describe, expect, it } from 'vitest';
import type { CharacterRow, SceneRow } from '../adapters/db/entities.js';
import { loadConfig } from '../config.js';
import type { TurnResult } from '../ports/llm.js';
import { isFree, walkableGrid, WALK_MS_PER_TILE } from '../domain/grid.js';
import { roomById } from '../domain/rooms.js';
import { characterState } from './mappers.js';
import { speakerChanges, turnOutcome } from './turnOutcome.js';

const config = loadConfig({});
const now = 1_000_000;
const character = (id: string, name: string, spot: string, endRequestedAt: number | null = null) =>
  ({
    id,
    name,
    spot,
    homeSpot: spot,
    action: 'IDLE',
    mood: 'calm',
    moodEmoji: '🙂',
    talkativeness: 1,
    endRequestedAt,
    facing: 'down',
  }) as CharacterRow;
const scene = { id: 's1', epoch: 2, room: 'ice-cream-shop', pace: 1, maxMessages: null } as unknown as SceneRow;
const rosa = character('r', 'Rosa', 'counter');
const hale = character('h', 'Dr. Hale', 'door');
const result = (reply: Partial<TurnResult['reply']>): TurnResult => ({
  reply: {
    content: 'Lovely day for pistachio!',
    thoughts: 'hm',
    recipient: 'Dr. Hale',
    mood: 'sunny',
    moodEmoji: '🌞',
    reaction: '👋',
    rating: 8,
    endConversation: false,
    moveTo: null,
    ...reply,
  },
  model: 'scripted',
  promptTokens: 500,
  completionTokens: 40,
  latencyMs: 3,
  fallback: false,
});

describe('turnOutcome', () => {
  it('posts the line, and the speaker speaks for 5 s + 50 ms per character, facing whom they address', () => {
    const out = turnOutcome({ scene, characters: [rosa, hale], speaker: rosa, turn: 3, result: result({}), now, config });
    expect(out.message).toMatchObject({
      sceneId: 's1',
      epoch: 2,
      turn: 3,
      speakerName: 'Rosa',
      recipientId: 'h',
      recipientName: 'Dr. Hale',
      moveTo: null,
      promptTokens: 500,
    });
    expect(out.speaker).toMatchObject({
      action: 'SPEAKING',
      actionStartedAt: now,
      actionDurationMs: 5000 + 50 * 25,
      mood: 'sunny',
      endRequestedAt: null,
    });
    // counter (6,5) → door (9,10): mostly down.
    expect(out.speaker.facing).toBe('down');
    expect(out.endReason).toBeNull();
  });

  it('walks only to a spot the room has', () => {
    const to = (moveTo: string) =>
      turnOutcome({ scene, characters: [rosa, hale], speaker: rosa, turn: 3, result: result({ moveTo }), now, config });
    expect(to('freezer').speaker.spot).toBe('freezer');
    expect(to('freezer').message.moveTo).toBe('freezer');
    expect(to('the moon').speaker.spot).toBe('counter');
    expect(to('the moon').message.moveTo).toBeNull();
  });

  it('plans the walk to the new spot on free tiles, around furniture and the others', () => {
    const out = turnOutcome({ scene, characters: [rosa, hale], speaker: rosa, turn: 3, result: result({ moveTo: 'table' }), now, config });
    const grid = walkableGrid(roomById('ice-cream-shop'));
    expect(out.walk).not.toBeNull();
    const path = out.walk!.path;
    expect(path[0]).toEqual({ x: 6, y: 5 }); // the counter spot
    expect(path.at(-1)).toEqual({ x: 14, y: 9 }); // the table spot
    for (let i = 1; i < path.length; i++) expect(Math.abs(path[i]!.x - path[i - 1]!.x) + Math.abs(path[i]!.y - path[i - 1]!.y)).toBe(1);
    for (const t of path) expect(isFree(grid, t)).toBe(true);
    expect(out.walk).toMatchObject({ startedAt: now, durationMs: (path.length - 1) * WALK_MS_PER_TILE });
    // Staying put is no walk.
    expect(turnOutcome({ scene, characters: [rosa, hale], speaker: rosa, turn: 3, result: result({}), now, config }).walk).toBeNull();
  });

  it('tells a move as WALKING with the path, then SPEAKING; a line without one as one change', () => {
    const moved = turnOutcome({
      scene,
      characters: [rosa, hale],
      speaker: rosa,
      turn: 3,
      result: result({ moveTo: 'table' }),
      now,
      config,
    });
    const state = characterState(moved.speaker);
    const events = speakerChanges(state, moved.walk);
    expect(events.map((e) => (e.type === 'CHARACTER_CHANGED' ? e.character.action : e.type))).toEqual(['WALKING', 'SPEAKING']);
    const [walking, speaking] = events.map((e) => (e.type === 'CHARACTER_CHANGED' ? e.character : null));
    expect(walking).toMatchObject({ spot: 'table', actionStartedAt: now, actionDurationMs: moved.walk!.durationMs, walk: moved.walk });
    expect(speaking).toMatchObject({ action: 'SPEAKING', walk: moved.walk });
    const still = turnOutcome({ scene, characters: [rosa, hale], speaker: rosa, turn: 3, result: result({}), now, config });
    expect(speakerChanges(characterState(still.speaker), still.walk)).toEqual([
      { type: 'CHARACTER_CHANGED', character: characterState(still.speaker) },
    ]);
  });

  it('ends when everyone holds a valid end request, or at the message limit', () => {
    const agreed = turnOutcome({
      scene,
      characters: [rosa, character('h', 'Dr. Hale', 'door', now - 1000)],
      speaker: rosa,
      turn: 9,
      result: result({ endConversation: true }),
      now,
      config,
    });
    expect(agreed.endReason).toMatch(/agreed/);
    const stale = turnOutcome({
      scene,
      characters: [rosa, character('h', 'Dr. Hale', 'door', now - 200_000)],
      speaker: rosa,
      turn: 9,
      result: result({ endConversation: true }),
      now,
      config,
    });
    expect(stale.endReason).toBeNull();
    const limit = turnOutcome({
      scene: { ...scene, maxMessages: 9 },
      characters: [rosa, hale],
      speaker: rosa,
      turn: 9,
      result: result({}),
      now,
      config,
    });
    expect(limit.endReason).toMatch(/limit/);
  });
});
