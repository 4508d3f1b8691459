import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageEntity, ModerationActionEntity } from '../../src/adapters/db/entities.js';
import { turnRegistry } from '../../src/adapters/metrics.js';
import { collect, waitFor } from '../support/collect.js';
import { controlledScreen } from '../support/controlledScreen.js';
import { recordingLlm } from '../support/recordingLlm.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const TOKEN = 'moderator-token-for-held-lines-0123456789';

const EVENTS = /* GraphQL */ `
  subscription Events($sceneId: ID!, $afterSeq: Int) {
    sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {
      __typename
      seq
      ... on MessagePosted {
        message {
          id
          turn
          content
          thoughts
        }
      }
    }
  }
`;
const CHANGES = /* GraphQL */ `
  subscription Changes($sceneId: ID) {
    heldLineChanged(sceneId: $sceneId) {
      sceneId
      messageId
      change
      heldCount
    }
  }
`;
const QUEUE = /* GraphQL */ `
  query Queue($sceneId: ID) {
    heldLines(sceneId: $sceneId) {
      reasons
      heldAt
      message {
        id
        turn
        content
        held
        heldReasons
      }
      context {
        turn
        content
      }
    }
  }
`;

interface Ev {
  sceneEvents: { __typename: string; seq: number; message?: { id: string; turn: number; content: string; thoughts: string } };
}
interface Change {
  heldLineChanged: { sceneId: string; messageId: string; change: string; heldCount: number };
}
type Gql = { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };

