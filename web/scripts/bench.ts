/**
 * Web benchmark: prints
 *   1. the viewer's JavaScript, brotli-compressed (zlib, quality 11), Phaser included, and apart from it the
 *      stats page's own chunk (uPlot included), each against its budget (web/scripts/jsBudget.ts);
 *   2. time to the first rendered scene frame after navigation in headless Chromium;
 *   3. frame-time percentiles over 10 s with 8 characters on stage in a running conversation.
 *
 * Run: `npm run bench:web` (builds the test build web/dist-test when stale, starts its own server on a free port
 * with a throwaway SQLite file). The 8-character scene is the built-in rooftop garden with
 * four extra characters written into the throwaway database before the server starts:
 * the built-in content is untouched.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Sqlite3 from 'sqlite3';
import { jsBudget, STATS_BUDGET_BYTES, VIEWER_BUDGET_BYTES } from './jsBudget';
import { ensureWebBuilt, freePort, launchChromium, startServer, tempDb, WEB_DIST_TEST } from '../test/e2e/support';

const require = createRequire(import.meta.url);
const FRAME_SECONDS = Number(process.env.BENCH_FRAME_SECONDS ?? 10);
const RUNS = Number(process.env.BENCH_FIRST_FRAME_RUNS ?? 5);

const EXTRA = [
  { name: 'Priya', colour: '#e8873b', appearance: 'Round glasses, a orange scarf.', spot: 'table' },
  { name: 'Tomás', colour: '#3f6fc9', appearance: 'A straw hat, a moustache.', spot: 'water tank' },
  { name: 'Wren', colour: '#9b6ae8', appearance: 'A purple raincoat.', spot: 'bench' },
  { name: 'Old Sal', colour: '#c9423b', appearance: 'Silver hair, a green apron.', spot: 'stairs' },
];

/** Add four characters to the rooftop scene in a stopped server's SQLite file. */
async function addCharacters(databaseUrl: string): Promise<void> {
  const sqlite3 = require('sqlite3') as typeof Sqlite3;
  const db = new sqlite3.Database(databaseUrl.replace(/^sqlite:/, ''));
  const run = (sql: string, params: unknown[] = []) =>
    new Promise<void>((ok, fail) => db.run(sql, params, (err) => (err ? fail(err) : ok())));
  const get = <T>(sql: string, params: unknown[] = []) =>
    new Promise<T>((ok, fail) => db.get(sql, params, (err, row) => (err ? fail(err) : ok(row as T))));
  const scene = await get<{ id: string }>("select id from scene where slug = 'rooftop-garden'");
  const now = Date.now();
  for (const [i, c] of EXTRA.entries()) {
    await run(
      `insert into character (id, scene_id, sort_order, name, colour, persona, appearance, talkativeness, home_spot,
        base_mood, base_mood_emoji, spot, facing, action, action_started_at, action_duration_ms, mood, mood_emoji)
       values (?, ?, ?, ?, ?, ?, ?, 1, ?, 'curious', '🤔', ?, 'down', 'IDLE', ?, 0, 'curious', '🤔')`,
      [
        randomUUID(),
        scene.id,
        10 + i,
        c.name,
        c.colour,
        `${c.name} is a neighbour with opinions about tomatoes.`,
        c.appearance,
        c.spot,
        c.spot,
        now,
      ],
    );
  }
  await new Promise<void>((ok) => db.close(() => ok()));
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  ensureWebBuilt();
  // The test build the bench serves: the production bundle plus the small test hook it reads.
  const size = jsBudget(WEB_DIST_TEST);

  const port = await freePort();
  const db = tempDb();
  const seedServer = await startServer(port, db);
  await seedServer.stop();
  await addCharacters(db);
  // The bench measures the browser, not the server's guards: at TIME_SCALE 0.1 the model-call
  // window and the per-scene token budget must not be what stops the 8-character scene.
  const server = await startServer(port, db, {
    TIME_SCALE: process.env.BENCH_TIME_SCALE ?? '0.1',
    LLM_RATE_MAX: '100000',
    BUDGET_SCENE_TOKENS: '2000000000',
    BUDGET_GLOBAL_TOKENS: '2000000000',
  });
  const browser = await launchChromium();
  try {
    // First frame: fresh context (cold cache) each run.
    const firstFrames: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/scene/ice-cream-shop`);
      await page.waitForFunction(() => (window.__pixeltales?.frames.length ?? 0) > 0, null, { timeout: 30_000 });
      firstFrames.push(await page.evaluate(() => window.__pixeltales!.frames[0]!.at));
      await context.close();
    }
    firstFrames.sort((a, b) => a - b);

    // Frame times with eight characters in a running conversation.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // tsx keeps function names with a `__name` helper that does not exist in the page.
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    const page = await context.newPage();
    await page.goto(`${server.url}/scene/rooftop-garden`);
    await page.waitForFunction(() => (window.__pixeltales?.stage?.().actors ?? 0) >= 8, null, { timeout: 30_000 });
    await page
      .waitForFunction(() => (window.__pixeltales?.snapshot().messages.length ?? 0) >= 2, null, { timeout: 60_000 })
      .catch(async (error: unknown) => {
        // Say why the scene is quiet (paused, budget, refused operations) instead of only timing out.
        const state = await page.evaluate(() => {
          const s = window.__pixeltales!.app.stage.scene;
          return {
            snapshot: window.__pixeltales!.snapshot(),
            status: s?.status,
            statusReason: s?.statusReason,
            budgetResumesAt: s?.budgetResumesAt,
          };
        });
        console.error(
          '[bench] no lines from the 8-character scene:',
          JSON.stringify(state),
          '\nserver log tail:\n' + server.log.join('').slice(-4000),
        );
        throw error;
      });
    const result = await page.evaluate(async (seconds) => {
      const deltas: number[] = [];
      let bubbles = 0;
      let samples = 0;
      const lines = window.__pixeltales!.snapshot().messages.length;
      await new Promise<void>((done) => {
        const end = performance.now() + seconds * 1000;
        let last = performance.now();
        const tick = (t: number) => {
          deltas.push(t - last);
          last = t;
          const info = window.__pixeltales!.stage?.();
          if (info) {
            bubbles += info.speaking + info.thinking;
            samples++;
          }
          if (t < end) requestAnimationFrame(tick);
          else done();
        };
        requestAnimationFrame(tick);
      });
      const game = window.__pixeltales!.game as { renderer?: { type?: number } } | undefined;
      return {
        deltas: deltas.slice(1),
        renderer: game?.renderer?.type === 2 ? 'WebGL' : game?.renderer?.type === 1 ? 'Canvas' : 'unknown',
        bubbleShare: samples ? bubbles / samples : 0,
        linesDuring: window.__pixeltales!.snapshot().messages.length - lines,
      };
    }, FRAME_SECONDS);
    await context.close();
    const sorted = [...result.deltas].sort((a, b) => a - b);
    const out = {
      jsBrotliBytes: size.viewer.total,
      jsFiles: size.viewer.files,
      statsJsBrotliBytes: size.stats.total,
      statsJsFiles: size.stats.files,
      firstFrameMs: { median: Math.round(pct(firstFrames, 50)), max: Math.round(firstFrames.at(-1)!), runs: firstFrames.map(Math.round) },
      frames: {
        seconds: FRAME_SECONDS,
        count: sorted.length,
        fps: +(sorted.length / FRAME_SECONDS).toFixed(1),
        p50: +pct(sorted, 50).toFixed(2),
        p95: +pct(sorted, 95).toFixed(2),
        p99: +pct(sorted, 99).toFixed(2),
        max: +sorted.at(-1)!.toFixed(2),
        renderer: result.renderer,
        averageBubblesOnStage: +result.bubbleShare.toFixed(2),
        linesPostedDuring: result.linesDuring,
      },
    };
    console.log(`viewer JS (brotli q11, incl. Phaser): ${(out.jsBrotliBytes / 1024).toFixed(1)} KiB (${out.jsBrotliBytes} bytes)`);
    for (const f of out.jsFiles)
      console.log(`  ${f.name}: ${(f.raw / 1024).toFixed(0)} KiB raw, ${(f.brotli / 1024).toFixed(1)} KiB brotli`);
    console.log(`  budget ${VIEWER_BUDGET_BYTES} bytes${out.jsBrotliBytes > VIEWER_BUDGET_BYTES ? ': OVER' : ''}`);
    console.log(
      `stats page's own JS (brotli q11, lazily loaded, uPlot included): ${(out.statsJsBrotliBytes / 1024).toFixed(1)} KiB (${out.statsJsBrotliBytes} bytes; budget ${STATS_BUDGET_BYTES}${out.statsJsBrotliBytes > STATS_BUDGET_BYTES ? ': OVER' : ''})`,
    );
    console.log(
      `first scene frame after navigation: median ${out.firstFrameMs.median} ms, max ${out.firstFrameMs.max} ms (${RUNS} cold runs: ${out.firstFrameMs.runs.join(', ')})`,
    );
    console.log(
      `frame time, 8 characters, ${FRAME_SECONDS} s (${out.frames.renderer}): p50 ${out.frames.p50} ms, p95 ${out.frames.p95} ms, p99 ${out.frames.p99} ms, max ${out.frames.max} ms, ${out.frames.fps} fps, ${out.frames.linesPostedDuring} lines posted`,
    );
    console.log(JSON.stringify(out));
  } catch (err) {
    console.error(server.log.join('').slice(-3000));
    throw err;
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
