import { createApi, type Api } from '../graphql/client';
import { ClockStore } from './clock.svelte';
import { ConnectionStore } from './connection.svelte';
import { Credentials } from './credentials';
import { LayoutStore } from './layout.svelte';
import { MemoriesStore } from './memories.svelte';
import { ModeratorStore } from './moderator.svelte';
import { ProposalsStore } from './proposals.svelte';
import { ScenesStore } from './scenes.svelte';
import { StageStore } from './stage.svelte';
import { StatsStore } from './stats.svelte';
import { ViewerSession } from './viewerSession';

export interface AppStores {
  api: Api;
  connection: ConnectionStore;
  clock: ClockStore;
  scenes: ScenesStore;
  stage: StageStore;
  /** What the shown scene's characters remember (the character cards). */
  memories: MemoriesStore;
  stats: StatsStore;
  layout: LayoutStore;
  moderator: ModeratorStore;
  proposals: ProposalsStore;
  stop(): void;
}

/** Build every store over one connection and start the long-lived ones. */
export function createAppStores(url?: string): AppStores {
  const connection = new ConnectionStore();
  const credentials = new Credentials();
  const api = createApi(connection, url, () => credentials.params());
  const clock = new ClockStore();
  const scenes = new ScenesStore(api.urql, connection);
  const stage = new StageStore(api.urql, connection, clock);
  const memories = new MemoriesStore(api.urql);
  const stats = new StatsStore(api.urql);
  const layout = new LayoutStore();
  const moderator = new ModeratorStore(
    api.urql,
    credentials,
    () => api.reconnect(),
    (role) => stage.setShowHidden(role === 'MODERATOR'),
  );
  const proposals = new ProposalsStore(api.urql, new ViewerSession(api.urql, credentials, () => api.reconnect()));
  if (credentials.token) void moderator.check();
  // OpenID Connect: offer the sign-in button when configured; finish a sign-in this page is the redirect of.
  void moderator.loadSignIn();
  if (typeof location !== 'undefined') void moderator.completeSignIn(typeof sessionStorage === 'undefined' ? null : sessionStorage);
  clock.start();
  scenes.start();
  stats.start();
  return {
    api,
    connection,
    clock,
    scenes,
    stage,
    memories,
    stats,
    layout,
    moderator,
    proposals,
    stop() {
      stage.destroy();
      memories.stop();
      scenes.stop();
      stats.stop();
      clock.stop();
      api.dispose();
    },
  };
}
