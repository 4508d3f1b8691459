import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageEntity, ModerationActionEntity } from '../../src/adapters/db/entities.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { schema } from '../../src/graphql/schema/index.js';
import { AUDITED_MUTATIONS, PUBLIC_MUTATIONS } from '../../src/graphql/schema/moderationLog.js';
import { waitFor } from '../support/collect.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/** Named moderators (MODERATOR_TOKENS name:token pairs) and the moderation log. */
const ALICE = 'alice-token-0123456789abcdef';
const PLAIN = 'plain-token-0123456789abcdef';
type Result<T> = { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
interface Entry {
  id: string;
  at: number;
  moderator: string;
  action: string;
  sceneId: string | null;
  proposalId: string | null;
  messageId: string | null;
  reason: string | null;
  detail: string | null;
}
type Log = { moderationLog: { nodes: Entry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

const LOG = `query ($first: Int, $after: String, $sceneId: ID) {
  moderationLog(first: $first, after: $after, sceneId: $sceneId) {
    nodes { id at moderator action sceneId proposalId messageId reason detail }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('MODERATOR_TOKENS', () => {
  it('takes name:token pairs and plain tokens (named moderator-N by position)', () => {
    const config = loadConfig({ MODERATOR_TOKENS: `alice:${ALICE}, ${PLAIN}, bob.smith:${'b'.repeat(16)}` });
    expect(config.moderators).toEqual([
      { name: 'alice', token: ALICE },
      { name: 'moderator-2', token: PLAIN },
      { name: 'bob.smith', token: 'b'.repeat(16) },
    ]);
  });

  it('refuses short tokens, a name twice and a token twice', () => {
    expect(() => loadConfig({ MODERATOR_TOKENS: 'alice:short' })).toThrow(/at least 16 characters \(moderator alice\)/);
    expect(() => loadConfig({ MODERATOR_TOKENS: `alice:${ALICE},alice:${PLAIN}` })).toThrow(/alice given twice/);
    expect(() => loadConfig({ MODERATOR_TOKENS: `alice:${ALICE},bob:${ALICE}` })).toThrow(ConfigError);
  });

  it('every mutation except the public ones is audited', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields());
    expect(mutations.filter((m) => !PUBLIC_MUTATIONS.includes(m)).sort()).toEqual([...AUDITED_MUTATIONS].sort());
  });
});

describe('the moderation log', () => {
  let server: TestServer;
  let sceneId: string;
  let otherSceneId: string;
  const em = () => server.container.orm.em.fork();
  const post = async <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<Result<T>> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Result<T>;
  };

  beforeAll(async () => {
    server = await startTestServer({ MODERATOR_TOKENS: `alice:${ALICE},${PLAIN}`, RUN_WITHOUT_VIEWERS: 'true' });
    const scenes = (await post<{ scenes: { id: string; slug: string }[] }>('{ scenes { id slug } }')).data!.scenes;
    sceneId = scenes[0]!.id;
    otherSceneId = scenes[1]!.id;
    await waitFor(async () => (await em().count(MessageEntity, { sceneId })) >= 1);
  });
  afterAll(() => server.stop());

  it('records who did what, to what and why, newest first; failed actions record nothing', async () => {
    const pause = await post(
      `mutation ($id: ID!) { pauseScene(input: { sceneId: $id, reason: "tea break" }) { status } }`,
      { id: sceneId },
      ALICE,
    );
    expect(pause.errors).toBeUndefined();
    await post(`mutation ($id: ID!) { setScenePace(input: { sceneId: $id, pace: 2 }) { pace } }`, { id: otherSceneId }, PLAIN);
    const message = await em().findOneOrFail(MessageEntity, { sceneId }, { orderBy: { id: 'asc' } });
    await post(
      `mutation ($id: ID!) { hideMessage(input: { messageId: $id, reason: "off-topic" }) { hidden } }`,
      { id: String(message.id) },
      ALICE,
    );
    const proposed = await post<{ proposeScene: { id: string } }>(
      `mutation { proposeScene(input: { name: "Tea time", description: "Two friends share tea.", proposer: "ann",
        characters: [{ name: "Ann", colour: "#aa3344", persona: "A kind gardener." }, { name: "Bo", colour: "#3344aa", persona: "A grumpy baker." }] }) { id } }`,
    );
    const proposalId = proposed.data!.proposeScene.id;
    await post(
      `mutation ($id: ID!) { rejectProposal(input: { proposalId: $id, reason: "duplicate" }) { status } }`,
      { id: proposalId },
      PLAIN,
    );
    // Refused or failed: an approve after the reject, an unknown scene, no token at all.
    expect(
      (await post(`mutation ($id: ID!) { approveProposal(input: { proposalId: $id }) { status } }`, { id: proposalId }, PLAIN)).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await post(`mutation { resumeScene(input: { sceneId: "nope" }) { status } }`, {}, ALICE)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await post(`mutation ($id: ID!) { resumeScene(input: { sceneId: $id }) { status } }`, { id: sceneId })).errors?.[0]?.extensions
        ?.code,
    ).toBe('UNAUTHENTICATED');

    const log = (await post<Log>(LOG, {}, ALICE)).data!.moderationLog;
    const rows = log.nodes.map((n) => [n.moderator, n.action, n.sceneId, n.proposalId, n.messageId, n.reason, n.detail]);
    expect(rows).toEqual([
      ['moderator-2', 'REJECT_PROPOSAL', null, proposalId, null, 'duplicate', null],
      ['alice', 'HIDE_MESSAGE', sceneId, null, String(message.id), 'off-topic', null],
      ['moderator-2', 'SET_SCENE_PACE', otherSceneId, null, null, null, 'pace 2'],
      ['alice', 'PAUSE_SCENE', sceneId, null, null, 'tea break', null],
    ]);
    const times = log.nodes.map((n) => n.at);
    expect(times.every((t) => Math.abs(Date.now() - t) < 60_000)).toBe(true);
    expect(log.pageInfo.hasNextPage).toBe(false);
    // The token itself is never stored.
    const stored = JSON.stringify(await em().find(ModerationActionEntity, {}));
    expect(stored).not.toContain(ALICE);
    expect(stored).not.toContain(PLAIN);
  });

  it('filters by scene and pages with a cursor', async () => {
    const onScene = (await post<Log>(LOG, { sceneId }, PLAIN)).data!.moderationLog.nodes.map((n) => n.action);
    expect(onScene).toEqual(['HIDE_MESSAGE', 'PAUSE_SCENE']);
    const first = (await post<Log>(LOG, { first: 3 }, ALICE)).data!.moderationLog;
    expect(first.nodes).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await post<Log>(LOG, { first: 3, after: first.pageInfo.endCursor }, ALICE)).data!.moderationLog;
    expect(next.nodes.map((n) => n.action)).toEqual(['PAUSE_SCENE']);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  it('is for moderators only and validates its arguments', async () => {
    expect((await post(LOG)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await post<Log>(LOG, {}, 'wrong-token-0123456789abcdef')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const variables of [
      { first: 0 },
      { first: 101 },
      { after: 'garbage' },
      { after: Buffer.from('log:x').toString('base64url') },
      { after: 'x'.repeat(500) },
      { sceneId: 'x'.repeat(65) },
    ]) {
      expect((await post<Log>(LOG, variables, ALICE)).errors?.[0]?.extensions?.code, JSON.stringify(variables).slice(0, 40)).toBe(
        'BAD_INPUT',
      );
    }
  });

  it('names the moderator of a graphql-ws connection too', async () => {
    const { createClient } = await import('graphql-ws');
    const { default: WebSocket } = await import('ws');
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${ALICE}` },
    });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        client.subscribe(
          { query: `mutation { resumeScene(input: { sceneId: "${sceneId}" }) { status } }` },
          { next: resolve, error: reject, complete: () => {} },
        );
      });
      expect(result).toMatchObject({ data: { resumeScene: { status: 'RUNNING' } } });
    } finally {
      await client.dispose();
    }
    const newest = (await post<Log>(LOG, { first: 1 }, PLAIN)).data!.moderationLog.nodes[0]!;
    expect([newest.moderator, newest.action, newest.sceneId]).toEqual(['alice', 'RESUME_SCENE', sceneId]);
  });
});
