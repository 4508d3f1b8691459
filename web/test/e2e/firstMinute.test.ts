import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifact,
  chromiumAvailable,
  ensureWebBuilt,
  freePort,
  gql,
  launchChromium,
  SCREENS,
  startServer,
  tempDb,
  type RunningServer,
  waitFor,
} from './support';

/**
 * A viewer's first minute and what history shows (issue 23, parts 1 and 4), on a phone
 * (390 × 844) and a small laptop (1280 × 720): every scene on the first screen with what it is
 * doing and one tap to jump in; a replay that ends where the live conversation ended (spots,
 * hands, moods, actions in the log); a recap between conversations pointing to a scene that
 * talks now; a stage that says so when the server is gone.
 */
const run = chromiumAvailable();
const SLUG = 'observatory-night';

type Room = Record<string, { spot: string; holding: string | null; mood: string }>;

/** Everyone's spot, hands and mood as the stage shows them right now. */
const roomOf = (page: Page): Promise<Room> =>
  page.evaluate(() =>
    Object.fromEntries(window.__pixeltales!.app.stage.actors.map((a) => [a.id, { spot: a.spot, holding: a.holding, mood: a.mood }])),
  );

/** The objects the canvas draws lying on the floor (not in anyone's hands). */
const onFloor = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const game = window.__pixeltales!.game as { scene: { getScene(k: string): { objectsOnFloor(): string[] } } };
    return game.scene.getScene('stage').objectsOnFloor().sort();
  });