describe('held lines: the screen holds a flagged line; moderators approve or reject it', () => {
  let server: TestServer;
  let sceneId: string;
  const control = controlledScreen();
  const recorder = recordingLlm();
  const events: Ev['sceneEvents'][] = [];
  const changes: Change['heldLineChanged'][] = [];
  const em = () => server.container.orm.em.fork();
  const post = async (query: string, variables: Record<string, unknown> = {}, moderator = false): Promise<Gql> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(moderator ? { authorization: `Bearer ${TOKEN}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Gql;
  };
  const posted = () => events.filter((e) => e.__typename === 'MessagePosted');
  const modClient = () => {
    const client = server.wsClient();
    return { client, params: { connectionParams: { authorization: `Bearer ${TOKEN}` } } };
  };
  let held: { approve: string; reject: string; approveContent: string; rejectContent: string; seqBefore: number };

  beforeAll(async () => {
    // Only watched scenes run, so only the scene this test watches makes lines.
    server = await startTestServer(
      { MODERATOR_TOKENS: TOKEN, RUN_WITHOUT_VIEWERS: 'false', MODERATION_TIMEOUT_MS: '100' },
      { screen: control.screen, llm: recorder.llm },
    );
    sceneId = (await post('{ scenes { id slug } }')).data!.scenes.find((s: { slug: string }) => s.slug === 'lost-luggage').id;
    const viewer = server.wsClient();
    viewer.subscribe<Ev>(
      { query: EVENTS, variables: { sceneId, afterSeq: 0 } },
      {
        next: (r) => r.data && events.push(r.data.sceneEvents),
        error: () => {},
        complete: () => {},
      },
    );
    const { createClient } = await import('graphql-ws');
    const WebSocket = (await import('ws')).default;
    const moderator = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, ...modClient().params });
    moderator.subscribe<Change>(
      { query: CHANGES, variables: { sceneId } },
      {
        next: (r) => r.data && changes.push(r.data.heldLineChanged),
        error: () => {},
        complete: () => {},
      },
    );
    await waitFor(() => posted().length >= 2);
    // The next two lines are flagged: both held, nobody sees them.
    control.next('flag', 2);
    await waitFor(() => changes.filter((c) => c.change === 'HELD').length >= 2);
    const heldIds = changes.filter((c) => c.change === 'HELD').map((c) => c.messageId);
    const rows = await em().find(MessageEntity, { id: { $in: heldIds.map(Number) } }, { orderBy: { id: 'asc' } });
    // A clean line after them, so the stream moved on past the holds.
    await waitFor(() => posted().some((e) => Number(e.message!.id) > Number(heldIds[1])));
    held = {
      approve: String(rows[0]!.id),
      reject: String(rows[1]!.id),
      approveContent: rows[0]!.content,
      rejectContent: rows[1]!.content,
      seqBefore:
        Math.min(...events.filter((e) => e.__typename === 'MessagePosted' && Number(e.message!.id) > rows[0]!.id - 1).map((e) => e.seq)) -
        1,
    };
    void moderator.dispose();
  }, 60_000);
  afterAll(() => server.stop());

  it('stores the held line hidden with its reasons; no viewer event, no prompt carries it', async () => {
    const row = await em().findOneOrFail(MessageEntity, { id: Number(held.approve) });
    expect(row).toMatchObject({ hidden: true, heldReasons: ['term:tomato'] });
    expect(row.heldAt).toBeGreaterThan(0);
    expect(posted().map((e) => e.message!.id)).not.toContain(held.approve);
    expect(posted().map((e) => e.message!.id)).not.toContain(held.reject);
    // Every turn after the hold was written without it.
    const later = recorder.contexts.filter((c) => c.turn > row.turn && c.seed.startsWith(sceneId));
    expect(later.length).toBeGreaterThan(0);
    for (const c of later) expect(c.recent.map((l) => l.content)).not.toContain(held.approveContent);
    // The seq stream has no gap where the held lines sit.
    events.forEach((e, i) => expect(e.seq).toBe(i + 1));
  });

  it('shows moderators the queue with reasons and context; viewers are refused', async () => {
    const queue = await post(QUEUE, { sceneId }, true);
    const lines = queue.data!.heldLines as { reasons: string[]; message: { id: string; held: boolean }; context: { turn: number }[] }[];
    expect(lines.map((l) => l.message.id)).toEqual([held.approve, held.reject]);
    expect(lines[0]!.reasons).toEqual(['term:tomato']);
    expect(lines[0]!.message.held).toBe(true);
    expect(lines[0]!.context.length).toBeGreaterThan(0);
    expect((await post(QUEUE, { sceneId })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const viewerSub = await collect(server.wsClient(), CHANGES, { sceneId }, () => true, 5_000);
    expect(
      (viewerSub.errors[0] as { extensions?: { code?: string } }[])?.[0]?.extensions?.code ?? JSON.stringify(viewerSub.errors),
    ).toMatch(/UNAUTHENTICATED/);
    // Viewers' history leaves both out; moderators' shows them held.
    const history = (await post(`{ messages(sceneId: "${sceneId}", first: 100) { nodes { id held heldReasons } } }`)).data!.messages.nodes;
    expect(history.map((m: { id: string }) => m.id)).not.toContain(held.approve);
    const modHistory = (await post(`{ messages(sceneId: "${sceneId}", first: 100) { nodes { id held heldReasons } } }`, {}, true)).data!
      .messages.nodes;
    expect(modHistory.find((m: { id: string }) => m.id === held.approve)).toMatchObject({ held: true, heldReasons: ['term:tomato'] });
  });

  it('refuses bad decisions with clear codes and changes nothing', async () => {
    const approve = (id: string, moderator = true) =>
      post(`mutation($id: ID!) { approveHeldLine(input: { messageId: $id }) { id } }`, { id }, moderator);
    const before = { rows: await em().count(MessageEntity, { heldAt: { $ne: null } }), log: await em().count(ModerationActionEntity, {}) };
    const clean = posted()[0]!.message!.id;
    expect((await approve('999999')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await approve('not-a-number')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await approve(clean)).errors?.[0]?.extensions?.code).toBe('NOT_HELD');
    expect((await approve(held.approve, false)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await em().count(MessageEntity, { heldAt: { $ne: null } })).toBe(before.rows);
    expect(await em().count(ModerationActionEntity, {})).toBe(before.log);
  });

  it('approve posts the line at the end of the stream with the next seq; reject never reaches viewers', async () => {
    const approved = await post(
      `mutation($id: ID!) { approveHeldLine(input: { messageId: $id }) { id content hidden } }`,
      { id: held.approve },
      true,
    );
    expect(approved.data!.approveHeldLine).toEqual({ id: held.approve, content: held.approveContent, hidden: false });
    const rejected = await post(
      `mutation($id: ID!) { rejectHeldLine(input: { messageId: $id, reason: "about vegetables" }) { id hidden hiddenReason } }`,
      { id: held.reject },
      true,
    );
    expect(rejected.data!.rejectHeldLine).toEqual({ id: held.reject, hidden: true, hiddenReason: 'about vegetables' });
    await waitFor(() => posted().some((e) => e.message!.id === held.approve));
    const release = events.find((e) => e.message?.id === held.approve)!;
    expect(release.message!.content).toBe(held.approveContent);
    // Every event before it has a lower seq, including the lines spoken after it was held.
    expect(events.filter((e) => e.seq < release.seq).some((e) => Number(e.message?.id ?? 0) > Number(held.reject))).toBe(true);
    events.forEach((e, i) => expect(e.seq).toBe(i + 1));
    // Second decisions say what happened and change nothing.
    const again = (m: string, id: string) => post(`mutation($id: ID!) { ${m}(input: { messageId: $id }) { id } }`, { id }, true);
    expect((await again('approveHeldLine', held.approve)).errors?.[0]?.extensions?.code).toBe('ALREADY_RELEASED');
    expect((await again('rejectHeldLine', held.approve)).errors?.[0]?.extensions?.code).toBe('ALREADY_RELEASED');
    expect((await again('approveHeldLine', held.reject)).errors?.[0]?.extensions?.code).toBe('ALREADY_REJECTED');
    expect((await again('rejectHeldLine', held.reject)).errors?.[0]?.extensions?.code).toBe('ALREADY_REJECTED');
    expect(await em().findOneOrFail(MessageEntity, { id: Number(held.reject) })).toMatchObject({ hidden: true, heldAt: null });
    expect(posted().map((e) => e.message!.id)).not.toContain(held.reject);
    expect((await post(QUEUE, { sceneId }, true)).data!.heldLines).toEqual([]);
  });

  it('a stream resumed with afterSeq across the hold and the release has no gap and no duplicate', async () => {
    const release = events.find((e) => e.message?.id === held.approve)!;
    for (const afterSeq of [0, held.seqBefore, release.seq - 1]) {
      const resumed = await collect<Ev>(server.wsClient(), EVENTS, { sceneId, afterSeq }, (items) =>
        items.some((i) => i.sceneEvents.seq >= release.seq),
      );
      const seqs = resumed.items.map((i) => i.sceneEvents.seq);
      expect(seqs[0]).toBe(afterSeq + 1);
      seqs.forEach((s, i) => expect(s).toBe(afterSeq + 1 + i));
      const ids = resumed.items.flatMap((i) => (i.sceneEvents.message ? [i.sceneEvents.message.id] : []));
      expect(ids.filter((id) => id === held.approve)).toHaveLength(1);
      expect(ids).not.toContain(held.reject);
    }
  });

  it('records both decisions in the moderation log with the line text', async () => {
    const log = await post(
      `{ moderationLog(sceneId: "${sceneId}") { nodes { action messageId reason detail message { content } } } }`,
      {},
      true,
    );
    const nodes = log.data!.moderationLog.nodes as {
      action: string;
      messageId: string;
      reason: string | null;
      message: { content: string };
    }[];
    expect(nodes.find((n) => n.action === 'APPROVE_HELD_LINE')).toMatchObject({
      messageId: held.approve,
      message: { content: held.approveContent },
      detail: 'held for term:tomato',
    });
    expect(nodes.find((n) => n.action === 'REJECT_HELD_LINE')).toMatchObject({
      messageId: held.reject,
      reason: 'about vegetables',
      message: { content: held.rejectContent },
    });
  });

  it('fails closed: a screen that throws or never answers holds the line and counts it', async () => {
    const failures = async (reason: string) =>
      (await turnRegistry.getSingleMetric('pixeltales_screen_failures_total')!.get()).values.find(
        (v) => v.labels.screen === 'line' && v.labels.reason === reason,
      )?.value ?? 0;
    const before = { error: await failures('error'), timeout: await failures('timeout') };
    const moderatorChanges: Change['heldLineChanged'][] = [];
    const { createClient } = await import('graphql-ws');
    const WebSocket = (await import('ws')).default;
    const moderator = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, ...modClient().params });
    moderator.subscribe<Change>(
      { query: CHANGES, variables: {} },
      {
        next: (r) => r.data && moderatorChanges.push(r.data.heldLineChanged),
        error: () => {},
        complete: () => {},
      },
    );
    control.next('throw');
    control.next('hang');
    await waitFor(() => moderatorChanges.filter((c) => c.change === 'HELD').length >= 2);
    const rows = await em().find(MessageEntity, { heldAt: { $ne: null } }, { orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.heldReasons)).toEqual([['screen-unavailable'], ['screen-unavailable']]);
    expect(await failures('error')).toBe(before.error + 1);
    expect(await failures('timeout')).toBe(before.timeout + 1);
    expect(posted().map((e) => e.message!.id)).not.toContain(String(rows[0]!.id));
    await moderator.dispose();
  });
});
