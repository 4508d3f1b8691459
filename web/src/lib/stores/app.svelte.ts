import { createApi, type Api } from '../graphql/client';
import { ClockStore } from './clock.svelte';
import { ConnectionStore } from './connection.svelte';
import { LayoutStore } from './layout.svelte';
import { ScenesStore } from './scenes.svelte';
import { StageStore } from './stage.svelte';
import { StatsStore } from './stats.svelte';

export interface AppStores {
  api: Api;
  connection: ConnectionStore;
  clock: ClockStore;
  scenes: ScenesStore;
  stage: StageStore;
  stats: StatsStore;
  layout: LayoutStore;
  stop(): void;
}

/** Build every store over one connection and start the long-lived ones. */
export function createAppStores(url?: string): AppStores {
  const connection = new ConnectionStore();
  const api = createApi(connection, url);
  const clock = new ClockStore();
  const scenes = new ScenesStore(api.urql, connection);
  const stage = new StageStore(api.urql, connection, clock);
  const stats = new StatsStore(api.urql);
  const layout = new LayoutStore();
  clock.start();
  scenes.start();
  stats.start();
  return {
    api,
    connection,
    clock,
    scenes,
    stage,
    stats,
    layout,
    stop() {
      stage.destroy();
      scenes.stop();
      stats.stop();
      clock.stop();
      api.dispose();
    },
  };
}
