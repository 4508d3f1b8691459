import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * MikroORM entities (defined without decorators: tsx emits no decorator metadata).
 * Times are epoch milliseconds in bigint columns. Relations are plain indexed id columns
 * rather than ORM relations: the turn loop reads and writes rows by id, subscriptions never
 * load object graphs, and the services own the integrity (scenes are never deleted).
 */

const ms = () => p.bigint('number');

export const SceneEntity = defineEntity({
  name: 'Scene',
  tableName: 'scene',
  properties: {
    id: p.string().primary().length(36),
    slug: p.string().unique().length(64),
    name: p.string().length(80),
    description: p.text(),
    room: p.string().length(40),
    builtIn: p.boolean().default(false),
    sortOrder: p.integer().default(0),
    status: p.string().length(16).default('RUNNING'),
    statusReason: p.string().length(200).nullable(),
    epoch: p.integer().default(1),
    nextTurn: p.integer().default(1),
    lastSeq: p.integer().default(0),
    pace: p.float().default(1),
    startCharacterId: p.string().length(36).nullable(),
    startedAt: ms(),
    endedAt: ms().nullable(),
    nextTurnAt: ms(),
    maxMessages: p.integer().nullable(),
    tokenBudgetPerHour: p.integer().nullable(),
    summary: p.text().default(''),
    summaryThroughTurn: p.integer().default(0),
    proposalId: p.string().length(36).nullable(),
    /** Narrator line a moderator injected; the next turn's prompt includes it, then it is cleared. */
    pendingNarration: p.text().nullable(),
    /** Set when a proposal was played after this scene ended: the scene is finished for good. */
    successorSceneId: p.string().length(36).nullable(),
    /** Seconds viewers lag behind moderators (null: BROADCAST_DELAY_SECONDS). */
    broadcastDelaySeconds: p.integer().nullable(),
    /** `airsAt` of the scene's latest event: later events never air before it (the aired log is a prefix). */
    lastAirsAt: p.bigint('number').default(0),
    createdAt: ms(),
  },
});

export const CharacterEntity = defineEntity({
  name: 'Character',
  tableName: 'character',
  indexes: [{ properties: ['sceneId'] }],
  properties: {
    id: p.string().primary().length(36),
    sceneId: p.string().length(36),
    sortOrder: p.integer().default(0),
    name: p.string().length(40),
    colour: p.string().length(7),
    persona: p.text(),
    appearance: p.text(),
    model: p.string().length(80).nullable(),
    temperature: p.float().nullable(),
    talkativeness: p.float().default(1),
    homeSpot: p.string().length(40),
    baseMood: p.string().length(24),
    baseMoodEmoji: p.string().length(16),
    spot: p.string().length(40),
    facing: p.string().length(8).default('down'),
    action: p.string().length(16).default('IDLE'),
    actionStartedAt: ms(),
    actionDurationMs: p.integer().default(0),
    mood: p.string().length(24),
    moodEmoji: p.string().length(16),
    endRequestedAt: ms().nullable(),
    /** Id of the room object the character holds (`domain/rooms.ts`), or null; cleared by a new conversation. */
    holding: p.string().length(40).nullable(),
    /** Conversations before this epoch are not remembered (a moderator reset the character's memory). */
    memoryFromEpoch: p.integer().default(0),
  },
});

