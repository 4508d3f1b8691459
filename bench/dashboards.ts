/**
 * The dashboards row (`npm run bench -- --dashboards-only`): does polling `stats` and `usage`
 * slow the turn loop? One API process (PostgreSQL, or SQLite with --no-services) with a long
 * history of lines already stored, scenes talking on the scripted model; turn latency is
 * measured with no dashboards and with 200 dashboards each polling `stats` and `usage` every 5 s
 * over HTTP, in alternating phases.
 *
 * Turn latency here is the turn's own work, commit to commit and on to a viewer: from the
 * timestamp of the commit that marks the speaker THINKING to a subscriber receiving the line (the
 * scripted model's call, which takes about nothing, the line's transaction with its rollup
 * upserts, the publish and the fan-out). The scheduled pauses between turns are left out, so
 * the number is what load can stretch.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { cpus, loadavg } from 'node:os';
import { openDatabase } from '../api/src/adapters/db/orm.js';
import { sqlRows } from '../api/src/adapters/db/sql.js';
import { percentile, round, sleep } from './ops.js';
import { cpuMs, startApi, type ApiProcess } from './server.js';

export interface DashboardsPlan {
  /** Dashboards polling in the loaded phase. */
  dashboards: number;
  /** Each dashboard polls `stats` and `usage` this often. */
  pollMs: number;
  /** Length of each phase. */
  seconds: number;
  /** Lines stored before measuring (history the reads would have to scan without rollups). */
  historyLines: number;
  /** Scenes talking. */
  scenes: number;
}

export const FULL_DASHBOARDS: DashboardsPlan = { dashboards: 200, pollMs: 5_000, seconds: 60, historyLines: 200_000, scenes: 8 };
export const QUICK_DASHBOARDS: DashboardsPlan = { dashboards: 20, pollMs: 1_000, seconds: 4, historyLines: 2_000, scenes: 2 };

const EVENTS = `subscription ($id: ID!) { sceneEvents(sceneId: $id) {
  __typename at ... on CharacterChanged { character { id action } } ... on MessagePosted { message { turn } } } }`;
const STATS =
  '{ stats { turns promptTokens completionTokens estimatedCostUsd viewers byModel { model turns } byScene { sceneId turns } } }';
const USAGE = `query ($since: Timestamp!, $until: Timestamp!) { usage(bucket: MINUTE, since: $since, until: $until) {
  buckets { start turns promptTokens completionTokens costUsd linesPerMinute peakViewers averageViewers } } }`;

type EventFrame = { sceneEvents: { __typename: string; at: number; character?: { action: string }; message?: { turn: number } } };

/**
 * Turn latencies per scene while `seconds` pass: from the THINKING commit's timestamp (the
 * server's clock; the bench runs on the same machine) to this subscriber receiving the line.
 */
