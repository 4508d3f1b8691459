import type { Browser, Page } from 'playwright-core';
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
} from './support';

/**
 * The stage tells the truth about what is happening: pause, narration, the end and its
 * countdown show on the stage itself; statuses do not go stale; replay rebuilds the scene
 * as it was at each step. A moderator drives the scene over GraphQL; a viewer page watches.
 */
const run = chromiumAvailable();
const TOKEN = 'e2e-honest-moderator-token-0123';
const SLUG = 'observatory-night';

describe.runIf(run)('an honest stage', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let phone: Page;
  let sceneId: string;
  const errors: string[] = [];

  async function mod<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown };
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }
  const tile = (label: string) =>
    page.evaluate((l) => {
      const t = [...document.querySelectorAll('[data-testid="info-tiles"] .tile')].find(
        (e) =>
          e.querySelector('.label')?.textContent?.trim().startsWith(l) &&
          (l !== 'lines' || e.querySelector('.label')?.textContent?.trim() === 'lines'),
      );
      return t?.querySelector('.value')?.textContent ?? null;
    }, label);

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer(await freePort(), tempDb(), { MODERATOR_TOKENS: TOKEN });
    const data = await gql<{ scene: { id: string } }>(server.url, 'query($s: String) { scene(slug: $s) { id } }', { s: SLUG });
    sceneId = data.scene.id;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/scene/${SLUG}`);
    phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    phone.on('pageerror', (e) => errors.push(`phone: ${e.message}`));
    await phone.goto(`${server.url}/scene/${SLUG}`);
    await waitFor('three lines', () => page.evaluate(() => window.__pixeltales!.snapshot().messages.length >= 3), 40_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a pause on the stage and in the tiles: the banner, a still LIVE tag, a stopped clock', async () => {
    await mod('mutation($id: ID!) { pauseScene(input: { sceneId: $id, reason: "tea break" }) { status } }', { id: sceneId });
    const banner = await page.waitForSelector('[data-testid="stage-paused"]', { timeout: 10_000 });
    expect(await banner.textContent()).toContain('tea break');
    expect(await page.getAttribute('[data-testid="live-tag"]', 'data-status')).toBe('PAUSED');
    expect(await page.textContent('[data-testid="live-tag"]')).toContain('PAUSED');
    const animation = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="live-tag"] i')!).animationName);
    expect(animation).toBe('none');
    // Let any line still being spoken finish, then the clock must stand still.
    await page.waitForTimeout(1_500);
    const before = await tile('ran');
    await page.waitForTimeout(2_200);
    expect(await tile('ran')).toBe(before);
    expect(before).not.toBeNull();
    await page.screenshot({ path: artifact('honest-paused.png') });
    // On a phone too: the banner sits on the stage, in view, and the tag is still.
    const onPhone = await phone.waitForSelector('[data-testid="stage-paused"]', { timeout: 10_000 });
    const [banner2, stage] = await Promise.all([onPhone.boundingBox(), phone.locator('[data-testid="game"]').boundingBox()]);
    expect(banner2!.y).toBeGreaterThanOrEqual(stage!.y);
    expect(banner2!.y + banner2!.height).toBeLessThanOrEqual(stage!.y + stage!.height);
    expect(banner2!.width).toBeLessThanOrEqual(stage!.width);
    expect(await phone.getAttribute('[data-testid="live-tag"]', 'data-status')).toBe('PAUSED');
    await phone.screenshot({ path: artifact('honest-paused-phone.png') });
  });

  it('shows narration as a caption in the room', async () => {
    await mod('mutation($id: ID!) { injectNarration(input: { sceneId: $id, text: "A comet streaks past the dome." }) { id } }', {
      id: sceneId,
    });
    const caption = await page.waitForSelector('[data-testid="stage-narration"]', { timeout: 10_000 });
    expect(await caption.textContent()).toContain('A comet streaks past the dome.');
    await page.screenshot({ path: artifact('honest-narration.png') });
  });

  it('resumes once, and a reset does not log a second "Resumed"', async () => {
    await mod('mutation($id: ID!) { resumeScene(input: { sceneId: $id }) { status } }', { id: sceneId });
    await page.waitForSelector('[data-testid="stage-paused"]', { state: 'detached', timeout: 10_000 });
    expect(await page.getAttribute('[data-testid="live-tag"]', 'data-status')).toBe('RUNNING');
    await mod('mutation($id: ID!) { resetScene(input: { sceneId: $id }) { epoch } }', { id: sceneId });
    await waitFor('the new conversation', () => page.evaluate(() => (window.__pixeltales!.snapshot().epoch ?? 0) >= 2));
    await page.waitForTimeout(1_000);
    const statuses = await page.locator('[data-testid="log-status"]').allTextContents();
    expect(statuses.filter((s) => s.includes('Resumed'))).toHaveLength(1);
    expect(statuses.filter((s) => s.includes('Paused'))).toHaveLength(1);
  });

  it('ends: the countdown is on the stage, nobody is still "speaking"', async () => {
    await waitFor(
      'a line in the new conversation',
      () => page.evaluate(() => window.__pixeltales!.snapshot().messages.some((m) => m.epoch === 2)),
      30_000,
    );
    await mod('mutation($id: ID!) { endScene(input: { sceneId: $id }) { status } }', { id: sceneId });
    const banner = await page.waitForSelector('[data-testid="stage-countdown"]', { timeout: 10_000 });
    expect(await banner.textContent()).toMatch(/next one in \d+:\d\d|about to start/);
    await page.waitForTimeout(500);
    const actions = await page
      .locator('[data-testid="character-card"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions.length).toBeGreaterThanOrEqual(2);
    expect(actions.filter((a) => a === 'SPEAKING' || a === 'THINKING')).toEqual([]);
    expect(await page.evaluate(() => window.__pixeltales!.stage?.().speaking)).toBe(0);
    await page.screenshot({ path: artifact('honest-ended.png') });
  });

  it('replays a past conversation from its own start: positions, moods and tiles as they were', async () => {
    await page.click('[data-testid="replay-open"]');
    await page.click('text=Conversation #1');
    await waitFor('replay mode', () => page.evaluate(() => window.__pixeltales!.snapshot().mode === 'replay'));
    await page.click('[data-testid="replay-play"]'); // pause the playback: we step by hand
    const expected = await page.evaluate(() => {
      const stage = window.__pixeltales!.app.stage;
      const replay = stage.replay!;
      const home = new Map(stage.scene!.detail.characters.map((c) => [c.id, c.homeSpot]));
      // Expected spot of every character at each step: home, then each line's move.
      const steps: Record<string, string>[] = [];
      const spot = new Map(home);
      for (const m of replay.messages) {
        if (m.moveTo) spot.set(m.speakerId, m.moveTo);
        steps.push(Object.fromEntries(spot));
      }
      return { steps, count: replay.messages.length };
    });
    expect(expected.count).toBeGreaterThanOrEqual(3);
    const seen = async () => page.evaluate(() => Object.fromEntries(window.__pixeltales!.app.stage.actors.map((a) => [a.id, a.spot])));
    // Step from the first line to the last and back, checking every step.
    // Where the stage really draws everyone: the tile under each sprite, once nobody walks.
    const drawn = () =>
      page.evaluate(() => {
        const game = window.__pixeltales!.game as {
          scene: { getScene(k: string): { tileOf(id: string): { x: number; y: number } | null } };
        };
        const stage = game.scene.getScene('stage');
        return Object.fromEntries(window.__pixeltales!.app.stage.actors.map((a) => [a.id, stage.tileOf(a.id)]));
      });
    const settled = async () => {
      let last = JSON.stringify(await drawn());
      return waitFor(
        'everyone to stop walking',
        async () => {
          await page.waitForTimeout(400);
          const now = JSON.stringify(await drawn());
          const still = now === last;
          last = now;
          return still ? (JSON.parse(now) as Record<string, { x: number; y: number }>) : null;
        },
        15_000,
      );
    };
    const spots = await page.evaluate(() => window.__pixeltales!.app.stage.scene!.detail.room.spots);
    let checked = 0;
    for (;;) {
      const index = Number(await page.getAttribute('[data-testid="replay-pos"]', 'data-index'));
      expect(await seen()).toEqual(expected.steps[index]);
      expect(await tile('lines')).toBe(String(index + 1));
      if (checked < 4) {
        // On the canvas: each character on (or, sharing a spot, right next to) its spot.
        const tiles = await settled();
        for (const [id, spotName] of Object.entries(expected.steps[index]!)) {
          const spot = spots.find((s) => s.name === spotName)!;
          const t = tiles[id]!;
          expect(Math.abs(t.x - spot.x) + Math.abs(t.y - spot.y), `${id} at ${spotName}`).toBeLessThanOrEqual(2);
        }
      }
      checked++;
      if (index >= expected.count - 1 || checked >= 10) break;
      await page.click('[data-testid="replay-forward"]');
    }
    expect(checked).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: artifact('honest-replay.png') });
    await page.click('[data-testid="replay-live"]');
  });

  it('threw nothing uncaught', () => {
    expect(errors).toEqual([]);
  });
});
