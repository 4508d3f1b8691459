import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifact,
  chromiumAvailable,
  ensureWebBuilt,
  freePort,
  gql,
  launchChromium,
  startServer,
  tempDb,
  type RunningServer,
  waitFor,
  SCREENS,
} from './support';

/**
 * The character cards show what each character remembers and how it feels about the others,
 * once a conversation has ended and the memories are written: readable at phone and desktop
 * sizes (no sideways scrolling, text at least 11 CSS px), with a screenshot of each.
 */
const run = chromiumAvailable();
const VIEWS = { phone: SCREENS.phone, desktop: SCREENS.desktop };

describe.skipIf(!run)('memories on the character cards', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    // Short conversations and cooldowns: memories exist within seconds.
    server = await startServer(await freePort(), tempDb(), { MAX_MESSAGES: '4', COOLDOWN_MS: '3000', RUN_WITHOUT_VIEWERS: 'true' });
    await waitFor(
      'memories of the rooftop garden',
      async () => {
        const data = await gql<{ scene: { characters: { memories: { totalCount: number }; relationships: unknown[] }[] } }>(
          server.url,
          '{ scene(slug: "rooftop-garden") { characters { memories { totalCount } relationships { otherId } } } }',
        );
        return data.scene.characters.every((c) => c.memories.totalCount > 0 && c.relationships.length > 0);
      },
      90_000,
    );
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const name of ['phone', 'desktop'] as const) {
    it(`${name}: "Remembers" and feelings are on every card, readable, without sideways scrolling`, async () => {
      const page = await browser.newPage(VIEWS[name]);
      await page.goto(`${server.url}/scene/rooftop-garden`);
      await page.locator('[data-testid="remembers"]').first().waitFor({ timeout: 30_000 });
      const seen = await page.evaluate(() => {
        const cards = [...document.querySelectorAll<HTMLElement>('[data-testid="character-card"]')];
        return {
          cards: cards.length,
          remembers: cards.filter((c) => c.querySelector('[data-testid="remembers"] .memory')).length,
          feelings: cards.filter((c) => c.querySelector('[data-testid="feelings"] .feeling')).length,
          smallest: Math.min(
            ...[...document.querySelectorAll<HTMLElement>('[data-testid="remembers"] .memory, [data-testid="feelings"] .feeling')].map(
              (e) => parseFloat(getComputedStyle(e).fontSize),
            ),
          ),
          overflow: document.documentElement.scrollWidth - window.innerWidth,
        };
      });
      expect(seen.cards).toBeGreaterThanOrEqual(2);
      expect(seen.remembers).toBe(seen.cards);
      expect(seen.feelings).toBe(seen.cards);
      expect(seen.smallest).toBeGreaterThanOrEqual(11);
      expect(seen.overflow).toBeLessThanOrEqual(0);
      await page.locator('[data-testid="character-cards"]').screenshot({ path: artifact(`memories-${name}.png`) });
      await page.close();
    }, 60_000);
  }
});
