import type { Client } from '@urql/core';
import type { StatsQuery as StatsResult } from '../graphql/generated/graphql';
import { StatsQuery } from '../graphql/operations';

export type Stats = StatsResult['stats'];

/** Usage numbers (tokens, turns, models), refreshed on a slow poll while the page is visible. */
export class StatsStore {
  stats = $state<Stats | null>(null);
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly urql: Client) {}

  start(intervalMs = 10_000): void {
    void this.refresh();
    this.timer = setInterval(() => {
      if (typeof document === 'undefined' || document.visibilityState === 'visible') void this.refresh();
    }, intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async refresh(): Promise<void> {
    const result = await this.urql.query(StatsQuery, {}).toPromise();
    if (result.data) this.stats = result.data.stats;
  }

  forScene(sceneId: string) {
    return this.stats?.byScene.find((s) => s.sceneId === sceneId) ?? null;
  }
}
