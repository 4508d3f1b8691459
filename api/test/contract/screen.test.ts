import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { turnRegistry } from '../../src/adapters/metrics.js';
import { combineScreens } from '../../src/adapters/screen/combined.js';
import { createOpenAiModerationScreen } from '../../src/adapters/screen/openaiModeration.js';
import { createWordListScreen } from '../../src/adapters/screen/wordList.js';
import { SCREEN_UNAVAILABLE } from '../../src/ports/screen.js';
import { apiError, moderationHandler, moderationRequest, startFakeOpenAi, type FakeOpenAi } from '../support/fakeOpenAi.js';
import { captureLogs } from '../support/logCapture.js';
import { screenContract } from './screen.contract.js';

const PROFANE = 'What the fuck is this clock?';
const flagsProfanity = moderationHandler((text) => (/fuck/i.test(text) ? ['harassment'] : []));

const openAiScreen = (server: FakeOpenAi, timeoutMs = 2_000, logger = pino({ level: 'silent' })) =>
  createOpenAiModerationScreen({ baseUrl: server.url, apiKey: 'sk-test', model: 'omni-moderation-latest', timeoutMs, logger });

/** The failure counter's value for the OpenAI screen and `reason`. */
async function failures(reason: string): Promise<number> {
  const metric = await turnRegistry.getSingleMetric('pixeltales_screen_failures_total')!.get();
  return metric.values.find((v) => v.labels.screen === 'openai' && v.labels.reason === reason)?.value ?? 0;
}

screenContract('wordlist', async () => ({ screen: createWordListScreen({ terms: ['tomato'] }), flagged: PROFANE }));

screenContract('openai', async () => {
  const server = await startFakeOpenAi(flagsProfanity);
  return { screen: openAiScreen(server), flagged: PROFANE, close: () => server.close() };
});

screenContract('wordlist+openai', async () => {
  const server = await startFakeOpenAi(moderationHandler((text) => (/menace/i.test(text) ? ['harassment'] : [])));
  const screen = combineScreens([createWordListScreen(), openAiScreen(server)]);
  return { screen, flagged: 'You are a menace to every clock.', close: () => server.close() };
});

describe('OpenAI moderation screen', () => {
  const servers: FakeOpenAi[] = [];
  const start = async (...args: Parameters<typeof startFakeOpenAi>) => {
    const server = await startFakeOpenAi(...args);
    servers.push(server);
    return server;
  };
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it('sends one batch to /v1/moderations and maps flagged categories to reasons', async () => {
    const server = await start(
      moderationHandler((text) =>
        text.includes('hurt') ? ['violence', 'harassment/threatening'] : text.includes('mean') ? ['harassment'] : [],
      ),
    );
    const verdict = await openAiScreen(server).check(['fine words', 'I will hurt you', '', 'a mean thing']);
    expect(verdict.byText).toEqual([[], ['openai:violence', 'openai:harassment/threatening'], [], ['openai:harassment']]);
    expect(verdict.flagged).toBe(true);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.path).toBe('/v1/moderations');
    expect(request!.headers.authorization).toBe('Bearer sk-test');
    // The empty text is not sent; the answer still lines up with the batch.
    expect(moderationRequest(request!)).toEqual({
      model: 'omni-moderation-latest',
      input: ['fine words', 'I will hurt you', 'a mean thing'],
    });
  });

  it('fails closed on a 500: every text held as screen-unavailable, counted, warned without the text', async () => {
    const server = await start([apiError(500, 'upstream down')]);
    const logs = captureLogs();
    const before = await failures('status');
    const verdict = await openAiScreen(server, 2_000, logs.logger).check(['secret words one', 'two']);
    expect(verdict).toEqual({ flagged: true, reasons: [SCREEN_UNAVAILABLE], byText: [[SCREEN_UNAVAILABLE], [SCREEN_UNAVAILABLE]] });
    expect(await failures('status')).toBe(before + 1);
    expect(logs.lines.filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
    expect(logs.lines.some((l) => l.level === 40 && l.status === 500)).toBe(true);
    expect(logs.text()).not.toContain('secret words');
  });

  it('fails closed on a timeout', async () => {
    const server = await start([{ hang: true }]);
    const before = await failures('timeout');
    const started = Date.now();
    const verdict = await openAiScreen(server, 150).check(['hello']);
    expect(verdict.byText).toEqual([[SCREEN_UNAVAILABLE]]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await failures('timeout')).toBe(before + 1);
  });

  it('fails closed on an answer that does not fit the batch, and on an unreachable server', async () => {
    const server = await start([{ body: { results: [] } }, { body: 'not json' }]);
    const before = await failures('response');
    expect((await openAiScreen(server).check(['a', 'b'])).byText).toEqual([[SCREEN_UNAVAILABLE], [SCREEN_UNAVAILABLE]]);
    expect((await openAiScreen(server).check(['a'])).byText).toEqual([[SCREEN_UNAVAILABLE]]);
    expect(await failures('response')).toBe(before + 1);
    const gone = await startFakeOpenAi([]);
    await gone.close();
    const network = await failures('network');
    expect((await openAiScreen(gone).check(['a'])).reasons).toEqual([SCREEN_UNAVAILABLE]);
    expect(await failures('network')).toBe(network + 1);
  });

  it('behind the word list: what the list catches never reaches OpenAI, the rest does', async () => {
    const server = await start(flagsProfanity);
    const screen = combineScreens([createWordListScreen({ terms: ['tomato'] }), openAiScreen(server)]);
    expect(screen.kind).toBe('wordlist+openai');
    expect((await screen.check(['Tomatoes again', 'fine'])).byText).toEqual([['term:tomato'], []]);
    expect(server.requests).toHaveLength(0);
    expect((await screen.check(['fine', 'clean'])).flagged).toBe(false);
    expect(server.requests).toHaveLength(1);
  });
});
