import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifact,
  chromiumAvailable,
  ensureWebBuilt,
  freePort,
  launchChromium,
  SCREENS,
  startServer,
  tempDb,
  type RunningServer,
  waitFor,
} from './support';

/**
 * Held lines in a browser. With MODERATION_TERMS=tomato on the rooftop garden (Kofi talks to
 * his tomatoes, so the offline model says the word), a viewer tab never gets a held line, while
 * a moderator tab sees it in the review queue at once, with the reason and the lines before it,
 * and approves one (the viewer then gets it) and hides another (the viewer never does), with
 * the keyboard. At phone and laptop sizes, with a screenshot of each.
 */
const run = chromiumAvailable();
const TOKEN = 'e2e-held-lines-moderator-token-0123456789';
const SLUG = 'rooftop-garden';
const SIZES: Record<string, BrowserContextOptions> = { phone: SCREENS.phone, desktop: SCREENS.laptop };

/** Every message id and text a log row ever showed in this page, recorded as the DOM changes. */
function recordLogLines(): void {
  const seen = new Map<string, string>();
  (window as unknown as { __seenLines: Map<string, string> }).__seenLines = seen;
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('[data-testid="log-message"]'))
      seen.set(el.getAttribute('data-id') ?? '', el.textContent ?? '');
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** The message ids the viewer's log ever showed. */
const seenIds = (page: Page) => page.evaluate(() => [...(window as unknown as { __seenLines: Map<string, string> }).__seenLines.keys()]);
const heldIds = (page: Page) => page.locator('[data-testid="held-line"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));
const selectedId = async (page: Page) => (await page.locator('[data-testid="held-line"][aria-current="true"]').getAttribute('data-id'))!;

describe.runIf(run)('held lines: viewers never see them, moderators review them', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer(await freePort(), tempDb(), { MODERATOR_TOKENS: TOKEN, MODERATION_TERMS: 'tomato' });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [name, size] of Object.entries(SIZES)) {
    it(`${name}: the queue shows held lines; approve releases one to viewers, hide keeps one from them`, async () => {
      const modContext = await browser.newContext(size);
      await modContext.addInitScript((token) => sessionStorage.setItem('pixeltales.moderatorToken', token), TOKEN);
      const viewerContext = await browser.newContext(size);
      await viewerContext.addInitScript(recordLogLines);
      const mod = await modContext.newPage();
      const viewer = await viewerContext.newPage();
      await viewer.goto(`${server.url}/scene/${SLUG}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
      await mod.goto(`${server.url}/scene/${SLUG}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
      await mod.waitForSelector('[data-testid="moderator-panel"]', { timeout: 120_000 });

      // Two held lines wait in the queue, each with its reason; the badge counts them.
      await waitFor('two held lines', async () => (await mod.locator('[data-testid="held-line"]').count()) >= 2, 180_000);
      const held = await heldIds(mod);
      expect(await mod.locator('[data-testid="held-line-reasons"]').first().textContent()).toContain('term “tomato”');
      expect(await mod.locator('[data-testid="held-badge"]').textContent()).toMatch(/\d+ held/);
      await viewer.waitForSelector('[data-testid="log-message"]', { timeout: 120_000 });
      for (const id of held) expect(await seenIds(viewer)).not.toContain(id);

      // Keyboard: j moves to the second line, a approves it.
      const queue = mod.locator('[data-testid="held-queue"]');
      await queue.focus();
      await mod.keyboard.press('j');
      await mod.waitForSelector('[data-testid="held-line"]:nth-child(2)[aria-current="true"]');
      const approved = await selectedId(mod);
      expect(approved).toBe(held[1]);
      const approvedText = (await mod
        .locator(`[data-testid="held-line"][data-id="${approved}"] [data-testid="held-line-text"]`)
        .textContent())!;
      await mod.locator('[data-testid="held-queue"]').screenshot({ path: artifact(`held-queue-${name}.png`), timeout: 120_000 });
      await mod.keyboard.press('a');
      await waitFor('the viewer to get the approved line', async () => (await seenIds(viewer)).includes(approved), 120_000);

      // h hides the selected line: gone from the queue, and the viewer never gets it, even after more lines.
      await mod.waitForSelector('[data-testid="held-line"][aria-current="true"]');
      const hidden = await selectedId(mod);
      await mod.keyboard.press('h');
      await waitFor('the hidden line to leave the queue', async () => !(await heldIds(mod)).includes(hidden), 60_000);
      const seqAt = async () =>
        Math.max(
          0,
          ...(await viewer
            .locator('[data-testid="log-message"]')
            .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq')) || 0))),
        );
      const after = await seqAt();
      await waitFor('a later line for the viewer', async () => (await seqAt()) > after, 120_000);
      const seen = await seenIds(viewer);
      expect(seen).not.toContain(hidden);
      for (const id of held.filter((h) => h !== approved)) expect(seen).not.toContain(id);

      // The buttons work too, and the moderation log shows the lines' text.
      await waitFor('another held line', async () => (await mod.locator('[data-testid="held-line"]').count()) >= 1, 120_000);
      await mod.locator('[data-testid="held-approve"]').first().click();
      await mod.locator('[data-testid="mod-log"] summary').click();
      await waitFor(
        'the log to quote the approved line',
        async () => (await mod.locator('[data-testid="mod-log-line"]').allTextContents()).some((t) => t.includes(approvedText)),
        60_000,
      );
      await mod.locator('[data-testid="moderator-panel"]').screenshot({ path: artifact(`held-panel-${name}.png`), timeout: 120_000 });
      await viewer.screenshot({ path: artifact(`held-viewer-${name}.png`), timeout: 120_000 });
      const overflow = await mod.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await modContext.close();
      await viewerContext.close();
    }, 600_000);
  }
});
