import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifact,
  chromiumAvailable,
  ensureWebBuilt,
  freePort,
  injectAxe,
  launchChromium,
  startServer,
  tempDb,
  type RunningServer,
  waitFor,
  SCREENS as VIEWS,
} from './support';

/**
 * The stage on three screens (phone 390x844, small laptop 1280x720, desktop 1440x900):
 * readable bubbles, labels that never overlap, panels that scroll, tap targets, and a
 * screenshot of each view in test-artifacts/.
 */
const run = chromiumAvailable();

interface Rect {
  kind: string;
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Bounding boxes of every visible name, bubble and thought cloud on the stage. */
function labelRects(page: Page): Promise<Rect[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="stage-overlay"] > [data-testid]')]
      .filter((el) => el.style.display !== 'none')
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { kind: el.dataset.testid!, id: el.dataset.id ?? '', x: r.x, y: r.y, w: r.width, h: r.height };
      }),
  );
}

function overlapping(rects: Rect[]): [Rect, Rect] | null {
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i]!;
      const b = rects[j]!;
      // One pixel of anti-aliased border is not an overlap.
      if (a.x + 1 < b.x + b.w && b.x + 1 < a.x + a.w && a.y + 1 < b.y + b.h && b.y + 1 < a.y + a.h) return [a, b];
    }
  }
  return null;
}

