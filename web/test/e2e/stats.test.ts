import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { jsBudget, STATS_BUDGET_BYTES } from '../../scripts/jsBudget';
import {
  chromiumAvailable,
  ensureWebBuilt,
  freePort,
  gql,
  injectAxe,
  launchChromium,
  ROOT,
  startServer,
  tempDb,
  type RunningServer,
  waitFor,
  WEB_DIST_TEST,
  SCREENS,
} from './support';

/**
 * The /stats page end to end: the real server with lines already written, the built app,
 * Chromium at phone and desktop sizes. The page's numbers are compared with the same queries
 * made by the test, the charts' canvases are read back for their series colours, and the
 * screenshots go to docs/ (the README shows them).
 */
const run = chromiumAvailable();
const MODERATOR = 'stats-e2e-moderator-token';
const VIEWS = { phone: SCREENS.phone, desktop: SCREENS.desktop };

interface Usage {
  usage: { buckets: { start: number; turns: number; promptTokens: number; completionTokens: number }[] };
}

/** Pixels of one colour (within a tolerance) drawn on a chart's canvas. */
function colourPixels(page: Page, testid: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(
    ({ testid, rgb }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${testid}"] canvas`);
      if (!canvas) return -1;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (
          data[i + 3]! > 100 &&
          Math.abs(data[i]! - rgb[0]) < 24 &&
          Math.abs(data[i + 1]! - rgb[1]) < 24 &&
          Math.abs(data[i + 2]! - rgb[2]) < 24
        )
          n++;
      }
      return n;
    },
    { testid, rgb },
  );
}

const num = (text: string | null) => Number((text ?? '').replace(/[^0-9.]/g, ''));