export const MessageEntity = defineEntity({
  name: 'Message',
  tableName: 'message',
  uniques: [{ properties: ['sceneId', 'epoch', 'turn'] }],
  // Budgets sum tokens over time windows, per scene and overall.
  // The review queue reads a scene's held lines (services/heldLines.ts).
  indexes: [{ properties: ['sceneId', 'createdAt'] }, { properties: ['createdAt'] }, { properties: ['sceneId', 'heldAt'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    sceneId: p.string().length(36),
    epoch: p.integer(),
    turn: p.integer(),
    speakerId: p.string().length(36),
    speakerName: p.string().length(40),
    recipientId: p.string().length(36).nullable(),
    recipientName: p.string().length(40).nullable(),
    content: p.text(),
    thoughts: p.text(),
    mood: p.string().length(24),
    moodEmoji: p.string().length(16),
    reaction: p.string().length(16),
    rating: p.integer(),
    endConversation: p.boolean(),
    moveTo: p.string().length(40).nullable(),
    speakingMs: p.integer(),
    model: p.string().length(80),
    promptTokens: p.integer(),
    completionTokens: p.integer(),
    latencyMs: p.integer(),
    fallback: p.boolean().default(false),
    hidden: p.boolean().default(false),
    hiddenReason: p.string().length(200).nullable(),
    /** When the line reaches viewers (its event's `airsAt`); null: at once. */
    airsAt: ms().nullable(),
    /**
     * Set while the screen's hold waits for a moderator (the line is stored `hidden` meanwhile,
     * so every viewer path leaves it out); cleared by the decision. See services/heldLines.ts.
     */
    heldAt: ms().nullable(),
    /** Why the screen held it (`term:tomato`, `profanity`, `screen-unavailable`); kept after the decision. */
    heldReasons: p.json<string[]>().nullable(),
    /** A moderator's decision on a held line: APPROVED (released) or REJECTED (hidden for good); null while held or never held. */
    heldDecision: p.string().length(8).nullable(),
    createdAt: ms(),
  },
});

export const SceneEventEntity = defineEntity({
  name: 'SceneEvent',
  tableName: 'scene_event',
  uniques: [{ properties: ['sceneId', 'seq'] }],
  // A conversation's events without reading the scene's whole log (history and replay read a line's room changes).
  indexes: [{ properties: ['sceneId', 'epoch', 'seq'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    sceneId: p.string().length(36),
    seq: p.integer(),
    epoch: p.integer(),
    type: p.string().length(32),
    payload: p.json<Record<string, unknown>>(),
    at: ms(),
    /** When viewers get the event (`at` + the scene's broadcast delay, never before an earlier event's); null: at once. */
    airsAt: ms().nullable(),
  },
});

export const ProposalEntity = defineEntity({
  name: 'Proposal',
  tableName: 'proposal',
  indexes: [{ properties: ['status'] }],
  properties: {
    id: p.string().primary().length(36),
    name: p.string().length(80),
    description: p.text(),
    room: p.string().length(40),
    characters: p.json<ProposedCharacter[]>(),
    proposer: p.string().length(40),
    status: p.string().length(16).default('PROPOSED'),
    score: p.integer().default(0),
    playedSceneId: p.string().length(36).nullable(),
    decisionReason: p.string().length(200).nullable(),
    createdAt: ms(),
  },
});

export const ProposalVoteEntity = defineEntity({
  name: 'ProposalVote',
  tableName: 'proposal_vote',
  uniques: [{ properties: ['proposalId', 'clientId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    proposalId: p.string().length(36),
    clientId: p.string().length(64),
    ip: p.string().length(64),
    value: p.integer(),
    createdAt: ms(),
  },
});

export const ProposalCommentEntity = defineEntity({
  name: 'ProposalComment',
  tableName: 'proposal_comment',
  indexes: [{ properties: ['proposalId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    proposalId: p.string().length(36),
    author: p.string().length(30),
    text: p.text(),
    createdAt: ms(),
  },
});

/**
 * The moderation log: one row per moderator action that succeeded (who, what, when, on which
 * scene / proposal / message, why). Rows are only ever inserted; newest first by id.
 */
export const ModerationActionEntity = defineEntity({
  name: 'ModerationAction',
  tableName: 'moderation_action',
  indexes: [{ properties: ['sceneId', 'id'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    at: ms(),
    /** The moderator's name from MODERATOR_TOKENS (never the token). */
    moderator: p.string().length(40),
    /** The mutation, e.g. PAUSE_SCENE. */
    action: p.string().length(32),
    sceneId: p.string().length(36).nullable(),
    proposalId: p.string().length(36).nullable(),
    messageId: p.string().length(20).nullable(),
    reason: p.string().length(200).nullable(),
    /** What the action set, e.g. the pace or the narration text. */
    detail: p.string().length(400).nullable(),
  },
});

/**
 * Usage per scene, model and minute, kept up to date in the transaction that stores each line
 * (services/usage.ts) so that `usage` reads a few rows per bucket instead of grouping every
 * message. Cost is not stored: it is derived from the tokens with the configured prices at read
 * time, as `stats` does, so both agree after a price change.
 */
export const UsageMinuteEntity = defineEntity({
  name: 'UsageMinute',
  tableName: 'usage_minute',
  // The upsert's conflict target; also serves reads filtered by scene.
  uniques: [{ properties: ['sceneId', 'model', 'minute'] }],
  // Reads over all scenes are a range on the minute.
  indexes: [{ properties: ['minute'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    sceneId: p.string().length(36),
    model: p.string().length(80),
    /** Start of the minute, in ms since the epoch (a multiple of 60 000). */
    minute: ms(),
    turns: p.integer(),
    /** Tokens of turns (the lines); memory writes and reflections are counted apart below. */
    promptTokens: p.integer(),
    completionTokens: p.integer(),
    /** Memory writes and reflections (services/memoryUsage.ts): model calls and their tokens. */
    memoryCalls: p.integer().default(0),
    memoryPromptTokens: p.integer().default(0),
    memoryCompletionTokens: p.integer().default(0),
  },
});

/**
 * All-time usage per scene and model, upserted next to `usage_minute` in the line's transaction
 * (services/usage.ts): `stats` and the live `statsFeed` read these few rows (scenes × models)
 * instead of grouping every message. The latency sum keeps `stats`' average latency exact.
 */
export const UsageTotalEntity = defineEntity({
  name: 'UsageTotal',
  tableName: 'usage_total',
  uniques: [{ properties: ['sceneId', 'model'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    sceneId: p.string().length(36),
    model: p.string().length(80),
    turns: p.integer(),
    promptTokens: p.bigint('number'),
    completionTokens: p.bigint('number'),
    latencyMs: p.bigint('number'),
    memoryCalls: p.integer().default(0),
    memoryPromptTokens: p.bigint('number').default(0),
    memoryCompletionTokens: p.bigint('number').default(0),
  },
});

/**
 * One model call made for memory (`MEMORY`: a character writing its memories of a conversation;
 * `REFLECTION`: a consolidation), inserted right after the call whether or not what it wrote is
 * kept: the tokens were spent either way. The token budgets sum these beside the messages.
 */
export const MemoryCallEntity = defineEntity({
  name: 'MemoryCall',
  tableName: 'memory_call',
  indexes: [{ properties: ['sceneId', 'createdAt'] }, { properties: ['createdAt'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    sceneId: p.string().length(36),
    characterId: p.string().length(36),
    epoch: p.integer(),
    kind: p.string().length(12),
    model: p.string().length(80),
    promptTokens: p.integer(),
    completionTokens: p.integer(),
    createdAt: ms(),
  },
});

/**
 * Viewers sampled per scene and minute (services/viewerSamples.ts): the highest count seen, the
 * sum of the counts and how many samples saw the scene watched. The row whose `sceneId` is ''
 * holds the total over all scenes at each sample instant, and its `samples` counts every
 * sample of the minute, so averages divide by it (a sample where a scene had no viewers adds
 * nothing to that scene's sum but still counts).
 */
export const ViewerMinuteEntity = defineEntity({
  name: 'ViewerMinute',
  tableName: 'viewer_minute',
  uniques: [{ properties: ['sceneId', 'minute'] }],
  indexes: [{ properties: ['minute'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    /** The scene, or '' for the total over all scenes. */
    sceneId: p.string().length(36),
    minute: ms(),
    peak: p.integer(),
    sum: p.bigint('number'),
    samples: p.integer(),
  },
});

/** Lines and ratings per speaking character and minute, upserted in the line's transaction. */
export const CharacterMinuteEntity = defineEntity({
  name: 'CharacterMinute',
  tableName: 'character_minute',
  uniques: [{ properties: ['characterId', 'minute'] }],
  indexes: [{ properties: ['minute'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    sceneId: p.string().length(36),
    characterId: p.string().length(36),
    /** The speaker's name on its latest line of the minute. */
    name: p.string().length(40),
    minute: ms(),
    lines: p.integer(),
    ratingSum: p.integer(),
    /** Tokens the character's memory writes and reflections used (a row may have no lines). */
    memoryPromptTokens: p.integer().default(0),
    memoryCompletionTokens: p.integer().default(0),
  },
});

/**
 * Per character and minute, how often each mood (with its emoji) and each addressee came up:
 * `kind` is 'mood' (label = mood, emoji) or 'to' (label = the recipient's name, emoji '').
 */
export const CharacterTallyMinuteEntity = defineEntity({
  name: 'CharacterTallyMinute',
  tableName: 'character_tally_minute',
  uniques: [{ name: 'character_tally_minute_key_unique', properties: ['characterId', 'minute', 'kind', 'label', 'emoji'] }],
  indexes: [{ properties: ['minute'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    sceneId: p.string().length(36),
    characterId: p.string().length(36),
    minute: ms(),
    kind: p.string().length(4),
    label: p.string().length(40),
    emoji: p.string().length(16),
    count: p.integer(),
  },
});

/** A character inside a proposal, before it becomes a scene. */
export interface ProposedCharacter {
  name: string;
  colour: string;
  persona: string;
  appearance: string;
  model?: string | null;
  temperature?: number | null;
}

/**
 * API keys for third parties (services/apiKeys.ts). Only a SHA-256 digest of the key is kept:
 * the key is 32 random bytes, so a fast unsalted hash is enough (nothing to guess, no dictionary
 * to attack), and it lets a request find its key by an indexed lookup of the digest. The
 * counters are advanced with `column + n` updates, so every API replica adds its own counts.
 */
export const ApiKeyEntity = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  uniques: [{ properties: ['secretHash'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(60),
    /** The key's first characters (e.g. `ptk_AbCd1234`), shown so people can tell keys apart. */
    prefix: p.string().length(16),
    /** Hex SHA-256 of the whole key. */
    secretHash: p.string().length(64),
    /** Requests per minute; null means the server default (API_KEY_RATE_MAX). */
    requestsPerMinute: p.integer().nullable(),
    /** Browser origins allowed to use the key (scheme://host[:port]); empty = any. */
    allowedOrigins: p.json<string[]>(),
    createdAt: ms(),
    createdBy: p.string().length(40),
    revokedAt: ms().nullable(),
    revokedBy: p.string().length(40).nullable(),
    lastUsedAt: ms().nullable(),
    requests: p.bigint('number').default(0),
    rejected: p.bigint('number').default(0),
  },
});

/**
 * What a character remembers (services/memory.ts): an EPISODE written by the model in the
 * character's voice after a conversation, or a REFLECTION that summarised old episodes.
 * Unique per character, conversation, kind and ordinal, so a retried write cannot store twice.
 */
export const MemoryEntity = defineEntity({
  name: 'Memory',
  tableName: 'memory',
  uniques: [{ properties: ['characterId', 'epoch', 'kind', 'ordinal'] }],
  indexes: [{ properties: ['characterId', 'id'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    characterId: p.string().length(36),
    sceneId: p.string().length(36),
    /** The conversation it is about (a reflection: the conversation after which it was written). */
    epoch: p.integer(),
    /** EPISODE or REFLECTION. */
    kind: p.string().length(16),
    /** Position among the memories written together. */
    ordinal: p.integer(),
    text: p.string().length(300),
    /** Names of whom it is about; empty for everyone. */
    about: p.json<string[]>(),
    /** 1 (mundane) to 10 (unforgettable). */
    importance: p.integer(),
    createdAt: ms(),
    /** The text's embedding when an embeddings model is configured, else null (lexical relevance). */
    embedding: p.json<number[]>().nullable(),
    /**
     * The conversations (epochs of its scene) it was derived from: an episode's own, a
     * reflection's every folded memory's. Hiding a line of one of them drops the memory
     * (services/hiddenLines.ts). Null: kept before provenance was, read as every conversation up to `epoch`.
     */
    sourceEpochs: p.json<number[]>().nullable(),
  },
});

/**
 * How one character sees another (domain/relationship.ts moves it after each conversation):
 * affinity -1..1, familiarity 0..1 and a one-line view in the character's own words.
 */
export const RelationshipEntity = defineEntity({
  name: 'Relationship',
  tableName: 'relationship',
  uniques: [{ properties: ['characterId', 'otherId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    characterId: p.string().length(36),
    otherId: p.string().length(36),
    sceneId: p.string().length(36),
    affinity: p.float(),
    familiarity: p.float(),
    view: p.string().length(200),
    /** The last conversation applied: a retried write does not move it twice. */
    lastEpoch: p.integer(),
    /**
     * The conversations the view line was derived from: the one it was written after, and the
     * earlier view's (the writer was shown it). Hiding a line of one of them empties the view.
     * Null: kept before provenance was, read as every conversation up to `lastEpoch`.
     */
    sourceEpochs: p.json<number[]>().nullable(),
    updatedAt: ms(),
  },
});

export type SceneRow = InferEntity<typeof SceneEntity>;
export type CharacterRow = InferEntity<typeof CharacterEntity>;
export type MessageRow = InferEntity<typeof MessageEntity>;
export type SceneEventRow = InferEntity<typeof SceneEventEntity>;
export type ProposalRow = InferEntity<typeof ProposalEntity>;
export type ProposalVoteRow = InferEntity<typeof ProposalVoteEntity>;
export type ProposalCommentRow = InferEntity<typeof ProposalCommentEntity>;
export type ModerationActionRow = InferEntity<typeof ModerationActionEntity>;
export type UsageMinuteRow = InferEntity<typeof UsageMinuteEntity>;
export type MemoryRow = InferEntity<typeof MemoryEntity>;
export type RelationshipRow = InferEntity<typeof RelationshipEntity>;
export type ApiKeyRow = InferEntity<typeof ApiKeyEntity>;

export const entities = [
  SceneEntity,
  CharacterEntity,
  MessageEntity,
  SceneEventEntity,
  ProposalEntity,
  ProposalVoteEntity,
  ProposalCommentEntity,
  ModerationActionEntity,
  UsageMinuteEntity,
  UsageTotalEntity,
  MemoryCallEntity,
  ViewerMinuteEntity,
  CharacterMinuteEntity,
  CharacterTallyMinuteEntity,
  ApiKeyEntity,
  MemoryEntity,
  RelationshipEntity,
];
