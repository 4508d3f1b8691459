import type { RelationshipRow } from '../../adapters/db/entities.js';
import type { SceneEventRecord } from '../../domain/events.js';
import {
  deleteMemory,
  memoryPage,
  relationshipsOf,
  resetCharacterMemory,
  type MemoryPage,
  type MemoryView,
} from '../../services/memoryModeration.js';
import { charactersWithStats, findScene } from '../../services/sceneQueries.js';
import { requireModerator } from '../auth.js';
import { builder } from '../builder.js';
import { badInput, notFound } from '../errors.js';
import { idArg, pageSize } from '../validate.js';
import { CharacterRef } from './character.js';
import { SceneEventRef } from './sceneEvent.js';

/*
 * What characters remember (services/memoryWrite.ts writes it after each conversation):
 * `Character.memories` and `Character.relationships`, the moderator mutations `deleteMemory`
 * and `resetCharacterMemory`, and the two scene events they emit.
 */

type Of<T extends SceneEventRecord['type']> = Extract<SceneEventRecord, { type: T }>;

const MemoryKindEnum = builder.enumType('MemoryKind', {
  description: 'Where a memory comes from.',
  values: {
    EPISODE: { description: 'Written by the character after a conversation.' },
    REFLECTION: { description: 'A summary of older memories, written when the store passed its bound.' },
  },
});

export const MemoryRef = builder.objectRef<MemoryView>('Memory').implement({
  description: "One thing a character remembers, in the character's own words.",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Memory id.' }),
    characterId: t.exposeID('characterId', { description: 'Whose memory it is.' }),
    sceneId: t.exposeID('sceneId', { description: 'The scene it happened in.' }),
    epoch: t.exposeInt('epoch', { description: 'The conversation it is about (a reflection: the one after which it was written).' }),
    kind: t.field({ type: MemoryKindEnum, description: 'Episode or reflection.', resolve: (m) => m.kind as 'EPISODE' | 'REFLECTION' }),
    text: t.exposeString('text', { description: 'The memory, first person.' }),
    about: t.stringList({ description: 'Names of the characters it is about; empty for everyone.', resolve: (m) => m.about }),
    importance: t.exposeInt('importance', { description: '1 (mundane) to 10 (unforgettable), as the character judged it.' }),
    createdAt: t.field({ type: 'Timestamp', description: 'When it was written.', resolve: (m) => m.createdAt }),
  }),
});

const CURSOR = /^memory:(\d{1,12})$/;
const encodeMemoryCursor = (id: number) => Buffer.from(`memory:${id}`).toString('base64url');
function decodeMemoryCursor(cursor: string): number {
  const text = cursor.length <= 40 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = CURSOR.exec(text);
  if (!match) throw badInput('after is not a cursor of these memories', 'after');
  return Number(match[1]);
}

const MemoryEdgeRef = builder.objectRef<MemoryView>('MemoryEdge').implement({
  description: 'A memory and its cursor.',
  fields: (t) => ({
    cursor: t.string({ description: 'Opaque cursor for `after`.', resolve: (m) => encodeMemoryCursor(m.id) }),
    node: t.field({ type: MemoryRef, description: 'The memory.', resolve: (m) => m }),
  }),
});

const MemoryPageInfoRef = builder.objectRef<MemoryPage>('MemoryPageInfo').implement({
  description: 'Where a page of memories sits.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Older memories follow this page.' }),
    endCursor: t.string({
      nullable: true,
      description: 'Pass as `after` for the next (older) page.',
      resolve: (p) => (p.nodes.length ? encodeMemoryCursor(p.nodes.at(-1)!.id) : null),
    }),
  }),
});

const MemoryConnectionRef = builder.objectRef<MemoryPage>('MemoryConnection').implement({
  description: "A page of a character's memories, newest first.",
  fields: (t) => ({
    edges: t.field({ type: [MemoryEdgeRef], description: 'Memories with cursors.', resolve: (p) => p.nodes }),
    nodes: t.field({ type: [MemoryRef], description: 'The memories alone.', resolve: (p) => p.nodes }),
    pageInfo: t.field({ type: MemoryPageInfoRef, description: 'Paging information.', resolve: (p) => p }),
    totalCount: t.exposeInt('total', { description: 'Memories the character holds now.' }),
  }),
});

type RelationshipView = RelationshipRow & { otherName: string; otherColour: string };

