/**
 * Memory rows (issue 11), with the scripted model:
 * - `memoryStore`: 1,000 conversations of one scene, each written by the scripted model turn by
 *   turn (real turn contexts with recalled memories) and stored, then remembered and
 *   consolidated exactly as the `remember` step does; memories per character along the way.
 * - `promptTokensByConversation`: the real turn loop (prompt building with memories and
 *   relationships, summary, database, `remember` jobs) runs one scene through 100
 *   conversations; prompt tokens per turn at conversations 1, 10 and 100.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import { CharacterEntity, MemoryEntity, MessageEntity, SceneEntity, type MessageRow } from '../api/src/adapters/db/entities.js';
import { createLlm } from '../api/src/adapters/llm/index.js';
import { buildPrompt, estimateTokens } from '../api/src/adapters/llm/prompt.js';
import { loadConfig } from '../api/src/config.js';
import { createContainer } from '../api/src/container.js';
import { MEMORY_LIMITS } from '../api/src/domain/memory.js';
import type { Llm } from '../api/src/ports/llm.js';
import { recallForTurn } from '../api/src/services/memoryRecall.js';
import { rememberConversation } from '../api/src/services/memoryWrite.js';
import { pauseScene } from '../api/src/services/sceneControl.js';
import { buildTurnContext } from '../api/src/services/turnContext.js';
import { createWorker } from '../api/src/services/worker.js';
import { round } from './ops.js';

const SCENE_SLUG = 'ice-cream-shop';
const HOUR = 3_600_000;

/** Memories per character after `conversations` conversations (and at checkpoints on the way). */
export async function memoryStore(dir: string, conversations: number, linesPerConversation = 8) {
  const clock = { t: Date.UTC(2026, 11, 1), now: () => clock.t };
  const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'memory-store.db')}`, LOG_LEVEL: 'silent' });
  const logger = pino({ level: 'silent' });
  const container = await createContainer(config, { logger, clock });
  const llm = container.llm;
  const em = container.orm.em.fork();
  const scene = await em.findOneOrFail(SceneEntity, { slug: SCENE_SLUG });
  const cast = await em.find(CharacterEntity, { sceneId: scene.id }, { orderBy: { sortOrder: 'asc' } });
  const checkpoints: { conversation: number; perCharacter: number[]; reflections: number }[] = [];
  let maxPerCharacter = 0;
  let rememberMs = 0;
  const marks = new Set([1, 10, 100, 1000, conversations]);
  for (let epoch = 1; epoch <= conversations; epoch++) {
    const recent: MessageRow[] = [];
    for (let turn = 1; turn <= linesPerConversation; turn++) {
      clock.t += 20_000;
      const speaker = cast[(turn - 1 + epoch) % cast.length]!;
      const context = buildTurnContext({ ...scene, epoch, nextTurn: turn }, cast, speaker, recent, '', `${scene.id}-${epoch}-${turn}`);
      const query = recent.map((m) => m.content).join(' ');
      Object.assign(context, await recallForTurn(container.orm.em.fork(), speaker, cast, query, clock.now()));
      const { reply, model } = await llm.generateTurn(context);
      const recipient = cast.find((c) => c.name === reply.recipient) ?? null;
      const row = {
        sceneId: scene.id,
        epoch,
        turn,
        speakerId: speaker.id,
        speakerName: speaker.name,
        recipientId: recipient?.id ?? null,
        recipientName: recipient?.name ?? null,
        content: reply.content,
        thoughts: reply.thoughts,
        mood: reply.mood,
        moodEmoji: reply.moodEmoji,
        reaction: reply.reaction,
        rating: reply.rating,
        endConversation: false,
        speakingMs: 1000,
        model,
        promptTokens: 0,
        completionTokens: 0,
        latencyMs: 0,
        createdAt: clock.t,
        fallback: false,
        hidden: false,
        hiddenReason: null,
        heldAt: null,
        heldReasons: null,
        heldDecision: null,
        moveTo: null,
        airsAt: null,
      };
      const id = (await container.orm.em.fork().insert(MessageEntity, row)) as number;
      recent.push({ ...row, id });
    }
    clock.t += HOUR;
    const started = performance.now();
    await rememberConversation(container, scene.id, epoch);
    rememberMs += performance.now() - started;
    const counts = [];
    for (const c of cast) counts.push(await em.fork().count(MemoryEntity, { characterId: c.id }));
    maxPerCharacter = Math.max(maxPerCharacter, ...counts);
    if (marks.has(epoch)) {
      const reflections = await em.fork().count(MemoryEntity, { sceneId: scene.id, kind: 'REFLECTION' });
      checkpoints.push({ conversation: epoch, perCharacter: counts, reflections });
      console.log(`memory: conversation ${epoch}: memories per character ${counts.join(', ')}; reflections ${reflections}`);
    }
  }
  await container.stop();
  return {
    scene: SCENE_SLUG,
    conversations,
    linesPerConversation,
    characters: cast.length,
    bound: MEMORY_LIMITS.store,
    maxPerCharacter,
    rememberMsPerConversation: round(rememberMs / conversations, 2),
    checkpoints,
  };
}

/** Prompt tokens per turn (first, mean, max) at the given conversations of one scene, with the real loop. */
export async function promptTokensByConversation(conversations: number[], dir: string) {
  const last = Math.max(...conversations);
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'memory-prompt.db')}`,
    TIME_SCALE: '0.00001',
    RUN_WITHOUT_VIEWERS: 'true',
    // Every conversation is 12 lines: at this time scale end requests lapse before all agree.
    MAX_MESSAGES: '12',
    LOG_LEVEL: 'silent',
    SWEEP_INTERVAL_MS: '100',
    BUDGET_SCENE_TOKENS: '2000000000',
    BUDGET_GLOBAL_TOKENS: '2000000000',
  });
  const logger = pino({ level: 'silent' });
  const inner = createLlm(config.llm, logger);
  const byEpoch = new Map<number, { tokens: number[]; prompt: number[]; memories: number; relationships: number }>();
  let done: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const llm: Llm = {
    ...inner,
    defaultModel: inner.defaultModel,
    async generateTurn(context, signal) {
      const result = await inner.generateTurn(context, signal);
      if (context.scene.name === 'The Ice-Cream Shop') {
        const epoch = Number(context.seed.split('-').at(-2));
        const entry = byEpoch.get(epoch) ?? { tokens: [], prompt: [], memories: 0, relationships: 0 };
        entry.tokens.push(result.promptTokens);
        entry.prompt.push(buildPrompt(context).reduce((n, m) => n + estimateTokens(m.text), 0));
        entry.memories = Math.max(entry.memories, context.memories?.length ?? 0);
        entry.relationships = Math.max(entry.relationships, context.relationships?.length ?? 0);
        byEpoch.set(epoch, entry);
        // Conversation `last` is complete once the next one speaks.
        if (epoch > last) done();
      }
      return result;
    },
  };
  const container = await createContainer(config, { logger, llm });
  const em = container.orm.em.fork();
  for (const scene of await em.find(SceneEntity, { slug: { $ne: SCENE_SLUG } })) await pauseScene(container, scene.id, 'bench');
  const worker = createWorker(container);
  await worker.start();
  await finished;
  await worker.stop();
  await container.stop();
  return conversations.map((conversation) => {
    const entry = byEpoch.get(conversation) ?? { tokens: [], prompt: [], memories: 0, relationships: 0 };
    const t = entry.tokens;
    const p = entry.prompt;
    return {
      conversation,
      turns: t.length,
      // The turn prompt as built (estimate): what the bound is about.
      promptFirst: p[0] ?? Number.NaN,
      promptMean: round(p.reduce((a, b) => a + b, 0) / Math.max(1, p.length), 1),
      promptMax: Math.max(...p),
      // What the model call reported in all (with tool rounds, several requests per turn).
      reportedMean: round(t.reduce((a, b) => a + b, 0) / Math.max(1, t.length), 1),
      reportedMax: Math.max(...t),
      memoriesInPrompt: entry.memories,
      relationshipsInPrompt: entry.relationships,
    };
  });
}
