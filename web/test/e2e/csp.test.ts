import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  ensureWebBuilt,
  freePort,
  launchChromium,
  startServer,
  takeCspViolations,
  tempDb,
  waitFor,
  type RunningServer,
} from './support';

/**
 * The app under its Content-Security-Policy: it loads, draws and follows a live scene over
 * graphql-ws with no violation (./cspGuard.ts fails any test that saw one), and the detector
 * that guard relies on does catch what the policy refuses.
 */
const run = chromiumAvailable();

describe.skipIf(!run)('Content-Security-Policy in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer(await freePort(), tempDb());
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the app with the policy; it draws a live scene over graphql-ws without a violation', async () => {
    const response = await page.goto(`${server.url}/`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    await page.waitForSelector('[data-testid="game"] canvas', { timeout: 15_000 });
    // Events arrive over the socket: the scene becomes ready and frames are drawn.
    await waitFor('a live scene', () => page.evaluate(() => window.__pixeltales!.snapshot().phase === 'ready'));
    await waitFor('first frame', () => page.evaluate(() => window.__pixeltales!.frames.length > 0));
    expect(takeCspViolations()).toEqual([]);
  });

  it('the detector records what the policy refuses: an inline script, an inline style, a foreign image', async () => {
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
      const style = document.createElement('style');
      style.textContent = 'body { outline: 1px solid red; }';
      document.head.append(style);
      const img = document.createElement('img');
      img.src = 'https://images.invalid/x.png';
      document.body.append(img);
    });
    const seen = await waitFor('three violations', async () => {
      const v = takeCspViolations();
      collected.push(...v);
      return collected.length >= 3 ? collected : null;
    });
    expect(seen.map((v) => v.directive).sort()).toEqual(['img-src', 'script-src-elem', 'style-src-elem']);
    expect(seen.find((v) => v.directive === 'img-src')?.blocked).toBe('https://images.invalid/x.png');
    expect(seen.every((v) => v.page.startsWith(server.url))).toBe(true);
    // Refused, not merely reported.
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false)).toBe(false);
  });

  it('a page opened by a context of its own is watched too', async () => {
    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(`${server.url}/`);
    await other.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = '1';
      document.body.append(script);
    });
    const seen = await waitFor('a violation', async () => {
      const v = takeCspViolations();
      return v.length ? v : null;
    });
    expect(seen[0]?.directive).toBe('script-src-elem');
    await context.close();
  });
});

const collected: ReturnType<typeof takeCspViolations> = [];
