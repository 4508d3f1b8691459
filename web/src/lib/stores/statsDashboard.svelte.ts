import type { Client } from '@urql/core';
import { problemOf } from '../graphql/errors';
import type { StatsOverviewQuery, UsageSeriesQuery } from '../graphql/generated/stats/graphql';
import {
  CharacterStatsQuery as CharactersDoc,
  StatsFeedSubscription,
  StatsOverviewQuery as OverviewDoc,
  UsageSeriesQuery as UsageDoc,
} from '../graphql/stats';
import { BUCKET_MS, bucketStart, characterParts, presetRange, type BucketSize, type Preset, type Range } from '../stats/range';
import {
  breakdown,
  mergeBuckets,
  mergeCharacterRows,
  totals,
  type BreakdownRow,
  type Bucket,
  type CharacterRow,
  type Totals,
} from '../stats/series';

export type Overview = StatsOverviewQuery;
type ApiBucket = UsageSeriesQuery['usage']['buckets'][number];

/** What the tiles show: all-time totals (for the scene filter) and viewers now, moved on by the live feed. */
export interface Tiles extends Totals {
  viewers: number;
  /** Server time of the last live update, or null before the first. */
  at: number | null;
}

function toBucket(b: ApiBucket): Bucket {
  return { ...b };
}

interface Tables {
  sceneRows: BreakdownRow[];
  modelRows: BreakdownRow[];
  characters: CharacterRow[];
  charactersSince: number;
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
  characters = $state.raw<CharacterRow[]>([]);
  /** The part of the range the character table covers (all of it, unless the range is very long). */
  charactersSince = $state(0);
  tiles = $state<Tiles | null>(null);
  /** Live updates received from `statsFeed` for the current scene filter. */
  feedUpdates = $state(0);
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
    this.follow();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.generation++;
  }

  /**
   * Follow `statsFeed` for the scene filter: it sends the current all-time totals at once, then
   * at most one update a second. Each one moves the tiles and asks for the newest bucket again.
   */
  private follow(): void {
    for (const stop of this.stops.splice(0)) stop();
    const sceneId = this.sceneId;
    const sub = this.urql.subscription(StatsFeedSubscription, { sceneId }).subscribe((result) => {
      const u = result.data?.statsFeed;
      if (!u || sceneId !== this.sceneId) return;
      const before = this.tiles;
      this.tiles = {
        turns: u.turns,
        promptTokens: u.promptTokens,
        completionTokens: u.completionTokens,
        costUsd: u.costUsd,
        viewers: u.viewers,
        at: u.at,
      };
      this.feedUpdates++;
      if (before && (before.turns !== u.turns || before.viewers !== u.viewers)) void this.refreshCurrent();
    });
    this.stops.push(() => sub.unsubscribe());
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
    this.tiles = null;
    this.follow();
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
      // The feed's totals are newer than a query's once it has spoken.
      if (!this.tiles?.at) this.tiles = this.tilesFrom(overview.data, sceneId);
      const [series, tables] = await Promise.all([
        this.series(range, range.bucket, range.since, sceneId),
        this.tables(range, sceneId, overview.data),
      ]);
      if (gen !== this.generation) return;
      this.buckets = series;
      this.setTables(tables);
      this.error = null;
    } catch (err) {
      if (gen === this.generation) this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (gen === this.generation) this.loading = false;
    }
  }

  /**
   * Something changed: read the newest bucket again (a sliding range also moves its window) and
   * the range's tables, at most every few seconds and one read at a time.
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
      const [fresh, tables] = await Promise.all([
        this.series(range, range.bucket, from, this.sceneId),
        this.overview ? this.tables(range, this.sceneId, this.overview) : null,
      ]);
      if (gen !== this.generation) return;
      this.range = range;
      this.buckets = mergeBuckets(this.buckets, fresh, range.since, BUCKET_MS[range.bucket]);
      if (tables) this.setTables(tables);
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

  /** The range's per-scene, per-model and per-character numbers. */
  private async tables(range: Range, sceneId: string | null, overview: Overview): Promise<Tables> {
    const models = overview.stats.byModel.map((m) => m.model);
    const scenes = overview.scenes;
    const parts = characterParts(range.since, range.until);
    const [sceneSums, modelSums, characters] = await Promise.all([
      Promise.all(scenes.map((s) => this.sum(range, s.id, null))),
      Promise.all(models.map((m) => this.sum(range, sceneId, m))),
      Promise.all(parts.map((p) => this.characterPart(p.since, p.until, sceneId))),
    ]);
    return {
      sceneRows: breakdown(scenes.map((s, i) => ({ key: s.id, label: s.name, ...sceneSums[i]! }))),
      modelRows: breakdown(models.map((m, i) => ({ key: m, label: m, ...modelSums[i]! }))),
      characters: mergeCharacterRows(characters),
      charactersSince: parts[0]?.since ?? range.since,
    };
  }

  private setTables(t: Tables): void {
    this.sceneRows = t.sceneRows;
    this.modelRows = t.modelRows;
    this.characters = t.characters;
    this.charactersSince = t.charactersSince;
  }

  private async characterPart(since: number, until: number, sceneId: string | null): Promise<CharacterRow[]> {
    const result = await this.urql.query(CharactersDoc, { since, until, sceneId }).toPromise();
    if (!result.data) throw new Error(problemOf(result.error)?.message ?? 'No answer from the server.');
    return result.data.characterStats;
  }

  /** Totals of the range for one scene and/or model, read in day buckets (a handful per call). */
  private async sum(range: Range, sceneId: string | null, model: string | null): Promise<Totals> {
    return totals(await this.series(range, 'DAY', range.since, sceneId, model));
  }
}
