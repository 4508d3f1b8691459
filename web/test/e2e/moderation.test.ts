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
 * Moderators and proposals in a browser: a token entered in the page, pausing and hiding
 * from the panel (seen by a second, token-less page), proposing with bad and good input,
 * and one vote per client.
 */
const run = chromiumAvailable();
const TOKEN = 'e2e-moderator-token-0123456789';
const SLUG = 'lost-luggage';

describe.runIf(run)('moderators and proposals in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let mod: Page;
  let viewer: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer(await freePort(), tempDb(), { MODERATOR_TOKENS: TOKEN });
    browser = await launchChromium();
    mod = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    viewer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (const p of [mod, viewer]) p.on('pageerror', (e) => pageErrors.push(e.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses a wrong token, accepts the right one and keeps it for the tab', async () => {
    await mod.goto(`${server.url}/scene/${SLUG}`);
    await mod.waitForSelector('[data-testid="log-message"]', { timeout: 25_000 });
    await mod.click('[data-testid="moderator-entry"]');
    await mod.fill('[data-testid="moderator-token"]', 'not-the-right-token-at-all');
    await mod.click('[data-testid="moderator-submit"]');
    await mod.waitForSelector('[data-testid="moderator-invalid"]', { timeout: 10_000 });
    expect(await mod.locator('[data-testid="moderator-panel"]').count()).toBe(0);

    await mod.fill('[data-testid="moderator-token"]', TOKEN);
    await mod.click('[data-testid="moderator-submit"]');
    await mod.waitForSelector('[data-testid="moderator-panel"]', { timeout: 10_000 });
    expect(await mod.evaluate(() => sessionStorage.getItem('pixeltales.moderatorToken'))).toBe(TOKEN);
    // A reload keeps the session (same tab), and the page still talks over one socket.
    await mod.reload();
    await mod.waitForSelector('[data-testid="moderator-panel"]', { timeout: 15_000 });
    await mod.waitForSelector('[data-testid="cost-tiles"]');
  });

  it('pauses the scene from the panel and everyone sees why', async () => {
    await viewer.goto(`${server.url}/scene/${SLUG}`);
    await viewer.waitForSelector('[data-testid="log-message"]', { timeout: 25_000 });
    await mod.fill('[data-testid="mod-reason"]', 'tea break');
    await mod.click('[data-testid="mod-pause"]');
    await mod.waitForSelector('[data-testid="mod-resume"]', { timeout: 10_000 });
    expect(await mod.textContent('[data-testid="scene-status"]')).toContain('paused — tea break');
    await waitFor('the viewer to see the pause', async () =>
      ((await viewer.textContent('[data-testid="scene-status"]')) ?? '').includes('paused'),
    );
    const data = await gql<{ scene: { status: string } }>(server.url, `{ scene(slug: "${SLUG}") { status } }`);
    expect(data.scene.status).toBe('PAUSED');
  });

  it('hides a message: it leaves the viewer log and stays greyed for the moderator', async () => {
    const line = mod.locator('[data-testid="log-message"]').first();
    const id = await line.getAttribute('data-id');
    expect(await viewer.locator(`[data-testid="log-message"][data-id="${id}"]`).count()).toBe(1);
    await line.locator('[data-testid="hide-btn"]').click();
    await mod.fill('[data-testid="hide-reason"]', 'off topic');
    await mod.click('[data-testid="hide-confirm"]');
    await viewer.waitForSelector(`[data-testid="log-message"][data-id="${id}"]`, { state: 'detached', timeout: 10_000 });
    await mod.waitForSelector(`[data-testid="log-message"][data-id="${id}"] [data-testid="hidden-reason"]`, { timeout: 10_000 });
    expect(await mod.textContent(`[data-testid="log-message"][data-id="${id}"] [data-testid="hidden-reason"]`)).toContain('off topic');
    await mod.screenshot({ path: artifact('moderator-laptop.png') });
  });

  it('checks a proposal in the form, then stores a valid one', async () => {
    await viewer.click('[data-testid="tab-propose"]');
    await viewer.fill('[data-testid="pf-name"]', 'Storm at the lighthouse');
    await viewer.fill('[data-testid="pf-proposer"]', 'Sam');
    await viewer.fill('[data-testid="pf-description"]', 'The keeper and a lost sailor wait out a storm together.');
    const chars = viewer.locator('[data-testid="pf-character"]');
    const fillChar = async (i: number, name: string, colour: string, persona: string) => {
      const c = chars.nth(i);
      await c.locator('[data-testid="pf-char-name"]').fill(name);
      await c.locator('[data-testid="pf-char-colour"]').fill(colour);
      await c.locator('[data-testid="pf-char-persona"]').fill(persona);
    };
    await fillChar(0, 'Keeper', 'orange', 'A gruff but kind old lighthouse keeper.');
    await fillChar(1, 'Sailor', '#3355ff', 'A young sailor, chatty and a bit scared.');
    await viewer.click('[data-testid="pf-submit"]');
    await viewer.waitForSelector('[data-testid="pf-colour-error"]');
    const none = await gql<{ proposals: unknown[] }>(server.url, '{ proposals { id } }');
    expect(none.proposals).toHaveLength(0);

    await chars.nth(0).locator('[data-testid="pf-char-colour"]').fill('#aa5500');
    await viewer.click('[data-testid="pf-submit"]');
    await viewer.waitForSelector('[data-testid="pf-sent"]', { timeout: 10_000 });
    const stored = await gql<{ proposals: { name: string; characters: { colour: string }[] }[] }>(
      server.url,
      '{ proposals { name characters { colour } } }',
    );
    expect(stored.proposals.map((p) => p.name)).toEqual(['Storm at the lighthouse']);
    expect(stored.proposals[0]!.characters.map((c) => c.colour)).toEqual(['#aa5500', '#3355ff']);
  });

  it('counts one vote per client', async () => {
    await viewer.click('[data-testid="tab-list"]');
    const card = viewer.locator('[data-testid="proposal"]').first();
    await card.locator('[data-testid="vote-up"]').click();
    await waitFor('the vote', async () => (await card.locator('[data-testid="score"]').textContent()) === '1');
    await card.locator('[data-testid="vote-up"]').click();
    await waitFor('the refusal', async () =>
      ((await card.locator('[data-testid="proposal-note"]').textContent()) ?? '').includes('already voted'),
    );
    expect(await card.locator('[data-testid="score"]').textContent()).toBe('1');
    const data = await gql<{ proposals: { score: number }[] }>(server.url, '{ proposals { score } }');
    expect(data.proposals[0]!.score).toBe(1);
    await card.scrollIntoViewIfNeeded();
    await viewer.screenshot({ path: artifact('proposals-laptop.png') });
  });

  it('lets the moderator approve it from the queue, and reads well on a phone', async () => {
    const item = mod.locator('[data-testid="queue-item"]').first();
    await mod.click('[data-testid="mod-resume"]'); // the panel reloads the queue on its own poll; resuming also refreshes
    await waitFor('the queue to list it', async () => {
      await mod.evaluate(() => window.__pixeltales!.app.proposals.loadQueue());
      return (await item.count()) > 0;
    });
    await item.locator('[data-testid="queue-approve"]').click();
    await waitFor('approval', async () => {
      const d = await gql<{ proposals: { status: string }[] }>(server.url, '{ proposals { status } }');
      return d.proposals[0]!.status === 'APPROVED';
    });

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await phone.addInitScript((t) => sessionStorage.setItem('pixeltales.moderatorToken', t), TOKEN);
    await phone.goto(`${server.url}/scene/${SLUG}`);
    await phone.waitForSelector('[data-testid="moderator-panel"]', { timeout: 20_000 });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await phone.locator('[data-testid="moderator-panel"]').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: artifact('moderator-phone.png') });
    await phone.locator('[data-testid="proposals"]').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: artifact('proposals-phone.png') });
    await phone.close();
  });

  it('threw nothing uncaught', () => {
    expect(pageErrors).toEqual([]);
  });
});
