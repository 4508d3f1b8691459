import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { sqlRows } from '../adapters/db/sql.js';
import type { Orm } from '../adapters/db/orm.js';
import type { Clock } from '../ports/clock.js';
import type { Presence } from '../ports/presence.js';
import { analyticsRead } from './analyticsReads.js';

/** How often viewers are sampled, on wall-clock boundaries shared by every process. */
export const VIEWER_SAMPLE_MS = 5_000;

/** The `viewer_minute` row holding the total over all scenes ('' is never a valid scene id). */
export const ALL_SCENES = '';

const MINUTE = 60_000;

/** Newer peak wins: `max` is spelt differently by SQLite and PostgreSQL, `case` is not. */
const UPSERT = `insert into viewer_minute (scene_id, minute, peak, sum, samples) values (?, ?, ?, ?, 1)
  on conflict (scene_id, minute) do update set
    peak = case when excluded.peak > viewer_minute.peak then excluded.peak else viewer_minute.peak end,
    sum = viewer_minute.sum + excluded.sum,
    samples = viewer_minute.samples + 1
  returning samples`;

/**
 * Store one sample: every scene's viewer count at one instant. The total row is written on
 * every sample (zero viewers included), so it counts the sample instants of its minute; a
 * scene's row only when it is watched. One transaction, so a reader never sees half a sample.
 */
export async function recordViewerSample(em: EntityManager, at: number, counts: ReadonlyMap<string, number>): Promise<void> {
  const minute = Math.floor(at / MINUTE) * MINUTE;
  let total = 0;
  for (const n of counts.values()) total += Math.max(0, n);
  await em.transactional(async (tx) => {
    await sqlRows(tx, UPSERT, [ALL_SCENES, minute, total, total]);
    for (const [sceneId, n] of counts) if (n > 0 && sceneId !== ALL_SCENES) await sqlRows(tx, UPSERT, [sceneId, minute, n, n]);
  });
}

/** Viewers of one bucket: the highest sample and the mean over its samples. */
export interface ViewerBucket {
  start: number;
  peak: number;
  average: number;
}

/**
 * Viewers per bucket of `sizeMs` over [since, until) (whole minutes), for one scene or the
 * total, read from `viewer_minute`. A scene's mean divides its sum by every sample instant of
 * the bucket (the total row's count), so samples where nobody watched it count as zeros.
 * Buckets with no sample are left out.
 */
export async function viewerBuckets(
  deps: { orm: Orm },
  q: { sizeMs: number; since: number; until: number; sceneId?: string | null },
): Promise<ViewerBucket[]> {
  const size = q.sizeMs;
  const scene = q.sceneId ?? ALL_SCENES;
  // `size` is one of the bucket constants, never client text (see usageBuckets).
  const rows = await analyticsRead(deps.orm, `viewer_minute:${size}:${q.since}:${q.until}:${scene}`, () =>
    sqlRows<{
      start: number | string;
      scene_id: string;
      peak: number | string;
      s: number | string;
      n: number | string;
    }>(
      deps.orm.em.fork(),
      `select (minute / ${size}) * ${size} as start, scene_id, max(peak) as peak, sum(sum) as s, sum(samples) as n
     from viewer_minute where minute >= ? and minute < ? and scene_id in (?, ?)
     group by (minute / ${size}) * ${size}, scene_id`,
      [q.since, q.until, ALL_SCENES, scene],
    ),
  );
  const byStart = new Map<number, { samples: number; peak: number; sum: number }>();
  const entry = (start: number) => byStart.get(start) ?? byStart.set(start, { samples: 0, peak: 0, sum: 0 }).get(start)!;
  for (const r of rows) {
    const e = entry(Number(r.start));
    if (r.scene_id === ALL_SCENES) e.samples = Number(r.n);
    if (r.scene_id === scene) {
      e.peak = Number(r.peak);
      e.sum = Number(r.s);
    }
  }
  return [...byStart].filter(([, e]) => e.samples > 0).map(([start, e]) => ({ start, peak: e.peak, average: e.sum / e.samples }));
}

/**
 * Decides which process stores the sample of an instant, so replicas sharing a Redis presence
 * (global counts) never store one instant twice: with Redis, `SET NX` on a key per instant.
 */
export interface SampleClaim {
  claim(instant: number): Promise<boolean>;
}

/** One process: it samples every instant, once. */
export function processClaim(): SampleClaim {
  let last = -Infinity;
  return {
    async claim(instant) {
      if (instant <= last) return false;
      last = instant;
      return true;
    },
  };
}

/** Minimal Redis surface the claim needs (ioredis' `set` with NX and PX). */
export interface ClaimRedis {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<'OK' | null>;
}

/** Replicas: the first to `SET NX` an instant's key stores it; the key outlives any clock skew. */
export function redisClaim(redis: ClaimRedis, prefix: string, owner: string): SampleClaim {
  return {
    async claim(instant) {
      return (await redis.set(`${prefix}:viewer-sample:${instant}`, owner, 'PX', 10 * MINUTE, 'NX')) === 'OK';
    },
  };
}

export interface ViewerSampler {
  /** Sample at the instant nearest `now` if this process wins it; true when it stored one. */
  sampleAt(now: number): Promise<boolean>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Samples presence every `intervalMs` on wall-clock boundaries (the same instants in every
 * process), storing each instant once through `claim`. A failed sample is logged and skipped:
 * it only makes that minute's average rest on fewer samples.
 */
export function createViewerSampler(deps: {
  orm: Orm;
  presence: Presence;
  clock: Clock;
  claim: SampleClaim;
  logger: Logger;
  intervalMs?: number;
}): ViewerSampler {
  const interval = deps.intervalMs ?? VIEWER_SAMPLE_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const sampleAt = async (now: number) => {
    // Rounded, so a timer that fires a little early or late still names the shared instant.
    const instant = Math.round(now / interval) * interval;
    if (!(await deps.claim.claim(instant))) return false;
    await recordViewerSample(deps.orm.em.fork(), instant, await deps.presence.counts());
    return true;
  };

  const schedule = () => {
    if (stopped) return;
    const now = deps.clock.now();
    const next = Math.floor(now / interval) * interval + interval;
    timer = setTimeout(() => {
      running = sampleAt(deps.clock.now())
        .catch((err: unknown) => deps.logger.warn({ err }, 'viewer sample failed'))
        .finally(schedule);
    }, next - now);
    timer.unref();
  };

  return {
    sampleAt,
    start() {
      if (!timer && !stopped) schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