describe.runIf(run)('the stats page', () => {
  let server: RunningServer;
  let browser: Browser;
  const pages = new Map<keyof typeof VIEWS, Page>();
  const errors: string[] = [];
  let db: string;
  let port: number;
  let key = '';

  /** POST a document to the server with a bearer token (an API key or the moderator's). */
  async function post<T>(
    query: string,
    variables: Record<string, unknown>,
    token = key,
  ): Promise<{ data?: T; errors?: { extensions?: { code?: string } }[] }> {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
  }
  async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = await post<T>(query, variables);
    if (!body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    port = await freePort();
    db = tempDb();
    // Write some history: scenes talk with nobody watching, then the server restarts with the
    // default (scenes wait for viewers), so the numbers hold still while the page is compared.
    const writer = await startServer(port, db, { RUN_WITHOUT_VIEWERS: 'true' });
    await waitFor(
      'a dozen lines',
      async () => (await gql<{ stats: { turns: number } }>(writer.url, '{ stats { turns } }')).stats.turns >= 12,
      60_000,
    );
    await writer.stop();
    // The page must work where anonymous callers may run only the web app's own documents; the
    // test asks its own questions with an API key, as a third-party dashboard would.
    server = await startServer(port, db, { TRUSTED_DOCUMENTS_ONLY: 'true', MODERATOR_TOKENS: `admin:${MODERATOR}` });
    const created = await post<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "stats e2e" }) { secret } }',
      {},
      MODERATOR,
    );
    key = created.data!.createApiKey.secret;
    browser = await launchChromium();
    for (const [name, options] of Object.entries(VIEWS) as [keyof typeof VIEWS, BrowserContextOptions][]) {
      const page = await browser.newPage(options);
      page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
      await page.goto(`${server.url}/stats`);
      pages.set(name, page);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("anonymous documents that are not the web app's are refused (so the page runs on trusted documents)", async () => {
    const anonymous = await post('{ stats { turns } }', {}, '');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  for (const name of Object.keys(VIEWS) as (keyof typeof VIEWS)[]) {
    it(`${name}: the tiles show the totals the API reports`, async () => {
      const page = pages.get(name)!;
      const { stats } = await api<{ stats: { turns: number; promptTokens: number; completionTokens: number } }>(
        '{ stats { turns promptTokens completionTokens } }',
      );
      await page.locator('[data-testid="tile-turns"] .value', { hasText: /\d/ }).waitFor({ timeout: 20_000 });
      expect(num(await page.locator('[data-testid="tile-turns"] .value').textContent())).toBe(stats.turns);
      expect(num(await page.locator('[data-testid="tile-prompt"] .value').textContent())).toBe(stats.promptTokens);
      expect(num(await page.locator('[data-testid="tile-completion"] .value').textContent())).toBe(stats.completionTokens);
    });

    it(`${name}: the charts draw the usage series the API returns for the page's range`, async () => {
      const page = pages.get(name)!;
      const charts = page.locator('[data-testid="charts"]');
      await waitFor('the series', async () => num(await page.locator('[data-testid="chart-lines"]').getAttribute('data-points')) > 0);
      const since = Number(await charts.getAttribute('data-since'));
      const until = Number(await charts.getAttribute('data-until'));
      const bucket = await charts.getAttribute('data-bucket');
      expect(until - since).toBe(3_600_000);
      expect(bucket).toBe('MINUTE');
      const { usage } = await api<Usage>(
        'query ($since: Timestamp!, $until: Timestamp!) { usage(bucket: MINUTE, since: $since, until: $until) { buckets { start turns promptTokens completionTokens } } }',
        { since, until },
      );
      const sum = (k: 'turns' | 'promptTokens' | 'completionTokens') => usage.buckets.reduce((s, b) => s + b[k], 0);
      expect(sum('turns')).toBeGreaterThanOrEqual(12);
      const lines = page.locator('[data-testid="chart-lines"]');
      expect(Number(await lines.getAttribute('data-points'))).toBe(usage.buckets.length);
      expect(Number((await lines.getAttribute('data-sums'))!.split(',')[0])).toBe(sum('turns'));
      const tokens = (await page.locator('[data-testid="chart-tokens"]').getAttribute('data-sums'))!.split(',').map(Number);
      expect(tokens).toEqual([sum('promptTokens'), sum('completionTokens')]);
      // The canvases really show the series: the bars' yellow, the tokens' blue and green, the cost's purple.
      expect(await colourPixels(page, 'chart-lines', [255, 207, 90])).toBeGreaterThan(30);
      expect(await colourPixels(page, 'chart-tokens', [122, 215, 255])).toBeGreaterThan(30);
      expect(await colourPixels(page, 'chart-tokens', [159, 224, 176])).toBeGreaterThan(30);
      expect(await colourPixels(page, 'chart-cost', [182, 156, 255])).toBeGreaterThan(10);
      // Per scene: every scene's lines in the range add up to the range's total.
      const sceneLines = await page.locator('[data-testid="by-scene"] tbody tr td:nth-child(2)').allTextContents();
      expect(sceneLines.reduce((s, t) => s + num(t), 0)).toBe(sum('turns'));
      const modelLines = await page.locator('[data-testid="by-model"] tbody tr td:nth-child(2)').allTextContents();
      expect(modelLines.reduce((s, t) => s + num(t), 0)).toBe(sum('turns'));
      // Per character: the rows characterStats returns for the range, in its order.
      const { characterStats } = await api<{ characterStats: { characterId: string; lines: number }[] }>(
        'query ($since: Timestamp!, $until: Timestamp!) { characterStats(since: $since, until: $until) { characterId lines } }',
        { since, until },
      );
      const rows = page.locator('[data-testid="by-character"] tbody tr');
      expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.id))).toEqual(
        characterStats.map((c) => c.characterId),
      );
      expect((await rows.locator('td:nth-child(2)').allTextContents()).map(num)).toEqual(characterStats.map((c) => c.lines));
      expect(await rows.first().locator('.moods li').count()).toBeGreaterThan(0);
    });
  }

  it('desktop: a scene filter and a wider range ask the API again', async () => {
    const page = pages.get('desktop')!;
    const { scenes } = await api<{ scenes: { id: string }[] }>('{ scenes { id } }');
    const { stats } = await api<{ stats: { byScene: { sceneId: string; turns: number }[] } }>('{ stats { byScene { sceneId turns } } }');
    const busiest = [...stats.byScene].sort((a, b) => b.turns - a.turns)[0]!;
    expect(scenes.map((s) => s.id)).toContain(busiest.sceneId);
    await page.getByRole('button', { name: 'Last week' }).click();
    await page.locator('[data-testid="scene-filter"]').selectOption(busiest.sceneId);
    await waitFor('the week per hour', async () => (await page.locator('[data-testid="charts"]').getAttribute('data-bucket')) === 'HOUR');
    await waitFor(
      'the scene total',
      async () => num(await page.locator('[data-testid="tile-turns"] .value').textContent()) === busiest.turns,
    );
    await waitFor('the scene series', async () => {
      const sums = await page.locator('[data-testid="chart-lines"]').getAttribute('data-sums');
      return Number(sums?.split(',')[0]) === busiest.turns;
    });
    expect(await page.getByRole('button', { name: 'Last week' }).getAttribute('aria-pressed')).toBe('true');
    // A custom range the other way round is refused on the page, and nothing is asked.
    await page.getByRole('button', { name: 'Custom…' }).click();
    await page.locator('[data-testid="custom-range"] input').nth(0).fill('2026-11-30T10:00');
    await page.locator('[data-testid="custom-range"] input').nth(1).fill('2026-11-30T09:00');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('before To');
    expect(await page.locator('[data-testid="charts"]').getAttribute('data-bucket')).toBe('HOUR');
    await page.locator('[data-testid="scene-filter"]').selectOption('');
    await page.getByRole('button', { name: 'Last hour' }).click();
    await waitFor('back to the hour', async () => (await page.locator('[data-testid="charts"]').getAttribute('data-bucket')) === 'MINUTE');
  });

  it('live: someone watches a scene, and the feed moves the tiles, the current minute and the viewers chart', async () => {
    const page = pages.get('desktop')!;
    const chartSum = async (testid: string, series = 0) =>
      Number((await page.locator(`[data-testid="${testid}"]`).getAttribute('data-sums'))!.split(',')[series]);
    const linesBefore = await chartSum('chart-lines');
    const turnsBefore = num(await page.locator('[data-testid="tile-turns"] .value').textContent());
    const refreshesBefore = Number(await page.locator('[data-testid="charts"]').getAttribute('data-refreshes'));
    // The viewer stays until the end, so the screenshots show someone watching.
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    {
      await viewer.goto(`${server.url}/scene/rooftop-garden`);
      // The tiles follow statsFeed: a viewer and new lines, with no reload of the page.
      await waitFor(
        'the viewer on the tile',
        async () => num(await page.locator('[data-testid="tile-viewers"] .value').textContent()) >= 1,
        30_000,
      );
      await waitFor(
        'new lines on the tile',
        async () => num(await page.locator('[data-testid="tile-turns"] .value').textContent()) > turnsBefore,
        60_000,
      );
      expect(await page.locator('[data-testid="stats-tiles"]').getAttribute('data-at')).toMatch(/^\d+$/);
      // The charts read the newest minute again: more lines drawn than before, and someone watching.
      await waitFor('the current minute re-read', async () => (await chartSum('chart-lines')) > linesBefore, 30_000);
      expect(Number(await page.locator('[data-testid="charts"]').getAttribute('data-refreshes'))).toBeGreaterThan(refreshesBefore);
      await waitFor('a peak viewer sampled', async () => (await chartSum('chart-viewers', 1)) >= 1, 30_000);
      // The canvas is redrawn on the next frame after the data changes: wait for the peak line itself
      // (drawn over the average, which equals it when a minute has one sample so far).
      await waitFor('the viewers line drawn', async () => (await colourPixels(page, 'chart-viewers', [255, 122, 168])) > 10, 10_000);
      // The tables moved with the feed too: the scenes' lines add up to the chart's.
      await waitFor('the tables re-read', async () => {
        const lines = await page.locator('[data-testid="by-scene"] tbody tr td:nth-child(2)').allTextContents();
        return lines.reduce((s, t) => s + num(t), 0) === (await chartSum('chart-lines'));
      });
    }
  });

  for (const name of Object.keys(VIEWS) as (keyof typeof VIEWS)[]) {
    it(`${name}: no serious or critical axe-core violations, nothing wider than the screen; screenshot`, async () => {
      const page = pages.get(name)!;
      await injectAxe(page);
      const found = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(
                ctx: Document,
                o: object,
              ): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe;
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      expect(found.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ROOT, 'docs', `stats-${name}.png`), fullPage: true });
    });
  }

  it("README's Node example: web/scripts/followStats.ts follows statsFeed over graphql-ws", async () => {
    const run = (env: Record<string, string>, args: string[] = []) =>
      new Promise<{ code: number | null; out: string; err: string }>((done) => {
        const child = spawn(
          process.execPath,
          [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'web', 'scripts', 'followStats.ts'), ...args],
          {
            env: { ...process.env, PIXELTALES_URL: `ws://127.0.0.1:${port}/graphql`, PIXELTALES_KEY: key, ...env },
          },
        );
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += String(d)));
        child.stderr.on('data', (d) => (err += String(d)));
        child.on('exit', (code) => done({ code, out, err }));
      });
    const before = (await api<{ stats: { turns: number } }>('{ stats { turns } }')).stats.turns;
    const all = await run({ FOLLOW_COUNT: '1' });
    expect(all.code, all.err).toBe(0);
    const update = JSON.parse(all.out.trim());
    expect(update.turns).toBeGreaterThanOrEqual(before);
    expect(Object.keys(update).sort()).toEqual(['at', 'completionTokens', 'costUsd', 'promptTokens', 'turns', 'viewers']);
    // One scene's totals: what stats says for that scene (or more, lines keep coming while someone watches).
    const { stats } = await api<{ stats: { byScene: { sceneId: string; turns: number }[] } }>('{ stats { byScene { sceneId turns } } }');
    const one = await run({ FOLLOW_COUNT: '1' }, [stats.byScene[0]!.sceneId]);
    expect(one.code, one.err).toBe(0);
    expect(JSON.parse(one.out.trim()).turns).toBeGreaterThanOrEqual(stats.byScene[0]!.turns);
    // Without the key, this server (TRUSTED_DOCUMENTS_ONLY) refuses the script's own document.
    const anonymous = await run({ FOLLOW_COUNT: '1', PIXELTALES_KEY: '' });
    expect(anonymous.code).toBe(1);
    expect(anonymous.err).toContain('FORBIDDEN');
    // An unknown scene: the API's error, printed, and a failing exit code.
    const bad = await run({ FOLLOW_COUNT: '1' }, ['no-such-scene']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('NOT_FOUND');
  });

  it("keeps uPlot and the page out of the viewer's JS, within the stats page's own budget", () => {
    const { viewer, stats } = jsBudget(WEB_DIST_TEST);
    expect(stats.files.map((f) => f.name).some((n) => n.startsWith('stats-'))).toBe(true);
    expect(stats.total).toBeLessThanOrEqual(STATS_BUDGET_BYTES);
    for (const f of viewer.files) {
      const code = readFileSync(join(WEB_DIST_TEST, 'assets', f.name), 'utf8');
      expect(code).not.toContain('u-legend');
      expect(code).not.toContain('query StatsOverview');
    }
    expect(stats.files.some((f) => readFileSync(join(WEB_DIST_TEST, 'assets', f.name), 'utf8').includes('u-legend'))).toBe(true);
  });

  it('threw nothing uncaught', () => {
    expect(errors).toEqual([]);
  });
});
