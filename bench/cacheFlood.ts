/**
 * The cache-flood row (`npm run bench -- --cache-flood-only`, issue 20): can anonymous reads that
 * bust the response cache grow the server's memory or stall it? One API process in production
 * mode (SQLite, no scenes running); 900 anonymous `usage(bucket: MINUTE)` reads of 10,000 buckets,
 * each with another `since` and other unused variables (what made a new cache entry per request
 * before), 16 in flight; `/healthz` is polled every 100 ms throughout and RSS sampled as often.
 *
 * Three rows: the default read limit (most of the flood is refused with RATE_LIMITED); READ_RATE_MAX
 * raised out of reach, so every read executes and the cache's byte bound alone has to hold memory;
 * and the same with the cache off, the floor any flood of wide reads costs (V8 lets old-space garbage
 * grow to several times the live heap before a full collection).
 */
import { percentile, round, sleep } from './ops.js';
import { rssBytes, startApi } from './server.js';

export interface CacheFloodPlan {
  reads: number;
  buckets: number;
  concurrency: number;
}

export const FULL_FLOOD: CacheFloodPlan = { reads: 900, buckets: 10_000, concurrency: 16 };
export const QUICK_FLOOD: CacheFloodPlan = { reads: 60, buckets: 2_000, concurrency: 4 };

const MINUTE = 60_000;
const METRICS_TOKEN = 'bench-metrics-token-0123456789';
/** About 33 bytes a bucket: ~330 KB a result, under the default 512 KiB entry cap, so every result is cached. */
const USAGE = `query Flood($since: Timestamp!, $until: Timestamp!) { usage(bucket: MINUTE, since: $since, until: $until) {
  buckets { start turns } } }`;

export interface CacheFloodRow {
  label: string;
  env: Record<string, string>;
  reads: number;
  ok: number;
  rateLimited: number;
  otherErrors: number;
  seconds: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  rssEndMiB: number;
  rssAfterGcMiB: number;
  rssGrowthPeakMiB: number;
  rssGrowthEndMiB: number;
  heapUsedAfterGcMiB: number;
  healthzPolls: number;
  healthzMaxMs: number;
  healthzP99Ms: number;
  healthzOver1s: number;
  cacheBytes: number;
  cacheEntries: number;
}

/** One flood against a fresh server started with `env` on top of production settings. */
export async function cacheFloodRow(
  plan: CacheFloodPlan,
  label: string,
  env: Record<string, string>,
  dbFile: string,
): Promise<CacheFloodRow> {
  const api = await startApi({
    NODE_ENV: 'production',
    DATABASE_URL: `sqlite:${dbFile}`,
    METRICS_TOKEN,
    // The default read limit unless the row sets one (startApi lifts it for the other rows).
    READ_RATE_MAX: '3000',
    ...env,
  });
  const base = api.url.replace('/graphql', '');
  try {
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    type Answer = { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    const read = async (i: number) => {
      const until = now - i * MINUTE;
      // Unused variables of another shape and size each time: keys of the old cache.
      const variables = { since: until - plan.buckets * MINUTE, until, [`u${i}`]: 'x'.repeat(i % 500), nested: { i, list: [i, [i]] } };
      const res = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: USAGE, variables }),
      });
      return (await res.json()) as Answer;
    };
    // Warm up what any first request pays (schema, parse cache, JIT), then take the baseline.
    for (let i = 0; i < 3; i++) await fetch(`${base}/healthz`);
    await read(plan.reads + 10);
    await api.gc();
    const rssBefore = rssBytes(api.pid);

    let rssPeak = rssBefore;
    const healthz: number[] = [];
    let running = true;
    const polls: Promise<unknown>[] = [];
    const sampler = (async () => {
      while (running) {
        const sent = performance.now();
        // Every 100 ms whether or not the last answer came: a stalled server shows as slow polls.
        polls.push(
          fetch(`${base}/healthz`)
            .then((r) => r.text())
            .then(() => healthz.push(performance.now() - sent))
            .catch(() => healthz.push(Number.POSITIVE_INFINITY)),
        );
        rssPeak = Math.max(rssPeak, rssBytes(api.pid));
        await sleep(100);
      }
      await Promise.all(polls);
    })();

    const started = performance.now();
    let next = 0;
    let ok = 0;
    let rateLimited = 0;
    let otherErrors = 0;
    await Promise.all(
      Array.from({ length: plan.concurrency }, async () => {
        while (next < plan.reads) {
          const body: Answer = await read(next++).catch((): Answer => ({ errors: [{}] }));
          if (!body.errors) ok++;
          else if (body.errors[0]?.extensions?.code === 'RATE_LIMITED') rateLimited++;
          else otherErrors++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    running = false;
    await sampler;
    const rssEnd = rssBytes(api.pid);
    rssPeak = Math.max(rssPeak, rssEnd);
    await api.gc();
    const rssAfterGc = rssBytes(api.pid);
    const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(metrics)?.[1] ?? NaN);
    const sorted = healthz.slice().sort((a, b) => a - b);
    const mib = (bytes: number) => round(bytes / 2 ** 20, 1);
    return {
      label,
      env,
      reads: plan.reads,
      ok,
      rateLimited,
      otherErrors,
      seconds: round(seconds, 1),
      rssBeforeMiB: mib(rssBefore),
      rssPeakMiB: mib(rssPeak),
      rssEndMiB: mib(rssEnd),
      rssAfterGcMiB: mib(rssAfterGc),
      rssGrowthPeakMiB: mib(rssPeak - rssBefore),
      rssGrowthEndMiB: mib(rssEnd - rssBefore),
      heapUsedAfterGcMiB: mib(metric('pixeltales_nodejs_heap_size_used_bytes')),
      healthzPolls: healthz.length,
      healthzMaxMs: round(sorted.at(-1) ?? Number.NaN, 1),
      healthzP99Ms: round(percentile(sorted, 99), 1),
      healthzOver1s: healthz.filter((ms) => ms > 1_000).length,
      cacheBytes: metric('pixeltales_response_cache_bytes'),
      cacheEntries: metric('pixeltales_response_cache_entries'),
    };
  } finally {
    await api.stop();
  }
}

export function formatFloodRow(r: CacheFloodRow): string {
  return [
    `cache flood (${r.label}): ${r.reads} reads in ${r.seconds} s: ${r.ok} answered, ${r.rateLimited} RATE_LIMITED, ${r.otherErrors} other errors`,
    `  RSS ${r.rssBeforeMiB} MiB before, peak ${r.rssPeakMiB} MiB (+${r.rssGrowthPeakMiB} MiB), ${r.rssEndMiB} MiB at the end (+${r.rssGrowthEndMiB} MiB), ${r.rssAfterGcMiB} MiB after a full gc (heap used ${r.heapUsedAfterGcMiB} MiB)`,
    `  /healthz: ${r.healthzPolls} polls, max ${r.healthzMaxMs} ms, p99 ${r.healthzP99Ms} ms, ${r.healthzOver1s} over 1 s`,
    `  response cache at the end: ${r.cacheEntries} entries, ${r.cacheBytes} bytes`,
  ].join('\n');
}