async function measureTurns(api: ApiProcess, sceneIds: string[], seconds: number) {
  const client = createClient({ url: api.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  const turnMs: number[] = [];
  const thinkingAt = new Map<string, number>();
  let measuring = false;
  const stops = sceneIds.map((id) =>
    client.subscribe<EventFrame>(
      { query: EVENTS, variables: { id } },
      {
        next: ({ data }) => {
          const e = data?.sceneEvents;
          if (!e) return;
          const now = Date.now();
          if (e.__typename === 'CharacterChanged' && e.character?.action === 'THINKING') thinkingAt.set(id, e.at);
          if (e.__typename === 'MessagePosted') {
            const since = thinkingAt.get(id);
            thinkingAt.delete(id);
            if (measuring && since !== undefined) turnMs.push(now - since);
          }
        },
        error: (err) => console.error('bench subscription failed', err),
        complete: () => undefined,
      },
    ),
  );
  // The scenes wake for their viewers; the first turns are warm-up.
  await sleep(3_000);
  const cpu0 = cpuMs(api.pid);
  const t0 = performance.now();
  measuring = true;
  await sleep(seconds * 1000);
  measuring = false;
  const cpuPerSec = (cpuMs(api.pid) - cpu0) / ((performance.now() - t0) / 1000);
  for (const stop of stops) stop();
  await client.dispose();
  const sorted = turnMs.slice().sort((a, b) => a - b);
  return { samples: sorted, p50: percentile(sorted, 50), p99: percentile(sorted, 99), cpuPerSec };
}

/** `count` dashboards polling `stats` and `usage` every `pollMs`, evenly staggered, until stopped. */
function startDashboards(api: ApiProcess, count: number, pollMs: number) {
  const latencies: number[] = [];
  let failed = 0;
  let stopped = false;
  const poll = async () => {
    const until = Math.floor(Date.now() / 60_000) * 60_000;
    const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify(variables ? { query, variables } : { query });
    for (const payload of [body(STATS), body(USAGE, { since: until - 60 * 60_000, until })]) {
      const t0 = performance.now();
      try {
        const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
        const json = (await res.json()) as { errors?: unknown };
        if (!res.ok || json.errors) failed++;
        else latencies.push(performance.now() - t0);
      } catch {
        failed++;
      }
    }
  };
  const loops = Array.from({ length: count }, async (_, i) => {
    await sleep((i * pollMs) / count);
    while (!stopped) {
      const started = performance.now();
      await poll();
      await sleep(Math.max(0, pollMs - (performance.now() - started)));
    }
  });
  return async () => {
    stopped = true;
    await Promise.all(loops);
    return { requests: latencies.length, failed, latencies };
  };
}

/**
 * Store `lines` lines spread over 7 days ending a day ago (an epoch of their own, so they never meet a
 * live turn) with their rollup rows, as the turn would have written them, in batches.
 */
async function seedLines(url: string, lines: number): Promise<{ rollupReadMs: number; groupByMs: number }> {
  const orm = await openDatabase({ url });
  try {
    const em = orm.em.fork();
    const cast = await sqlRows<{ id: string; scene_id: string; name: string }>(em, 'select id, scene_id, name from character');
    const now = Date.now();
    const span = 7 * 24 * 3_600_000;
    const BATCH = 500;
    for (let start = 0; start < lines; start += BATCH) {
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let i = start; i < Math.min(lines, start + BATCH); i++) {
        const c = cast[i % cast.length]!;
        // Older than the budget windows (a day by default), so the history spends no budget now.
        const at = now - span - 25 * 3_600_000 + Math.floor((i / lines) * span);
        rows.push(`(?, 1000000, ?, ?, ?, null, null, ${Array.from({ length: 16 }, () => '?').join(', ')})`);
        values.push(c.scene_id, i, c.id, c.name, 'A line from long ago.', '', 'calm', '🙂', '', 1 + (i % 10));
        values.push(false, null, 3000, 'bench-history', 800, 60, 900, false, false, at);
      }
      await em
        .getConnection()
        .execute(
          `insert into message (scene_id, epoch, turn, speaker_id, speaker_name, recipient_id, recipient_name, content, thoughts, mood, mood_emoji, reaction, rating, end_conversation, move_to, speaking_ms, model, prompt_tokens, completion_tokens, latency_ms, fallback, hidden, created_at) values ${rows.join(', ')}`,
          values,
        );
    }
    // The rollups of those lines, grouped once, as the turns would have kept them.
    const old = `from message where epoch = 1000000`;
    await em
      .getConnection()
      .execute(
        `insert into usage_minute (scene_id, model, minute, turns, prompt_tokens, completion_tokens) select scene_id, model, (created_at / 60000) * 60000, count(*), sum(prompt_tokens), sum(completion_tokens) ${old} group by scene_id, model, (created_at / 60000) * 60000`,
      );
    await em
      .getConnection()
      .execute(
        `insert into usage_total (scene_id, model, turns, prompt_tokens, completion_tokens, latency_ms) select scene_id, model, count(*), sum(prompt_tokens), sum(completion_tokens), sum(latency_ms) ${old} group by scene_id, model`,
      );
    await em
      .getConnection()
      .execute(
        `insert into character_minute (scene_id, character_id, name, minute, lines, rating_sum) select max(scene_id), speaker_id, max(speaker_name), (created_at / 60000) * 60000, count(*), sum(rating) ${old} group by speaker_id, (created_at / 60000) * 60000`,
      );
    // What one `stats` call cost before the rollups (a group-by over every message) and costs now.
    const time = async (sql: string) => {
      const t0 = performance.now();
      await sqlRows(em, sql);
      return round(performance.now() - t0, 1);
    };
    const groupByMs = await time(
      'select scene_id, model, count(*) as n, sum(prompt_tokens) as p, sum(completion_tokens) as c, avg(latency_ms) as l from message group by scene_id, model',
    );
    const rollupReadMs = await time('select scene_id, model, turns, prompt_tokens, completion_tokens, latency_ms from usage_total');
    return { rollupReadMs, groupByMs };
  } finally {
    await orm.close();
  }
}

type Measured = Awaited<ReturnType<typeof measureTurns>>;

/**
 * Both conditions on one server, interleaved (quiet, loaded, quiet, loaded; half the time each),
 * so a shared box's changing load falls on both alike.
 */
export async function dashboardsRow(plan: DashboardsPlan, setup: string, env: Record<string, string>) {
  // With RESPONSE_CACHE=false in `env` the polls reach the resolvers: the row measures the rollup reads.
  const api = await startApi({ TIME_SCALE: '0.02', RUN_WITHOUT_VIEWERS: 'false', SEED_EXTRA_SCENES: String(plan.scenes), ...env });
  try {
    const { scenes } = await api.gql<{ scenes: { id: string }[] }>('{ scenes { id } }');
    const ids = scenes.slice(0, plan.scenes).map((s) => s.id);
    const history = await seedLines(env.DATABASE_URL!, plan.historyLines);
    console.log(
      `dashboards: ${plan.historyLines} lines of history; stats as a group-by ${history.groupByMs} ms, from usage_total ${history.rollupReadMs} ms`,
    );
    const merged = { quiet: [] as Measured[], loaded: [] as Measured[] };
    const polls = { requests: 0, failed: 0, latencies: [] as number[] };
    for (const loaded of [false, true, false, true]) {
      const stop = loaded ? startDashboards(api, plan.dashboards, plan.pollMs) : null;
      const m = await measureTurns(api, ids, plan.seconds / 2);
      const p = await stop?.();
      if (p) {
        polls.requests += p.requests;
        polls.failed += p.failed;
        polls.latencies.push(...p.latencies);
      }
      console.log(`dashboards: ${loaded ? plan.dashboards : 0} dashboards ${JSON.stringify({ ...m, samples: m.samples.length })}`);
      (loaded ? merged.loaded : merged.quiet).push(m);
    }
    const row = (dashboards: number, parts: Measured[]) => {
      const sorted = parts.flatMap((m) => m.samples).sort((a, b) => a - b);
      const pollSorted = polls.latencies.slice().sort((a, b) => a - b);
      return {
        setup,
        dashboards,
        scenes: ids.length,
        historyLines: plan.historyLines,
        turns: sorted.length,
        turnP50Ms: round(percentile(sorted, 50), 1),
        turnP99Ms: round(percentile(sorted, 99), 1),
        turnMaxMs: round(sorted.at(-1) ?? Number.NaN, 1),
        apiCpuMsPerSec: round(parts.reduce((a, m) => a + m.cpuPerSec, 0) / parts.length, 0),
        pollRequests: dashboards ? polls.requests : 0,
        pollFailed: dashboards ? polls.failed : 0,
        pollP50Ms: dashboards ? round(percentile(pollSorted, 50), 1) : null,
        pollP99Ms: dashboards ? round(percentile(pollSorted, 99), 1) : null,
      };
    };
    // Lookups while measuring and before (the bench's own `scenes` read is one of them).
    const hits = await api.metric('pixeltales_response_cache_hits_total');
    const misses = await api.metric('pixeltales_response_cache_misses_total');
    const cacheHitRate = hits + misses > 0 ? round(hits / (hits + misses), 3) : null;
    return {
      rows: [row(0, merged.quiet), row(plan.dashboards, merged.loaded)],
      history,
      cacheHitRate,
      cpus: cpus().length,
      loadAfter: loadavg()[0],
    };
  } finally {
    await api.stop();
  }
}
