import {
  characterStats,
  MAX_CHARACTER_STATS_MINUTES,
  type AddresseeCount,
  type CharacterStats,
  type MoodCount,
} from '../../services/characterStats.js';
import { MINUTE_MS } from '../../services/usage.js';
import { builder } from '../builder.js';
import { badInput } from '../errors.js';
import { idArg } from '../validate.js';
import { minuteArg } from '../usageFields.js';

const MoodCountRef = builder.objectRef<MoodCount>('MoodCount').implement({
  description: 'How many of a character’s lines carried one mood (with its emoji).',
  fields: (t) => ({
    mood: t.exposeString('mood', { description: 'Mood word.' }),
    emoji: t.exposeString('emoji', { description: 'Mood emoji.' }),
    count: t.exposeInt('count', { description: 'Lines with this mood and emoji.' }),
  }),
});

const AddresseeCountRef = builder.objectRef<AddresseeCount>('AddresseeCount').implement({
  description: 'How many of a character’s lines were addressed to one other character.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name of the character addressed.' }),
    count: t.exposeInt('count', { description: 'Lines addressed to them.' }),
  }),
});

const CharacterStatsRef = builder.objectRef<CharacterStats>('CharacterStats').implement({
  description: 'What one character said over a range: lines, ratings, moods and whom they addressed, and what its memory cost.',
  fields: (t) => ({
    characterId: t.exposeID('characterId', { description: 'Character id.' }),
    name: t.exposeString('name', { description: 'Character name.' }),
    sceneId: t.exposeID('sceneId', { description: 'The scene the character belongs to.' }),
    lines: t.exposeInt('lines', { description: 'Lines spoken in the range (hidden ones included, as in `stats`).' }),
    averageRating: t.exposeFloat('averageRating', {
      nullable: true,
      description: 'Mean conversation rating (1–10) of those lines; null without lines.',
    }),
    memoryPromptTokens: t.exposeInt('memoryPromptTokens', {
      description: 'Prompt tokens of its memory calls in the range (writing memories of a conversation, reflections).',
    }),
    memoryCompletionTokens: t.exposeInt('memoryCompletionTokens', { description: 'Completion tokens of its memory calls in the range.' }),
    moods: t.field({ type: [MoodCountRef], description: 'Moods of those lines, most frequent first.', resolve: (c) => c.moods }),
    addressees: t.field({
      type: [AddresseeCountRef],
      description: 'Characters those lines were addressed to, most addressed first (lines to everyone are not counted).',
      resolve: (c) => c.addressees,
    }),
  }),
});

builder.queryField('characterStats', (t) =>
  t.field({
    type: [CharacterStatsRef],
    description: `Per character that spoke or wrote memories over [since, until): lines, average rating, moods, addressees and memory tokens, most lines first; read from totals kept per character and minute as lines are stored. At most ${MAX_CHARACTER_STATS_MINUTES} minutes per call.`,
    args: {
      since: t.arg({ type: 'Timestamp', required: true, description: 'Start of the range, inclusive; a whole minute.' }),
      until: t.arg({ type: 'Timestamp', required: true, description: 'End of the range, exclusive; a whole minute after `since`.' }),
      sceneId: t.arg.id({ description: 'Only this scene’s characters (all scenes when omitted).' }),
    },
    resolve: async (_r, args, ctx) => {
      const since = minuteArg(args.since, 'since');
      const until = minuteArg(args.until, 'until');
      if (since >= until) throw badInput('since must be before until', 'since');
      const minutes = (until - since) / MINUTE_MS;
      if (minutes > MAX_CHARACTER_STATS_MINUTES) {
        throw badInput(`the range spans ${minutes} minutes; at most ${MAX_CHARACTER_STATS_MINUTES} per call`, 'until');
      }
      const sceneId = args.sceneId == null ? null : idArg(String(args.sceneId), 'sceneId');
      return characterStats(ctx.container, { since, until, sceneId });
    },
  }),
);