const RelationshipRef = builder.objectRef<RelationshipView>('Relationship').implement({
  description: 'How a character sees another one, moved by every conversation they share.',
  fields: (t) => ({
    otherId: t.exposeID('otherId', { description: 'The other character.' }),
    otherName: t.exposeString('otherName', { description: "The other character's name." }),
    otherColour: t.exposeString('otherColour', { description: "The other character's colour, #rrggbb." }),
    affinity: t.exposeFloat('affinity', { description: 'Dislike (-1) to fondness (1).' }),
    familiarity: t.exposeFloat('familiarity', { description: 'Stranger (0) to old friend (1).' }),
    view: t.exposeString('view', { description: 'How the character sees them, one line in its own words (may be empty).' }),
    updatedAt: t.field({ type: 'Timestamp', description: 'When the last conversation moved it.', resolve: (r) => r.updatedAt }),
  }),
});

builder.objectFields(CharacterRef, (t) => ({
  memories: t.field({
    type: MemoryConnectionRef,
    description: 'What the character remembers of earlier conversations, newest first (`first` 1–100, default 10).',
    args: {
      first: t.arg.int({ description: 'Page size (1–100, default 10).' }),
      after: t.arg.string({ description: 'Cursor (`pageInfo.endCursor`) to continue with older memories.' }),
    },
    resolve: (character, args, ctx) =>
      memoryPage(
        ctx.container,
        character.id,
        args.first == null ? 10 : pageSize(args.first, 'first'),
        args.after == null ? undefined : decodeMemoryCursor(args.after),
      ),
  }),
  relationships: t.field({
    type: [RelationshipRef],
    description: 'How the character sees the others it has talked with, most familiar first.',
    resolve: (character, _args, ctx) => relationshipsOf(ctx.container, character.id),
  }),
}));

builder.mutationField('deleteMemory', (t) =>
  t.field({
    type: MemoryRef,
    description: "Delete one of a character's memories (moderators). Viewers of its scene get MemoryDeleted.",
    args: {
      input: t.arg({
        required: true,
        description: 'Which memory.',
        type: builder.inputType('DeleteMemoryInput', {
          description: 'A memory to delete.',
          fields: (f) => ({ memoryId: f.id({ required: true, description: 'Memory id.' }) }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireModerator(ctx);
      const raw = idArg(String(input.memoryId), 'memoryId');
      const memoryId = /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(memoryId)) throw badInput('memoryId must be a memory id (digits)', 'memoryId');
      const deleted = await deleteMemory(ctx.container, memoryId);
      if (!deleted) throw notFound('Memory', raw);
      return deleted;
    },
  }),
);

builder.mutationField('resetCharacterMemory', (t) =>
  t.field({
    type: CharacterRef,
    description:
      'Make a character forget everything: its memories and its views of the others (moderators). The conversation under way is not remembered either. Viewers get MemoryReset.',
    args: {
      input: t.arg({
        required: true,
        description: 'Which character.',
        type: builder.inputType('ResetCharacterMemoryInput', {
          description: 'A character whose memory to reset.',
          fields: (f) => ({ characterId: f.id({ required: true, description: 'Character id.' }) }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireModerator(ctx);
      const characterId = idArg(String(input.characterId), 'characterId');
      const sceneId = await resetCharacterMemory(ctx.container, characterId);
      const scene = sceneId ? await findScene(ctx.container, { id: sceneId }) : null;
      const character = scene ? (await charactersWithStats(ctx.container, scene)).find((c) => c.id === characterId) : undefined;
      if (!character) throw notFound('Character', characterId);
      return character;
    },
  }),
);

builder.objectRef<Of<'MEMORY_DELETED'>>('MemoryDeleted').implement({
  description: "A moderator deleted one of a character's memories.",
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'MEMORY_DELETED',
  fields: (t) => ({
    memoryId: t.id({ description: 'The deleted memory.', resolve: (e) => String(e.memoryId) }),
    characterId: t.exposeID('characterId', { description: 'Whose memory it was.' }),
  }),
});

builder.objectRef<Of<'MEMORY_RESET'>>('MemoryReset').implement({
  description: "A moderator reset a character's memory: it remembers nothing and has no views of the others.",
  interfaces: [SceneEventRef],
  isTypeOf: (e) => (e as SceneEventRecord).type === 'MEMORY_RESET',
  fields: (t) => ({
    characterId: t.exposeID('characterId', { description: 'The character.' }),
  }),
});
