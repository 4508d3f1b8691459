import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageEntity, SceneEntity } from '../../src/adapters/db/entities.js';
import { collect, waitFor } from '../support/collect.js';
import { watchLoop } from '../support/loopWatch.js';
import { recordingLlm } from '../support/recordingLlm.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const TOKEN = 'moderator-token-for-tests-0123456789';

const EVENTS = /* GraphQL */ `
  subscription ($sceneId: ID!, $afterSeq: Int) {
    sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {
      __typename
      seq
      epoch
      ... on MessagePosted {
        message {
          id
          turn
          content
          hidden
          hiddenReason
        }
      }
      ... on MessageHidden {
        messageId
        hiddenReason
      }
      ... on ConversationStarted {
        reason
      }
      ... on NarrationInjected {
        text
      }
      ... on BudgetExhausted {
        scope
        resumesAt
      }
      ... on NextSceneStarted {
        nextSceneId
        nextSceneSlug
      }
    }
  }
`;
type Ev = { sceneEvents: { __typename: string; seq: number; epoch: number; [k: string]: any } };

describe('what moderators do, as viewers see it', () => {
  let server: TestServer;
  let loopWatch: ReturnType<typeof watchLoop>;
  const recorder = recordingLlm();
  const scenes: Record<string, { id: string; name: string }> = {};
  const em = () => server.container.orm.em.fork();
  const post = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
  };
  const asMod = (query: string, variables: Record<string, unknown> = {}) => post(query, variables, { authorization: `Bearer ${TOKEN}` });
  /** Follow a scene from its current seq (as a client does after loading it) until an event of `type` arrives. */
  const watch = async (sceneId: string, type: string) => {
    const { lastSeq } = (await post('query($id: ID!) { scene(id: $id) { lastSeq } }', { id: sceneId })).data!.scene;
    return {
      result: collect<Ev>(server.wsClient(), EVENTS, { sceneId, afterSeq: lastSeq }, (items) =>
        items.some((i) => i.sceneEvents.__typename === type),
      ),
    };
  };

  /** Two more passes of the sweeper: it wakes every scene that is not paused (this one never is) on each. */
  const twoSweeps = async () => {
    const { id } = scenes['ice-cream-shop']!;
    const from = loopWatch.wakes(id);
    await waitFor(() => loopWatch.wakes(id) >= from + 2);
  };

  beforeAll(async () => {
    server = await startTestServer(
      { MODERATOR_TOKENS: TOKEN, RUN_WITHOUT_VIEWERS: 'true', BUDGET_SCENE_WINDOW_MS: '5000' },
      { llm: recorder.llm },
      (container) => (loopWatch = watchLoop(container)),
    );
    for (const s of (await post('{ scenes { id slug name } }')).data!.scenes) scenes[s.slug] = s;
  });
  afterAll(() => server.stop());

  it('pause really stops model calls; resume continues', async () => {
    const { id, name } = scenes['observatory-night']!;
    await waitFor(() => recorder.callsFor(name) >= 2);
    expect(
      (await asMod('mutation($id: ID!) { pauseScene(input: { sceneId: $id, reason: "tea break" }) { status statusReason } }', { id })).data!
        .pauseScene,
    ).toEqual({ status: 'PAUSED', statusReason: 'tea break' });
    // A turn already in flight comes back and is dropped: then the scene has no job left.
    await waitFor(() => loopWatch.settled(id));
    const calls = recorder.callsFor(name);
    await twoSweeps();
    expect(loopWatch.settled(id)).toBe(true);
    expect(recorder.callsFor(name)).toBe(calls);
    await asMod('mutation($id: ID!) { resumeScene(input: { sceneId: $id }) { status } }', { id });
    await waitFor(() => recorder.callsFor(name) > calls);
  });

  it('reset starts a new epoch and live viewers see it', async () => {
    const { id } = scenes['observatory-night']!;
    const before = (await em().findOneOrFail(SceneEntity, { id })).epoch;
    const watching = (await watch(id, 'ConversationStarted')).result;
    const res = await asMod('mutation($id: ID!) { resetScene(input: { sceneId: $id }) { epoch turn } }', { id });
    expect(res.data!.resetScene).toEqual({ epoch: before + 1, turn: 0 });
    const { items, errors } = await watching;
    expect(errors).toEqual([]);
    const started = items.find((i) => i.sceneEvents.__typename === 'ConversationStarted')!;
    expect(started.sceneEvents).toMatchObject({ reason: 'RESET', epoch: before + 1 });
  });

  it('a hidden message disappears from live viewers and from replays; moderators still see it', async () => {
    const { id } = scenes['lost-luggage']!;
    await waitFor(async () => (await em().count(MessageEntity, { sceneId: id })) >= 2);
    const target = await em().findOneOrFail(MessageEntity, { sceneId: id }, { orderBy: { id: 'asc' } });
    const live = (await watch(id, 'MessageHidden')).result;
    await asMod('mutation($m: ID!) { hideMessage(input: { messageId: $m, reason: "off-topic" }) { hidden hiddenReason } }', {
      m: String(target.id),
    });
    const hiddenEvent = (await live).items.find((i) => i.sceneEvents.__typename === 'MessageHidden')!;
    expect(hiddenEvent.sceneEvents).toMatchObject({ messageId: String(target.id), hiddenReason: null });

    const replay = await collect<Ev>(server.wsClient(), EVENTS, { sceneId: id, afterSeq: 0 }, (items) => items.length >= 6);
    const posted = replay.items.find((i) => i.sceneEvents.message?.id === String(target.id))!;
    expect(posted.sceneEvents.message).toMatchObject({ hidden: true, content: '', hiddenReason: null });
    expect(JSON.stringify(replay.items)).not.toContain(target.content);

    const q = 'query($id: ID!, $e: Int) { messages(sceneId: $id, epoch: $e, first: 100) { nodes { id hidden hiddenReason } } }';
    const viewerPage = await post(q, { id, e: target.epoch });
    expect(viewerPage.data!.messages.nodes.map((n: { id: string }) => n.id)).not.toContain(String(target.id));
    const modPage = await asMod(q, { id, e: target.epoch });
    expect(modPage.data!.messages.nodes.find((n: { id: string }) => n.id === String(target.id))).toEqual({
      id: String(target.id),
      hidden: true,
      hiddenReason: 'off-topic',
    });
  });

  it('narration reaches viewers and the next speaker', async () => {
    const { id, name } = scenes['lost-luggage']!;
    const live = (await watch(id, 'NarrationInjected')).result;
    await asMod('mutation($id: ID!) { injectNarration(input: { sceneId: $id, text: "The lights flicker." }) { id } }', { id });
    expect((await live).items.some((i) => i.sceneEvents.text === 'The lights flicker.')).toBe(true);
    await waitFor(() => recorder.contexts.some((c) => c.scene.name === name && c.narration.includes('The lights flicker.')));
  });

  it('narration given during the cooldown opens the next conversation', async () => {
    const { id, name } = scenes['ice-cream-shop']!;
    await asMod('mutation($id: ID!) { endScene(input: { sceneId: $id, reason: "closing" }) { status } }', { id });
    const heard = recorder.contexts.length;
    await asMod('mutation($id: ID!) { injectNarration(input: { sceneId: $id, text: "A new morning begins." }) { id } }', { id });
    await waitFor(() => recorder.contexts.slice(heard).some((c) => c.scene.name === name && c.narration.includes('A new morning begins.')));
  });

  it('an exhausted budget stops calls and resumes later by itself', async () => {
    const { id, name } = scenes['rooftop-garden']!;
    await waitFor(() => recorder.callsFor(name) >= 1);
    const live = (await watch(id, 'BudgetExhausted')).result;
    await asMod('mutation($id: ID!) { setSceneBudget(input: { sceneId: $id, tokensPerHour: 1 }) { tokenBudgetPerHour } }', { id });
    const exhausted = (await live).items.find((i) => i.sceneEvents.__typename === 'BudgetExhausted')!;
    expect(exhausted.sceneEvents.scope).toBe('SCENE');
    // The scene's turn is parked (deferred until the window allows), nothing of it runs.
    await waitFor(() => loopWatch.settled(id));
    const calls = recorder.callsFor(name);
    const status = await post('query($id: ID!) { scene(id: $id) { statusReason tokensThisHour } }', { id });
    expect(status.data!.scene.statusReason).toMatch(/budget is spent/);
    await twoSweeps();
    expect(loopWatch.settled(id)).toBe(true);
    expect(recorder.callsFor(name)).toBe(calls);
    // The window (5 s: long enough that a loaded box cannot reach its end during the checks above) slides past the spent tokens: the scene goes on without anyone's help.
    await waitFor(() => recorder.callsFor(name) > calls, 20_000);
    await waitFor(async () => (await em().findOneOrFail(SceneEntity, { id })).statusReason === null, 20_000);
  });
});
