import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CharacterEntity, MemoryEntity, MessageEntity, SceneEntity } from '../../src/adapters/db/entities.js';
import { createLlm } from '../../src/adapters/llm/index.js';
import { loadConfig } from '../../src/config.js';
import { createContainer, type Container } from '../../src/container.js';
import { buildServer } from '../../src/http/server.js';
import type { Llm } from '../../src/ports/llm.js';
import { consolidate } from '../../src/services/memoryConsolidation.js';
import { resetSceneMemories } from '../../src/services/memoryModeration.js';
import { rememberConversation } from '../../src/services/memoryWrite.js';
import { hideMessage } from '../../src/services/moderation.js';
import { restartScene } from '../../src/services/sceneControl.js';
import { FAST_ENV } from '../support/testServer.js';

/**
 * Issue 22, as a property: whatever the order of lines, memory writes, consolidations, hides
 * (also while a model is writing) and resets, no text a viewer can read (memories, views and
 * messages over GraphQL without a token), no stored running summary and no prompt made after a
 * hide holds the hidden line. Each line carries a made-up word no other line has, so "holds the
 * line" is "holds its word". Real services on SQLite; the scripted model writes memories and
 * reflections, and its turns say the lines the test gives it.
 */

type Action =
  | { kind: 'line'; shape: number }
  | { kind: 'remember' }
  | { kind: 'consolidate' }
  | { kind: 'hide'; pick: number }
  | { kind: 'hideDuringNextCall'; pick: number }
  | { kind: 'reset'; keepMemories: boolean };

const hides: fc.Arbitrary<Action> = fc.oneof(
  fc.nat(50).map((pick) => ({ kind: 'hide' as const, pick })),
  fc.nat(50).map((pick) => ({ kind: 'hideDuringNextCall' as const, pick })),
);
/** During a conversation: mostly lines, sometimes a hide (now or inside the next model call) or a consolidation. */
const step: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(2).map((shape) => ({ kind: 'line' as const, shape })) },
  { weight: 2, arbitrary: hides },
  { weight: 1, arbitrary: fc.constant({ kind: 'consolidate' as const }) },
);
/** How a conversation ends: remembered (as the loop does), or reset by a moderator with or without memories. */
const ending: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'remember' as const }) },
  { weight: 1, arbitrary: fc.boolean().map((forget) => ({ kind: 'reset' as const, keepMemories: !forget })) },
);
/**
 * Any order of the operations, shaped like a stage's life so that runs reach memories and
 * reflections: a few conversations of steps, each with its ending, then hides of what is left.
 */
const actions: fc.Arbitrary<Action[]> = fc
  .tuple(
    fc.array(fc.tuple(fc.array(step, { minLength: 2, maxLength: 7 }), ending), { minLength: 2, maxLength: 4 }),
    fc.array(hides, { maxLength: 4 }),
  )
  .map(([conversations, after]) => [...conversations.flatMap(([steps, end]) => [...steps, end]), ...after]);

/** Small bounds, so a few conversations already consolidate into reflections. */
const STORE_LIMITS = { store: 3, keepRecent: 1, batch: 2 };
const CARDS = `query ($id: ID!) {
  scene(id: $id) { epoch characters { memories(first: 100) { nodes { text } } relationships { view } } }
}`;
const MESSAGES = `query ($id: ID!, $epoch: Int!) { messages(sceneId: $id, epoch: $epoch, first: 100) { nodes { content thoughts } } }`;

/** A word no dictionary has, letters only (so summaries and the scripted writer take it for a topic). */
function madeUpWord(n: number): string {
  let word = '';
  for (let i = n; i > 0 || word.length < 3; i = Math.floor(i / 26)) word = String.fromCharCode(97 + (i % 26)) + word;
  return `aqz${word}x`;
}

