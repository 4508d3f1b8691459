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
 * The stage end to end: the real server (embedded: SQLite, in-process queue, scripted
 * model) on a free port, the built web app, Debian's Chromium.
 */
const run = chromiumAvailable();

describe.runIf(run)('the stage in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let port: number;
  let db: string;
  const pageErrors: string[] = [];

  const snapshot = () => page.evaluate(() => window.__pixeltales!.snapshot());
  beforeAll(async () => {
    ensureWebBuilt();
    port = await freePort();
    db = tempDb();
    server = await startServer(port, db);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('loads a live scene and draws the room', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid="game"] canvas', { timeout: 15_000 });
    const snap = await waitFor('a scene', async () => {
      const s = await snapshot();
      return s.phase === 'ready' && s.slug ? s : null;
    });
    expect(page.url()).toContain(`/scene/${snap.slug}`);
    await waitFor('first frame', () => page.evaluate(() => window.__pixeltales!.frames.length > 0));

    // The canvas is not blank: many distinct colours in a screenshot of it.
    const png = await page.locator('[data-testid="game"] canvas').screenshot();
    const colours = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return seen.size;
    }, png.toString('base64'));
    expect(colours).toBeGreaterThan(40);
  });

  it('shows a speech bubble and log entries as the characters talk', async () => {
    await waitFor('someone speaking on stage', () => page.evaluate(() => window.__pixeltales!.stage?.().speaking ?? 0));
    await page.waitForSelector('[data-testid="log-message"]', { timeout: 20_000 });
    const first = page.locator('[data-testid="log-message"]').first();
    expect((await first.textContent())?.length).toBeGreaterThan(10);
    await page.screenshot({ path: artifact('stage-live.png') });
  });

  it('shows what the characters do: a label under the actor and a line in the log (the scripted model acts offline)', async () => {
    // Acting is seeded per turn (about two turns in five), so it comes within a few lines.
    await page.waitForSelector('[data-testid="log-action"]', { timeout: 60_000 });
    const logged = (await page.locator('[data-testid="log-action"]').first().textContent()) ?? '';
    // "<emoji> <Name> picks up the star charts"
    expect(logged.trim()).toMatch(/^\S+ \S+.* (walks to|looks at|picks up|gives|\S+s) /u);
    // The stage label lives a few seconds; the next action brings another one.
    const label = await page.waitForSelector('[data-testid="stage-action"]', { timeout: 60_000, state: 'attached' });
    expect(((await label.textContent()) ?? '').length).toBeGreaterThan(4);
    await page.screenshot({ path: artifact('stage-action.png') });

    // On a phone the label fits the narrow stage too.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await phone.goto(`${server.url}/scene/observatory-night`);
    // Measured in the page in one step: a label lives a few seconds and the next one replaces it.
    const box = await phone
      .waitForFunction(
        () => {
          const r = document.querySelector('[data-testid="stage-action"]')?.getBoundingClientRect();
          return r && r.width > 0 ? { x: r.x, w: r.width } : null;
        },
        undefined,
        { timeout: 90_000 },
      )
      .then(async (h) => (await h.jsonValue())!);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.w).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: artifact('stage-action-phone.png') });
    await phone.close();
  });

  it('steps through history with the keyboard and goes back to live', async () => {
    await waitFor('three lines', async () => (await snapshot()).messages.length >= 3, 30_000);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('h');
    const entered = await snapshot();
    expect(entered.mode).toBe('history');
    const pos = page.locator('[data-testid="history-pos"]');
    const indexOf = async () => Number(await pos.getAttribute('data-index'));
    const start = await indexOf();
    expect(start).toBe(entered.messages.length - 1);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await indexOf()).toBe(start - 2);
    await page.keyboard.press('ArrowRight');
    expect(await indexOf()).toBe(start - 1);
    // The highlighted line in the log is the one on stage.
    const highlighted = await page.locator('[data-testid="log-message"].highlight').getAttribute('data-id');
    expect(highlighted).toBe(entered.messages[start - 1]!.id);
    await page.click('[data-testid="history-back"]');
    expect(await indexOf()).toBe(start - 2);
    // Typing in a field does not step.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.id = 'probe';
      document.body.append(input);
    });
    await page.focus('#probe');
    await page.keyboard.press('ArrowLeft');
    expect(await indexOf()).toBe(start - 2);
    await page.evaluate(() => document.getElementById('probe')!.remove());
    await page.click('[data-testid="history-live"]');
    expect((await snapshot()).mode).toBe('live');
  });

  it('switches scenes from the picker', async () => {
    const before = await snapshot();
    const target = before.slug === 'observatory-night' ? 'lost-luggage' : 'observatory-night';
    await page.click(`[data-testid="strip-scene"][data-slug="${target}"]`);
    const after = await waitFor('the other scene', async () => {
      const s = await snapshot();
      return s.slug === target && s.phase === 'ready' ? s : null;
    });
    expect(after.sceneId).not.toBe(before.sceneId);
    expect(page.url()).toContain(`/scene/${target}`);
    await waitFor('a frame of the new room', () =>
      page.evaluate((id) => window.__pixeltales!.frames.some((f) => f.sceneId === id), after.sceneId),
    );
    await page.waitForSelector('[data-testid="log-message"]', { timeout: 20_000 });
  });

  it('explains an unknown scene and lists the real ones', async () => {
    const other = await browser.newPage();
    await other.goto(`${server.url}/scene/no-such-scene`);
    await other.waitForSelector('[data-testid="not-found"]', { timeout: 15_000 });
    expect(await other.textContent('[data-testid="not-found"] h2')).toContain('no-such-scene');
    await other.waitForSelector('[data-testid="not-found"] [data-testid="scene-picker"] a', { timeout: 10_000 });
    expect(await other.locator('[data-testid="not-found"] [data-testid="scene-picker"] a').count()).toBeGreaterThanOrEqual(4);
    await other.close();
  });

  it('reconnects after a server restart with no gap and no duplicate', async () => {
    await waitFor('a few lines', async () => (await snapshot()).messages.length >= 2, 30_000);
    await server.stop();
    await waitFor(
      'the pill to notice',
      async () => {
        const status = await page.getAttribute('[data-testid="connection"]', 'data-status');
        return status === 'offline' ? status : null;
      },
      20_000,
    );
    const down = await snapshot();
    server = await startServer(port, db);
    await waitFor(
      'reconnected',
      async () => {
        const s = await snapshot();
        return s.connection === 'connected' && s.reconnects >= 1 ? s : null;
      },
      30_000,
    );
    const after = await waitFor(
      'new lines after the restart',
      async () => {
        const s = await snapshot();
        return s.messages.length >= down.messages.length + 2 ? s : null;
      },
      40_000,
    );

    // No duplicates, and each conversation's turns run 1, 2, 3 … without a hole.
    const ids = after.messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const byEpoch = new Map<number, number[]>();
    for (const m of after.messages) byEpoch.set(m.epoch, [...(byEpoch.get(m.epoch) ?? []), m.turn]);
    for (const turns of byEpoch.values()) expect(turns).toEqual(turns.map((_, i) => turns[0]! + i));
    expect(after.lastSeq).toBeGreaterThan(down.lastSeq);

    // The page agrees with the database.
    const data = await gql<{ messages: { nodes: { id: string }[] } }>(
      server.url,
      'query($id: ID!, $epoch: Int) { messages(sceneId: $id, epoch: $epoch, first: 100) { nodes { id } } }',
      { id: after.sceneId, epoch: after.epoch },
    );
    const fromDb = data.messages.nodes.map((n) => n.id);
    const onPage = after.messages.filter((m) => m.epoch === after.epoch).map((m) => m.id);
    expect(fromDb.slice(0, onPage.length)).toEqual(onPage);

    // The DOM shows each line once.
    const domIds = await page.locator('[data-testid="log-message"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(new Set(domIds).size).toBe(domIds.length);
    await page.screenshot({ path: artifact('stage-after-restart.png') });
  });

  it('reads well on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await phone.goto(`${server.url}/scene/rooftop-garden`);
    await phone.waitForSelector('[data-testid="log-message"]', { timeout: 25_000 });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await phone.screenshot({ path: artifact('stage-phone.png'), fullPage: false });
    await phone.close();
  });

  it('threw nothing uncaught', () => {
    expect(pageErrors).toEqual([]);
  });
});
