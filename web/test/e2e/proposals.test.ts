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
 * Proposals between two viewers (two browser contexts, two client ids): a new proposal and
 * every vote appear on the other page without a reload, a vote can be changed, a double
 * submit stores one proposal, and a persona that is too long is counted, not cut.
 */
const run = chromiumAvailable();

describe.runIf(run)('proposals, live for every viewer', () => {
  let server: RunningServer;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer(await freePort(), tempDb());
    browser = await launchChromium();
    alice = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    bob = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    for (const p of [alice, bob]) {
      p.on('pageerror', (e) => errors.push(e.message));
      await p.goto(`${server.url}/scene/lost-luggage`);
      await p.waitForSelector('[data-testid="proposals"]', { timeout: 20_000 });
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('counts a persona that is too long instead of cutting it', async () => {
    await alice.click('[data-testid="tab-propose"]');
    const persona = alice.locator('[data-testid="pf-char-persona"]').first();
    await persona.fill('p'.repeat(520));
    expect((await persona.inputValue()).length).toBe(520);
    const counter = alice.locator('[data-testid="pf-persona-count"]').first();
    expect(await counter.textContent()).toContain('520/500');
    expect(await counter.textContent()).toContain('20 too many');
    await persona.fill('A careful night porter who logs every umbrella.');
    expect(await counter.textContent()).not.toContain('too many');
  });

  it('stores one proposal for a double submit, and the other viewer sees it appear', async () => {
    await alice.fill('[data-testid="pf-name"]', 'Umbrellas at midnight');
    await alice.fill('[data-testid="pf-proposer"]', 'Alice');
    await alice.fill('[data-testid="pf-description"]', 'A porter and a traveller sort a mountain of umbrellas.');
    const chars = alice.locator('[data-testid="pf-character"]');
    await chars.nth(0).locator('[data-testid="pf-char-name"]').fill('Porter');
    await chars.nth(1).locator('[data-testid="pf-char-name"]').fill('Traveller');
    await chars.nth(1).locator('[data-testid="pf-char-persona"]').fill('A traveller who lost a very special umbrella.');
    await alice.click('[data-testid="pf-submit"]', { clickCount: 2, delay: 0 });
    await alice.waitForSelector('[data-testid="pf-sent"]', { timeout: 10_000 });
    const stored = await gql<{ proposals: { name: string }[] }>(server.url, '{ proposals { name } }');
    expect(stored.proposals.filter((p) => p.name === 'Umbrellas at midnight')).toHaveLength(1);
    // Bob never reloaded: the proposal arrives over the subscription.
    await bob.locator('[data-testid="proposal"]', { hasText: 'Umbrellas at midnight' }).waitFor({ timeout: 10_000 });
  });

  it('shows votes live and lets a viewer change theirs', async () => {
    await alice.click('[data-testid="tab-list"]');
    const bobCard = bob.locator('[data-testid="proposal"]', { hasText: 'Umbrellas at midnight' });
    const aliceCard = alice.locator('[data-testid="proposal"]', { hasText: 'Umbrellas at midnight' });
    const score = (card: typeof bobCard) => card.locator('[data-testid="score"]').textContent();
    await bobCard.locator('[data-testid="vote-up"]').click();
    await waitFor("Alice to see Bob's vote", async () => (await score(aliceCard)) === '1');
    await bobCard.locator('[data-testid="vote-down"]').click();
    await waitFor('the changed vote on both pages', async () => (await score(aliceCard)) === '-1' && (await score(bobCard)) === '-1');
    expect(await bobCard.locator('[data-testid="proposal-note"]').textContent()).toContain('Vote changed');
    expect(await bobCard.locator('[data-testid="vote-down"]').getAttribute('aria-pressed')).toBe('true');
    // Alice's own vote is hers: the push did not mark her as having voted.
    expect(await aliceCard.locator('[data-testid="vote-down"]').getAttribute('aria-pressed')).toBe('false');
    await bobCard.scrollIntoViewIfNeeded();
    await bob.screenshot({ path: artifact('proposals-phone.png') });
  });

  it('threw nothing uncaught', () => {
    expect(errors).toEqual([]);
  });
});
