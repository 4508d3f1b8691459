import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CharacterEntity, MemoryCallEntity, MessageEntity } from '../../src/adapters/db/entities.js';
import { waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * A conversation ends and its characters write memories with the (scripted) model, which reports
 * token usage: over GraphQL, `stats`, `usage`, `characterStats` and the scene's budget window show
 * those tokens under their scene, model and character, and the cost includes them.
 */
type Result = { data?: Record<string, any>; errors?: { message: string }[] };
const DAY = 86_400_000;
/** Per million tokens: scripted calls cost something here, so the cost must add up. */
const PRICE = { input: 3, output: 7 };
const cost = (p: number, c: number) => (p * PRICE.input + c * PRICE.output) / 1_000_000;

const TOTALS = 'turns promptTokens completionTokens memoryCalls memoryPromptTokens memoryCompletionTokens estimatedCostUsd memoryCostUsd';
const QUERY = `query ($sceneId: ID!, $since: Timestamp!, $until: Timestamp!) {
  stats { ${TOTALS} byScene { sceneId ${TOTALS} } byModel { model ${TOTALS} } }
  usage(bucket: DAY, since: $since, until: $until, sceneId: $sceneId) {
    buckets { turns promptTokens completionTokens memoryCalls memoryPromptTokens memoryCompletionTokens costUsd memoryCostUsd }
  }
  characterStats(since: $since, until: $until, sceneId: $sceneId) { characterId lines memoryPromptTokens memoryCompletionTokens }
  scene(id: $sceneId) { tokensThisHour }
}`;

describe('memory tokens over GraphQL (SQLite, scripted model)', () => {
  let server: TestServer;
  let sceneId: string;
  const em = () => server.container.orm.em.fork();
  const post = async (query: string, variables: Record<string, unknown> = {}): Promise<Result> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Result;
  };

  beforeAll(async () => {
    server = await startTestServer({
      RUN_WITHOUT_VIEWERS: 'true',
      MAX_MESSAGES: '6',
      LLM_PRICES: `scripted:${PRICE.input}:${PRICE.output}`,
    });
    sceneId = ((await post('{ scenes { id } }')).data!.scenes as { id: string }[])[0]!.id;
    const cast = await em().count(CharacterEntity, { sceneId });
    await waitFor(async () => (await em().count(MemoryCallEntity, { sceneId, kind: 'MEMORY' })) >= cast, 60_000);
  }, 90_000);
  afterAll(() => server.stop());

  it('shows the memory calls under their scene, model and character, in the cost and the budget window', async () => {
    const calls = await em().find(MemoryCallEntity, { sceneId });
    const lines = await em().find(MessageEntity, { sceneId });
    const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((n, r) => n + f(r), 0);
    const memory = { calls: calls.length, p: sum(calls, (c) => c.promptTokens), c: sum(calls, (c) => c.completionTokens) };
    const turns = { n: lines.length, p: sum(lines, (l) => l.promptTokens), c: sum(lines, (l) => l.completionTokens) };
    expect(memory.p).toBeGreaterThan(0);
    expect(memory.c).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c.model))).toEqual(new Set(['scripted']));

    const since = Math.floor(Date.now() / DAY) * DAY - DAY;
    const res = await post(QUERY, { sceneId, since, until: since + 3 * DAY });
    expect(res.errors).toBeUndefined();
    const { stats, usage, characterStats, scene } = res.data!;

    const expected = {
      turns: turns.n,
      promptTokens: turns.p,
      completionTokens: turns.c,
      memoryCalls: memory.calls,
      memoryPromptTokens: memory.p,
      memoryCompletionTokens: memory.c,
    };
    const byScene = stats.byScene.find((s: { sceneId: string }) => s.sceneId === sceneId);
    expect(byScene).toMatchObject(expected);
    expect(byScene.memoryCostUsd).toBeCloseTo(cost(memory.p, memory.c), 12);
    expect(byScene.estimatedCostUsd).toBeCloseTo(cost(turns.p + memory.p, turns.c + memory.c), 12);
    const byModel = stats.byModel.find((m: { model: string }) => m.model === 'scripted');
    expect(byModel.memoryPromptTokens).toBeGreaterThanOrEqual(memory.p);
    expect(stats.memoryPromptTokens).toBeGreaterThanOrEqual(memory.p);

    const day = usage.buckets.reduce(
      (a: Record<string, number>, b: Record<string, number>) => {
        for (const k of Object.keys(a)) a[k]! += b[k]!;
        return a;
      },
      {
        turns: 0,
        promptTokens: 0,
        completionTokens: 0,
        memoryCalls: 0,
        memoryPromptTokens: 0,
        memoryCompletionTokens: 0,
        costUsd: 0,
        memoryCostUsd: 0,
      },
    );
    expect(day).toMatchObject(expected);
    expect(day.costUsd).toBeCloseTo(cost(turns.p + memory.p, turns.c + memory.c), 12);

    for (const c of characterStats as { characterId: string; memoryPromptTokens: number; memoryCompletionTokens: number }[]) {
      const own = calls.filter((r) => r.characterId === c.characterId);
      expect(own.length).toBeGreaterThan(0);
      expect(c.memoryPromptTokens).toBe(sum(own, (r) => r.promptTokens));
      expect(c.memoryCompletionTokens).toBe(sum(own, (r) => r.completionTokens));
    }
    expect(new Set(characterStats.map((c: { characterId: string }) => c.characterId))).toEqual(new Set(calls.map((c) => c.characterId)));

    // The scene's budget window holds its lines and its memory calls.
    expect(scene.tokensThisHour).toBe(turns.p + turns.c + memory.p + memory.c);
  });
});