describe.runIf(run)('the first minute, and history that shows what happened', () => {
  let server: RunningServer;
  let browser: Browser;
  const pages: { name: string; page: Page }[] = [];
  const errors: string[] = [];
  let sceneCount = 0;

  beforeAll(async () => {
    ensureWebBuilt();
    // A fast scene and a long cooldown: a conversation ends within a minute and stays over while we look.
    server = await startServer(await freePort(), tempDb(), { TIME_SCALE: '0.2', COOLDOWN_MS: '86400000' });
    sceneCount = (await gql<{ scenes: { id: string }[] }>(server.url, '{ scenes { id } }')).scenes.length;
    browser = await launchChromium();
    for (const [name, screen] of [
      ['phone', SCREENS.phone],
      ['laptop', SCREENS.laptop],
    ] as const) {
      const page = await browser.newPage(screen);
      page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
      await page.goto(`${server.url}/`);
      pages.push({ name, page });
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows every scene on the first screen with what it is doing; one click or tap jumps in', async () => {
    expect(sceneCount).toBeGreaterThanOrEqual(4);
    for (const { name, page } of pages) {
      await waitFor(`${name}: the scene strip`, () =>
        page.evaluate((n) => document.querySelectorAll('[data-testid="strip-scene"]').length === n, sceneCount),
      );
      const viewport = page.viewportSize()!;
      const chips = await page.locator('[data-testid="strip-scene"]').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return {
            slug: e.getAttribute('data-slug')!,
            top: r.top,
            bottom: r.bottom,
            left: r.left,
            right: r.right,
            height: r.height,
            status: e.querySelector('[data-testid="strip-status"]')?.textContent?.trim() ?? '',
            text: e.textContent ?? '',
          };
        }),
      );
      for (const chip of chips) {
        // On the first screen, whole, tappable, saying what the scene does and who watches.
        expect(chip.top, `${name}: ${chip.slug}`).toBeGreaterThanOrEqual(0);
        expect(chip.bottom, `${name}: ${chip.slug}`).toBeLessThanOrEqual(viewport.height * 0.5);
        expect(chip.left).toBeGreaterThanOrEqual(0);
        expect(chip.right).toBeLessThanOrEqual(viewport.width);
        expect(chip.height).toBeGreaterThanOrEqual(44);
        expect(chip.status).toMatch(/is talking|is thinking…|live now|next in \d+:\d\d|paused|starting soon/);
        expect(chip.text).toMatch(/\d+\s*watching/);
      }
      // Some scene says who is talking (the scene on screen runs).
      await waitFor(`${name}: someone talking`, () =>
        page.evaluate(() =>
          [...document.querySelectorAll('[data-testid="strip-status"]')].some((e) => / is (talking|thinking)/.test(e.textContent ?? '')),
        ),
      );
      const current = await page.evaluate(() => window.__pixeltales!.snapshot().slug);
      expect(current).not.toBeNull();
      await page.screenshot({ path: artifact(`first-screen-${name}.png`) });
      // One click (a tap on the phone) opens another scene.
      const target = chips.find((c) => c.slug === SLUG)!;
      const chip = page.locator(`[data-testid="strip-scene"][data-slug="${target.slug}"]`);
      if (name === 'phone') await chip.tap();
      else await chip.click();
      await waitFor(`${name}: ${SLUG} open`, () =>
        page.evaluate((s) => window.__pixeltales!.snapshot().slug === s && window.__pixeltales!.snapshot().phase === 'ready', SLUG),
      );
      expect(new URL(page.url()).pathname).toBe(`/scene/${SLUG}`);
      expect(await page.getAttribute(`[data-testid="strip-scene"][data-slug="${SLUG}"]`, 'aria-current')).toBe('page');
    }
  }, 60_000);

  it('between conversations the stage recaps the last one, counts down to the next and points to a scene talking now', async () => {
    for (const { name, page } of pages) {
      await waitFor(
        `${name}: the conversation to end`,
        () => page.evaluate(() => window.__pixeltales!.app.stage.scene?.status === 'ENDED'),
        150_000,
      );
      const recap = await page.waitForSelector('[data-testid="stage-recap"]', { timeout: 10_000 });
      expect((await recap.textContent())!.replace(/\s+/g, ' ').trim()).toMatch(/^#\d+: \d+ lines( · \d+ actions?)? · .+ said the most$/);
      expect(await page.textContent('[data-testid="stage-countdown"]')).toMatch(/next one in \d+:\d\d/);
      const go = await page.waitForSelector('[data-testid="stage-elsewhere"]', { timeout: 15_000 });
      expect(await go.textContent()).toMatch(/^Meanwhile in .+ — watch →$/);
      // Inside the stage, with room for the characters.
      const [banner, stage] = await Promise.all([
        page.locator('[data-testid="stage-countdown"]').boundingBox(),
        page.locator('[data-testid="game"]').boundingBox(),
      ]);
      expect(banner!.y + banner!.height).toBeLessThanOrEqual(stage!.y + stage!.height);
      await page.screenshot({ path: artifact(`recap-${name}.png`) });
    }
  }, 200_000);

  it('a replay of the conversation ends where the live one ended: spots, hands, moods, and every action in the log', async () => {
    for (const { name, page } of pages.filter((p) => p.name === 'laptop')) {
      const live = await roomOf(page);
      const liveFloor = await onFloor(page);
      const liveActions = await page.evaluate(() => {
        const s = window.__pixeltales!.app.stage.scene!;
        return s.log.filter((e) => e.kind === 'action' && e.epoch === s.epoch).map((e) => (e.kind === 'action' ? e.text : ''));
      });
      const epoch = await page.evaluate(() => window.__pixeltales!.app.stage.scene!.epoch);
      await page.click('[data-testid="replay-open"]');
      await page.click(`[data-testid="history-bar"] .menu button:has-text("Conversation #${epoch} ·")`);
      await waitFor(`${name}: replay`, () => page.evaluate(() => window.__pixeltales!.snapshot().mode === 'replay'), 60_000);
      await page.click('[data-testid="replay-play"]'); // pause: we step by hand
      const count = await page.evaluate(() => window.__pixeltales!.app.stage.replay!.messages.length);
      expect(count).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < count; i++) {
        const index = Number(await page.getAttribute('[data-testid="replay-pos"]', 'data-index'));
        if (index >= count - 1) break;
        await page.click('[data-testid="replay-forward"]');
      }
      expect(Number(await page.getAttribute('[data-testid="replay-pos"]', 'data-index'))).toBe(count - 1);
      expect(await roomOf(page)).toEqual(live);
      // The canvas agrees: the same objects lie on the floor (the rest are in hands).
      await waitFor(`${name}: the objects settle`, async () => JSON.stringify(await onFloor(page)) === JSON.stringify(liveFloor), 10_000);
      // The replay's log lists the actions, as the live log did.
      const replayed = await page.locator('[data-testid="log-action"]').allTextContents();
      expect(replayed.map((t) => t.trim())).toEqual(liveActions.map((t) => expect.stringContaining(t)));
      await page.screenshot({ path: artifact(`replay-end-${name}.png`) });
      await page.click('[data-testid="replay-live"]');
    }
  }, 120_000);

  it('the stage tells the truth when the server is gone: no "LIVE", no running clock', async () => {
    // Follow the recap's pointer first: one tap to a scene talking now.
    const { page: phone } = pages[0]!;
    const slug = await phone.getAttribute('[data-testid="stage-elsewhere"]', 'data-slug');
    await phone.locator('[data-testid="stage-elsewhere"]').tap();
    await waitFor('the other scene', () => phone.evaluate((s) => window.__pixeltales!.snapshot().slug === s, slug));

    await server.stop();
    for (const { name, page } of pages) {
      const banner = await page.waitForSelector('[data-testid="stage-offline"]', { timeout: 20_000 });
      expect(await banner.textContent()).toContain('Lost the connection to the server');
      expect(await page.getAttribute('[data-testid="live-tag"]', 'data-status')).toBe('OFFLINE');
      expect(await page.textContent('[data-testid="live-tag"]')).not.toContain('LIVE');
      const ran = () =>
        page.evaluate(
          () =>
            [...document.querySelectorAll('[data-testid="info-tiles"] .tile')]
              .find((t) => /^(ran|running|lasted)/i.test(t.querySelector('.label')?.textContent?.trim() ?? ''))
              ?.querySelector('.value')?.textContent ?? null,
        );
      const before = await ran();
      expect(before).not.toBeNull();
      // Two more reconnect attempts (seconds apart, each failing) prove time went on; the clock stood still.
      const attempts = await page.evaluate(() => window.__pixeltales!.app.connection.attempts);
      await waitFor(
        `${name}: two more attempts`,
        () => page.evaluate((n) => window.__pixeltales!.app.connection.attempts >= n + 2, attempts),
        30_000,
      );
      expect(await ran()).toBe(before);
      await page.screenshot({ path: artifact(`offline-${name}.png`) });
    }
  }, 60_000);

  it('threw nothing uncaught', () => {
    expect(errors).toEqual([]);
  });
});
