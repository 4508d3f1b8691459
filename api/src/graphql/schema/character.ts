import type { CharacterState } from '../../domain/events.js';
import type { Tile, Walk } from '../../domain/grid.js';
import { characterState } from '../../services/mappers.js';
import type { CharacterWithStats } from '../../services/sceneQueries.js';
import { builder } from '../builder.js';
import { CharacterActionEnum, FacingEnum } from './enums.js';

const TileRef = builder.objectRef<Tile>('Tile').implement({
  description: 'A tile of a room: x from the left, y from the top (the top two rows are wall).',
  fields: (t) => ({
    x: t.exposeInt('x', { description: 'Column.' }),
    y: t.exposeInt('y', { description: 'Row.' }),
  }),
});

const WalkRef = builder.objectRef<Walk>('Walk').implement({
  description: 'A walk the server decided (A* on the room grid, around furniture and the others): every viewer shows the same one.',
  fields: (t) => ({
    path: t.field({
      type: [TileRef],
      description: 'Tiles from where the character stood to where it will stand, both included.',
      resolve: (w) => w.path,
    }),
    startedAt: t.field({ type: 'Timestamp', description: 'When the walk began.', resolve: (w) => w.startedAt }),
    durationMs: t.exposeInt('durationMs', { description: 'How long the walk takes.' }),
  }),
});

export const CharacterStateRef = builder.objectRef<CharacterState>('CharacterState').implement({
  description: 'The live state of one character: what changes during a conversation. Events carry it as a delta.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Character id.' }),
    action: t.field({ type: CharacterActionEnum, description: 'What the character is doing.', resolve: (c) => c.action }),
    actionStartedAt: t.field({ type: 'Timestamp', description: 'When the current action began.', resolve: (c) => c.actionStartedAt }),
    actionDurationMs: t.exposeInt('actionDurationMs', {
      description: 'Expected length of the action (the speaking time); 0 when open-ended.',
    }),
    mood: t.exposeString('mood', { description: 'Current mood, one word.' }),
    moodEmoji: t.exposeString('moodEmoji', { description: 'Emoji for the mood.' }),
    spot: t.exposeString('spot', { description: 'Name of the spot the character stands at or walks to.' }),
    facing: t.field({ type: FacingEnum, description: 'Direction the sprite faces.', resolve: (c) => c.facing }),
    endRequestedAt: t.field({
      type: 'Timestamp',
      nullable: true,
      description: 'When the character asked to end the conversation (the request is valid for 180 s, scaled by pace).',
      resolve: (c) => c.endRequestedAt,
    }),
    holding: t.string({
      nullable: true,
      description: 'Id of the room object the character holds (see `Room.objects`), or null.',
      resolve: (c) => c.holding ?? null,
    }),
    walk: t.field({
      type: WalkRef,
      nullable: true,
      description: 'The walk this change starts (the speaker moving to a new spot while it talks); null otherwise.',
      resolve: (c) => c.walk ?? null,
    }),
  }),
});

export const CharacterRef = builder.objectRef<CharacterWithStats>('Character').implement({
  description: 'A character in a scene: who they are, their live state and their numbers in the current conversation.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Character id.' }),
    name: t.exposeString('name', { description: 'Display name.' }),
    colour: t.exposeString('colour', { description: 'Main sprite colour, #rrggbb.' }),
    persona: t.exposeString('persona', { description: 'Who the character is (the role text given to the model).' }),
    appearance: t.exposeString('appearance', { description: 'What the character looks like.' }),
    talkativeness: t.exposeFloat('talkativeness', { description: 'Weight in the speaker choice (1 = average).' }),
    model: t.string({ nullable: true, description: 'Model override for this character, if any.', resolve: (c) => c.model ?? null }),
    homeSpot: t.exposeString('homeSpot', {
      description: 'Spot the character stands at when a conversation starts (replays rebuild positions from it).',
    }),
    baseMood: t.exposeString('baseMood', { description: 'Mood at the start of every conversation, one word.' }),
    baseMoodEmoji: t.exposeString('baseMoodEmoji', { description: 'Emoji for the starting mood.' }),
    state: t.field({ type: CharacterStateRef, description: 'Live state.', resolve: (c) => characterState(c) }),
    messageCount: t.exposeInt('messageCount', { description: 'Lines spoken in the current conversation.' }),
    averageRating: t.float({
      nullable: true,
      description: 'Average conversation rating (1–10) the character gave in the current conversation.',
      resolve: (c) => c.averageRating,
    }),
  }),
});
