import type { Client } from '@urql/core';
import { createApi, type Api } from '../graphql/client';
import { problemOf } from '../graphql/errors';
import type { StatsOverviewQuery, UsageSeriesQuery } from '../graphql/generated/stats/graphql';
import { StatsOverviewQuery as OverviewDoc, UsageSeriesQuery as UsageDoc } from '../graphql/stats';
import { BUCKET_MS, bucketStart, presetRange, type BucketSize, type Preset, type Range } from '../stats/range';
import { breakdown, mergeBuckets, totals, type BreakdownRow, type Bucket, type Totals } from '../stats/series';
import { ConnectionStore } from './connection.svelte';

export type Overview = StatsOverviewQuery;
type ApiBucket = UsageSeriesQuery['usage']['buckets'][number];

/** What the tiles show: all-time totals (for the scene filter) and viewers now, moved on by the live feed. */
export interface Tiles extends Totals {
  viewers: number;
  /** Server time of the last live update, or null before the first. */
  at: number | null;
}

function toBucket(b: ApiBucket): Bucket {
  return { ...b, peakViewers: 0, averageViewers: 0 };
}

/** Least time between two refreshes of the current bucket (the feed may say something changed every second). */
const REFRESH_GAP_MS = 2_000;

/**
 * The stats page's data, read through the public API only: `stats` and `scenes` for the
 * tiles and names, `usage` for the series and the per-scene and per-model breakdowns. A change
 * of range or scene reloads everything; a result for an older choice is dropped.
 */
export class StatsDashboardStore {
  preset = $state<Preset | 'custom'>('hour');
  range = $state<Range>(presetRange('hour', Date.now()));
  sceneId = $state<string | null>(null);
  overview = $state.raw<Overview | null>(null);
  buckets = $state.raw<Bucket[]>([]);
  sceneRows = $state.raw<BreakdownRow[]>([]);
  modelRows = $state.raw<BreakdownRow[]>([]);
  tiles = $state<Tiles | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** Times the series' newest buckets were read again after the first load. */
  refreshes = $state(0);
  private generation = 0;
  private refreshing: Promise<void> | null = null;
  private lastRefresh = 0;
  private stops: (() => void)[] = [];

  constructor(
    private readonly urql: Client,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    void this.load();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.generation++;
  }

  /** A scene's name (for the headings), when the overview has it. */
  sceneName(id: string): string | undefined {
    return this.overview?.scenes.find((s) => s.id === id)?.name;
  }

  setPreset(preset: Preset): void {
    this.preset = preset;
    this.range = presetRange(preset, this.now());
    void this.load();
  }

  setCustom(range: Range): void {
    this.preset = 'custom';
    this.range = range;
    void this.load();
  }

  setScene(sceneId: string | null): void {
    this.sceneId = sceneId;
    void this.load();
  }

  /** Read everything for the current choice. */
  async load(): Promise<void> {
    const gen = ++this.generation;
    if (this.preset !== 'custom') this.range = presetRange(this.preset, this.now());
    const { range, sceneId } = this;
    this.loading = true;
    try {
      const overview = await this.urql.query(OverviewDoc, {}).toPromise();
      if (gen !== this.generation) return;
      if (!overview.data) throw new Error(problemOf(overview.error)?.message ?? 'No answer from the server.');
      this.overview = overview.data;
      this.tiles = this.tilesFrom(overview.data, sceneId);
      const models = overview.data.stats.byModel.map((m) => m.model);
      const scenes = overview.data.scenes;
      const [series, sceneSums, modelSums] = await Promise.all([
        this.series(range, range.bucket, range.since, sceneId),
        Promise.all(scenes.map((s) => this.sum(range, s.id, null))),
        Promise.all(models.map((m) => this.sum(range, sceneId, m))),
      ]);
      if (gen !== this.generation) return;
      this.buckets = series;
      this.sceneRows = breakdown(scenes.map((s, i) => ({ key: s.id, label: s.name, ...sceneSums[i]! })));
      this.modelRows = breakdown(models.map((m, i) => ({ key: m, label: m, ...modelSums[i]! })));
      this.error = null;
    } catch (err) {
      if (gen === this.generation) this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (gen === this.generation) this.loading = false;
    }
  }

  /**
   * Something changed: read the newest bucket again (a sliding range also moves its window),
   * at most every few seconds and one read at a time.
   */
  refreshCurrent(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const wait = Math.max(0, this.lastRefresh + REFRESH_GAP_MS - this.now());
    this.refreshing = new Promise<void>((r) => setTimeout(r, wait))
      .then(() => this.readCurrent())
      .finally(() => {
        this.lastRefresh = this.now();
        this.refreshing = null;
      });
    return this.refreshing;
  }

  private async readCurrent(): Promise<void> {
    const gen = this.generation;
    const old = this.range;
    if (!old.live) return;
    const next = presetRange(this.preset as Preset, this.now());
    const range: Range = { ...next, bucket: old.bucket };
    const last = this.buckets.at(-1)?.start ?? range.since;
    const from = Math.max(range.since, Math.min(last, bucketStart(range.bucket, this.now())));
    try {
      const fresh = await this.series(range, range.bucket, from, this.sceneId);
      if (gen !== this.generation) return;
      this.range = range;
      this.buckets = mergeBuckets(this.buckets, fresh, range.since, BUCKET_MS[range.bucket]);
      this.refreshes++;
    } catch {
      // The next feed update tries again; a full reload shows errors.
    }
  }

  private tilesFrom(o: Overview, sceneId: string | null): Tiles {
    if (!sceneId)
      return {
        turns: o.stats.turns,
        promptTokens: o.stats.promptTokens,
        completionTokens: o.stats.completionTokens,
        costUsd: o.stats.estimatedCostUsd,
        viewers: o.stats.viewers,
        at: null,
      };
    const s = o.stats.byScene.find((r) => r.sceneId === sceneId);
    return {
      turns: s?.turns ?? 0,
      promptTokens: s?.promptTokens ?? 0,
      completionTokens: s?.completionTokens ?? 0,
      costUsd: s?.estimatedCostUsd ?? 0,
      viewers: o.scenes.find((r) => r.id === sceneId)?.viewers ?? 0,
      at: null,
    };
  }

  private async series(
    range: Range,
    bucket: BucketSize,
    since: number,
    sceneId: string | null,
    model: string | null = null,
  ): Promise<Bucket[]> {
    const result = await this.urql.query(UsageDoc, { bucket, since, until: range.until, sceneId, model }).toPromise();
    if (!result.data) throw new Error(problemOf(result.error)?.message ?? 'No answer from the server.');
    return result.data.usage.buckets.map(toBucket);
  }

  /** Totals of the range for one scene and/or model, read in day buckets (a handful per call). */
  private async sum(range: Range, sceneId: string | null, model: string | null): Promise<Totals> {
    return totals(await this.series(range, 'DAY', range.since, sceneId, model));
  }
}

export interface StatsDashboard {
  api: Api;
  connection: ConnectionStore;
  dashboard: StatsDashboardStore;
  stop(): void;
}

/** The stats page's connection and store; it opens no scene stream, so it never counts as a viewer. */
export function createStatsDashboard(url?: string): StatsDashboard {
  const connection = new ConnectionStore();
  const api = createApi(connection, url);
  const dashboard = new StatsDashboardStore(api.urql);
  dashboard.start();
  const off = connection.onReconnect(() => void dashboard.load());
  return {
    api,
    connection,
    dashboard,
    stop() {
      off();
      dashboard.stop();
      api.dispose();
    },
  };
}