describe('a hidden line is gone from everything derived from it (property, SQLite)', () => {
  const clock = { t: Date.UTC(2026, 11, 2, 9, 0), now: () => clock.t };
  let container: Container;
  let stopServer: () => Promise<void>;
  let url = '';
  let sceneId = '';

  /** Made-up words of the lines hidden so far; the next line's text; a hide to run inside the next model call. */
  const hidden = new Set<string>();
  let nextLine = '';
  let armed: (() => Promise<void>) | null = null;
  /** The conversation this run started with: earlier runs' lines are left alone (and no longer checked). */
  let firstEpoch = 1;
  /** Every model call: what it was given, and which words were hidden when it was made. */
  const calls: { text: string; hiddenThen: string[] }[] = [];
  /** Hides of a line quoted by a memory, by a reflection, or folded into the summary. */
  const seen = { quoted: 0, reflected: 0, summarised: 0 };

  const inner = createLlm(loadConfig({}).llm, pino({ level: 'silent' }));
  async function called(context: unknown): Promise<void> {
    calls.push({ text: JSON.stringify(context).toLowerCase(), hiddenThen: [...hidden] });
    const hide = armed;
    armed = null;
    await hide?.();
  }
  const llm: Llm = {
    defaultModel: inner.defaultModel,
    async generateTurn(context, signal) {
      await called(context);
      const result = await inner.generateTurn(context, signal);
      return { ...result, reply: { ...result.reply, content: nextLine, thoughts: 'I should say something.', endConversation: false } };
    },
    async writeMemories(context, signal) {
      await called(context);
      return inner.writeMemories!(context, signal);
    },
    async reflect(context, signal) {
      await called(context);
      return inner.reflect!(context, signal);
    },
  };

  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  };
  const scene = () => container.orm.em.fork().findOneOrFail(SceneEntity, { id: sceneId });
  const deps = () => ({ ...container, storeLimits: STORE_LIMITS });

  /** Hide the `pick`-th visible line of this run (any of its conversations), if there is one. */
  async function hide(pick: number): Promise<void> {
    const visible = await container.orm.em
      .fork()
      .find(MessageEntity, { sceneId, hidden: false, epoch: { $gte: firstEpoch } }, { orderBy: { id: 'asc' } });
    const line = visible[pick % Math.max(1, visible.length)];
    if (!line) return;
    const word = /aqz[a-z]+x/.exec(line.content)?.[0];
    if (word) hidden.add(word);
    // What the hide has to take away, counted so the property is known not to hold vacuously.
    const em = container.orm.em.fork();
    const quoting = word ? await em.find(MemoryEntity, { sceneId, text: { $like: `%${word}%` } }) : [];
    if (quoting.length) seen.quoted++;
    if (quoting.some((m) => m.kind === 'REFLECTION')) seen.reflected++;
    if (word && (await scene()).summary.includes(word)) seen.summarised++;
    await hideMessage(container, line.id, 'property test');
  }

  async function say(shape: number, n: number): Promise<void> {
    const word = madeUpWord(n);
    nextLine = [`Have you ever seen the ${word} by the harbour?`, `Yes, the ${word} is lovely today.`, `I found a ${word} near the well.`][
      shape
    ]!;
    const s = await scene();
    const before = await container.orm.em.fork().count(MessageEntity, { sceneId, epoch: s.epoch });
    clock.t += 20_000;
    await container.loop.handle({
      id: `turn-${sceneId}-${s.epoch}-${s.nextTurn}`,
      name: 'turn',
      data: { sceneId, epoch: s.epoch, turn: s.nextTurn },
      attemptsMade: 0,
      signal: new AbortController().signal,
    });
    expect(await container.orm.em.fork().count(MessageEntity, { sceneId, epoch: s.epoch })).toBe(before + 1);
  }

  async function perform(a: Action, n: number): Promise<void> {
    const s = await scene();
    switch (a.kind) {
      case 'line':
        return say(a.shape, n);
      case 'remember':
        // The conversation ends, everyone remembers it, the next one starts (as the loop does).
        clock.t += 60_000;
        await rememberConversation(deps(), sceneId, s.epoch);
        await restartScene(container, sceneId, 'RESET');
        return;
      case 'consolidate':
        for (const c of await container.orm.em.fork().find(CharacterEntity, { sceneId })) await consolidate(deps(), c, s.epoch);
        return;
      case 'hide':
        return hide(a.pick);
      case 'hideDuringNextCall':
        armed = () => hide(a.pick);
        return;
      case 'reset':
        if (!a.keepMemories) await resetSceneMemories(container, sceneId);
        await restartScene(container, sceneId, 'RESET');
        return;
    }
  }

  /** Nothing readable holds a hidden word: viewers' memories, views and messages, the stored summary, prompts made since. */
  async function check(): Promise<void> {
    const words = [...hidden];
    const holds = (text: string, among: string[] = words) => among.filter((w) => text.toLowerCase().includes(w));
    const cards = await gql(CARDS, { id: sceneId });
    expect(holds(JSON.stringify(cards.scene.characters))).toEqual([]);
    for (let epoch = firstEpoch; epoch <= cards.scene.epoch; epoch++)
      expect(holds(JSON.stringify(await gql(MESSAGES, { id: sceneId, epoch })))).toEqual([]);
    expect(holds((await scene()).summary)).toEqual([]);
    for (const call of calls) expect(holds(call.text, call.hiddenThen)).toEqual([]);
  }

  beforeAll(async () => {
    const config = loadConfig({
      ...FAST_ENV,
      // In memory: the same SQLite, without a disk sync per commit, so the runs stay well under a minute.
      DATABASE_URL: 'sqlite::memory:',
      RUN_WITHOUT_VIEWERS: 'true',
      MAX_MESSAGES: '100000',
      PROMPT_RECENT_LINES: '1',
    });
    container = await createContainer(config, { clock, llm, embedder: null, logger: pino({ level: 'silent' }) });
    // No worker: the test runs every step itself, in the order it chose.
    const server = buildServer(container);
    url = `http://127.0.0.1:${await server.start(0, '127.0.0.1')}/graphql`;
    stopServer = async () => {
      await server.stop();
      await container.stop();
    };
    sceneId = (await container.orm.em.fork().find(SceneEntity, {}, { orderBy: { sortOrder: 'asc' }, limit: 1 }))[0]!.id;
  });
  afterAll(async () => {
    await stopServer?.();
  });

  it('no viewer-readable text and no later prompt contains a hidden line, whatever the order', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(actions, async (run) => {
        // Each run starts from a fresh conversation with nobody remembering anything.
        await resetSceneMemories(container, sceneId);
        await restartScene(container, sceneId, 'RESET');
        armed = null;
        firstEpoch = (await scene()).epoch;
        hidden.clear();
        calls.length = 0;
        for (const a of run) {
          await perform(a, n++);
          // What a line changes (the line, the summary, the prompt) stays until the next check.
          if (a.kind !== 'line') await check();
        }
        // A hide still waiting for a model call happens now.
        const pending = armed as (() => Promise<void>) | null;
        armed = null;
        await pending?.();
        await check();
      }),
      { seed: 2222, numRuns: 15, endOnFailure: true },
    );
    expect(seen.quoted).toBeGreaterThan(3);
    expect(seen.reflected).toBeGreaterThan(0);
    expect(seen.summarised).toBeGreaterThan(0);
  }, 120_000);
});