describe.runIf(run)('the stage on a small phone, a phone, a small laptop and a desktop', () => {
  let server: RunningServer;
  let browser: Browser;
  const pages = new Map<keyof typeof VIEWS, Page>();
  const errors: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    // A short cooldown: a conversation that ends mid-test is followed by the next at once.
    server = await startServer(await freePort(), tempDb(), { COOLDOWN_MS: '5000' });
    browser = await launchChromium();
    for (const [name, options] of Object.entries(VIEWS) as [keyof typeof VIEWS, BrowserContextOptions][]) {
      const page = await browser.newPage(options);
      page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
      await page.goto(`${server.url}/scene/rooftop-garden`);
      pages.set(name, page);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const name of Object.keys(VIEWS) as (keyof typeof VIEWS)[]) {
    it(`${name}: bubble text and names are at least 12 CSS px, and nothing overlaps`, async () => {
      const page = pages.get(name)!;
      // Any bubble on screen: the stage keeps a bubble element per character, most of them hidden
      // at any moment, and waiting on the first match would wait on one character alone.
      await page.locator('[data-testid="stage-bubble"]:visible').first().waitFor({ timeout: 60_000 });
      const sizes = await page.evaluate(() => ({
        bubble: [...document.querySelectorAll<HTMLElement>('[data-testid="stage-bubble"] .text')].map((e) =>
          parseFloat(getComputedStyle(e).fontSize),
        ),
        names: [...document.querySelectorAll<HTMLElement>('[data-testid="stage-name"]')].map((e) =>
          parseFloat(getComputedStyle(e).fontSize),
        ),
      }));
      expect(sizes.names.length).toBeGreaterThanOrEqual(2);
      for (const px of [...sizes.bubble, ...sizes.names]) expect(px).toBeGreaterThanOrEqual(12);
      // Sample the layout over a few seconds (people speak, think and walk meanwhile).
      let samples = 0;
      for (let i = 0; i < 12; i++) {
        const rects = await labelRects(page);
        expect(overlapping(rects)).toBeNull();
        // The screenshot of this view shows someone speaking.
        if (rects.some((r) => r.kind === 'stage-bubble') && samples++ === 0)
          await page.screenshot({ path: artifact(`screen-${name}.png`) });
        await page.waitForTimeout(250);
      }
      expect(samples).toBeGreaterThan(0);
      // Four live stages at once starve a 2-core machine; the later checks need only three.
      if (name === 'small') {
        await page.close();
        pages.delete(name);
      }
    });
  }

  it('desktop: no two characters stand on one tile', async () => {
    const page = pages.get('desktop')!;
    for (let i = 0; i < 6; i++) {
      const tiles = await page.evaluate(() => {
        const game = window.__pixeltales!.game as {
          scene: { getScene(k: string): { tileOf(id: string): { x: number; y: number } | null } };
        };
        const stage = game.scene.getScene('stage');
        return window.__pixeltales!.app.stage.actors.map((a) => stage.tileOf(a.id)).map((t) => `${t?.x},${t?.y}`);
      });
      expect(tiles.length).toBeGreaterThanOrEqual(2);
      // Mid-walk two may pass the same tile for a moment; standing, never.
      const walking = await page.evaluate(() => window.__pixeltales!.app.stage.actors.some((a) => a.walk));
      if (!walking) expect(new Set(tiles).size).toBe(tiles.length);
      await page.waitForTimeout(400);
    }
  });

  it('desktop: the art is drawn at a whole zoom', async () => {
    const fit = await pages.get('desktop')!.getAttribute('[data-testid="stage-fit"]', 'data-whole');
    expect(fit).toBe('true');
  });

  it('laptop: the side panel scrolls, the log gets the space first, every scene is reachable', async () => {
    const page = pages.get('laptop')!;
    const panel = await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="panels"]')!;
      const log = document.querySelector<HTMLElement>('[data-testid="log"]')!;
      const chart = document.querySelector<HTMLElement>('[data-testid="ratings-chart"]');
      return {
        overflow: getComputedStyle(el).overflowY,
        scrollable: el.scrollHeight > el.clientHeight,
        log: log.getBoundingClientRect().height,
        chart: chart?.getBoundingClientRect().height ?? 0,
        logScrolls: log.scrollHeight > log.clientHeight,
        panelScroll: el.scrollHeight,
      };
    });
    expect(panel.overflow).toBe('auto');
    expect(panel.scrollable).toBe(true);
    expect(panel.log).toBeGreaterThanOrEqual(300);
    // The log scrolls inside itself: the panel does not grow with the conversation.
    expect(panel.logScrolls).toBe(true);
    expect(panel.panelScroll).toBeLessThan(1_500);
    // Every scene is on the first screen, in the strip above the stage.
    const links = page.locator('[data-testid="scene-strip"] [data-testid="strip-scene"]');
    const count = await links.count();
    expect(count).toBeGreaterThanOrEqual(4);
    const last = links.nth(count - 1);
    // Scrolled into view it is wholly on screen (the live log may shift the panel meanwhile,
    // so scroll again until it holds still).
    const box = await waitFor(
      'the last scene on screen',
      async () => {
        await last.scrollIntoViewIfNeeded();
        const b = await last.boundingBox();
        return b && b.y >= 0 && b.y + b.height <= 720 ? b : null;
      },
      10_000,
    );
    expect(box.height).toBeGreaterThanOrEqual(30);
  });

  it('phone: no sideways scroll, tap targets are 44 x 44, and the stage is in view after a switch', async () => {
    const page = pages.get('phone')!;
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, summary, a[href], input, select, textarea')]
        .filter((el) => el.offsetParent !== null && !el.closest('[data-testid="log"] .content'))
        .map((el) => ({
          el: el.dataset.testid ?? el.textContent?.trim().slice(0, 30) ?? el.tagName,
          ...el.getBoundingClientRect().toJSON(),
        }))
        .filter((r) => r.width < 44 || r.height < 44),
    );
    expect(small).toEqual([]);
    const target = page.locator('[data-testid="strip-scene"][data-slug="observatory-night"]');
    await target.scrollIntoViewIfNeeded();
    await target.click();
    await waitFor('the observatory', () => page.evaluate(() => window.__pixeltales!.snapshot().slug === 'observatory-night'));
    await page.waitForTimeout(300);
    const top = await page.evaluate(() => document.querySelector('[data-testid="game"]')!.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(-1);
    expect(top).toBeLessThan(844 / 2);
    await page.screenshot({ path: artifact('screen-phone-after-switch.png') });
  });

  for (const name of ['desktop', 'phone'] as const) {
    it(`${name}: no serious or critical axe-core violations`, async () => {
      const page = pages.get(name)!;
      await injectAxe(page);
      const found = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(
                ctx: Document,
                o: object,
              ): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[]; failureSummary?: string }[] }[] }>;
            };
          }
        ).axe;
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
        }));
      });
      const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad).toEqual([]);
    });
  }

  it('threw nothing uncaught', () => {
    expect(errors).toEqual([]);
  });
});
