import type { Client } from '@urql/core';
import type { SceneListQuery } from '../graphql/generated/graphql';
import { SceneListQuery as SceneListDoc, SceneListSubscription } from '../graphql/operations';
import type { ConnectionStore } from './connection.svelte';

export type SceneSummary = SceneListQuery['scenes'][number];

/**
 * Who is talking where changes every few seconds and the list stream carries only status,
 * viewers and epoch: the list is read again this often while the page is in view.
 */
export const LIST_REFRESH_MS = 8_000;

/** The scene list for the picker: loaded once, kept fresh by the `scenes` subscription and a slow re-read. */
export class ScenesStore {
  list = $state<SceneSummary[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  private stops: (() => void)[] = [];

  constructor(
    private readonly urql: Client,
    private readonly connection: ConnectionStore,
  ) {}

  start(): void {
    void this.load();
    const sub = this.urql.subscription(SceneListSubscription, {}).subscribe((result) => {
      const change = result.data?.scenes;
      if (!change) return;
      const index = this.list.findIndex((s) => s.id === change.sceneId);
      if (index < 0) {
        void this.load();
        return;
      }
      const row = this.list[index]!;
      this.list[index] = {
        ...row,
        status: change.status ?? row.status,
        viewers: change.viewers ?? row.viewers,
        epoch: change.epoch ?? row.epoch,
        // A new conversation or an end changes who talks and when the next one starts: read them.
        ...(change.epoch != null && change.epoch !== row.epoch ? { nextConversationAt: null } : {}),
      };
      if (change.status && change.status !== row.status) void this.load();
    });
    this.stops.push(() => sub.unsubscribe());
    // Changes made while we were away are not replayed for the list: reload it.
    this.stops.push(this.connection.onReconnect(() => void this.load()));
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || document.visibilityState === 'visible') void this.load();
    }, LIST_REFRESH_MS);
    this.stops.push(() => clearInterval(timer));
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  async load(): Promise<void> {
    const result = await this.urql.query(SceneListDoc, {}).toPromise();
    if (result.data) {
      this.list = result.data.scenes;
      this.loaded = true;
      this.error = null;
    } else if (result.error) {
      this.error = result.error.message;
    }
  }

  bySlug(slug: string): SceneSummary | undefined {
    return this.list.find((s) => s.slug === slug || s.id === slug);
  }
}
