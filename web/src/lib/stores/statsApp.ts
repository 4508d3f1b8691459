import { createApi, type Api } from '../graphql/client';
import { ConnectionStore } from './connection.svelte';
import { StatsDashboardStore } from './statsDashboard.svelte';

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
