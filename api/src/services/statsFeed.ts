import { Repeater } from 'graphql-yoga';
import type { Logger } from 'pino';
import { SceneEntity } from '../adapters/db/entities.js';
import type { Orm } from '../adapters/db/orm.js';
import type { Config } from '../config.js';
import type { AppPubSub } from '../graphql/topics.js';
import type { Clock } from '../ports/clock.js';
import type { Presence } from '../ports/presence.js';
import { estimateCostUsd } from './budget.js';
import { usageTotals } from './usage.js';

/** The shortest time between two updates of one feed. */
export const STATS_FEED_WINDOW_MS = 1_000;

/** Totals of one feed: all time, for one scene or all of them. */
export interface StatsFeedUpdate {
  at: number;
  turns: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  viewers: number;
}

/** Timers, injectable so tests decide when a window ends. */
export interface FeedScheduler {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realScheduler: FeedScheduler = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface StatsFeedDeps {
  orm: Orm;
  pubsub: AppPubSub;
  presence: Presence;
  clock: Clock;
  config: Pick<Config, 'budget'>;
  logger: Logger;
}

export interface StatsFeed {
  /** Current totals now, then at most one update per window while something changes. */
  subscribe(sceneId: string | null): AsyncIterableIterator<StatsFeedUpdate>;
  /** Live feeds (one per scene or total with subscribers) in this process. */
  readonly active: number;
  stop(): Promise<void>;
}

/** The totals of a feed from the all-time rollup (scenes × models rows) and presence. */
export async function readFeedTotals(deps: StatsFeedDeps, sceneId: string | null): Promise<StatsFeedUpdate> {
  const rows = await usageTotals(deps, sceneId);
  const viewers = sceneId ? await deps.presence.count(sceneId) : [...(await deps.presence.counts()).values()].reduce((a, b) => a + b, 0);
  const out: StatsFeedUpdate = { at: deps.clock.now(), turns: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, viewers };
  for (const r of rows) {
    out.turns += r.turns;
    out.promptTokens += r.promptTokens;
    out.completionTokens += r.completionTokens;
    // The memory calls' tokens are in the cost (not in the turns' token counts).
    out.costUsd += estimateCostUsd(
      deps.config.budget.prices,
      r.model,
      r.promptTokens + r.memoryPromptTokens,
      r.completionTokens + r.memoryCompletionTokens,
    );
  }
  return out;
}

const same = (a: StatsFeedUpdate, b: StatsFeedUpdate) =>
  a.turns === b.turns && a.promptTokens === b.promptTokens && a.completionTokens === b.completionTokens && a.viewers === b.viewers;

/**
 * Dashboards' live totals. One hub per scene (or the total) per process, whatever the number of
 * subscribers: it listens on the pub/sub (lines posted in its scenes, viewer counts), so changes
 * committed by any worker reach every replica, and coalesces them: the first change after a
 * quiet spell arms the hub's one timer for a window, every change inside it rides along, and
 * when it ends the totals are read once from the rollup and sent to every subscriber when they
 * differ from the last ones sent. So updates are at least a window apart, and 50 lines in one
 * window make one update. A hub stops listening when its last subscriber leaves.
 */
export function createStatsFeed(deps: StatsFeedDeps, options: { windowMs?: number; scheduler?: FeedScheduler } = {}): StatsFeed {
  const windowMs = options.windowMs ?? STATS_FEED_WINDOW_MS;
  const scheduler = options.scheduler ?? realScheduler;
  const hubs = new Map<string, ReturnType<typeof createHub>>();

  function createHub(sceneId: string | null) {
    const listeners = new Set<(u: StatsFeedUpdate) => void>();
    const sources: AsyncIterator<unknown>[] = [];
    const followed = new Set<string>();
    let timer: unknown = null;
    let dirty = false;
    let last: StatsFeedUpdate | null = null;
    let closed = false;

    const flush = async () => {
      timer = null;
      if (!dirty || closed) return;
      dirty = false;
      try {
        const totals = await readFeedTotals(deps, sceneId);
        if (last && same(last, totals)) return;
        last = totals;
        for (const l of listeners) l(totals);
      } catch (err) {
        deps.logger.warn({ err, sceneId }, 'stats feed read failed');
      }
    };
    const changed = () => {
      dirty = true;
      timer ??= scheduler.set(() => void flush(), windowMs);
    };
    const follow = <T>(source: AsyncIterableIterator<T>, onItem: (item: T) => void) => {
      sources.push(source);
      void (async () => {
        for await (const item of source) onItem(item);
      })().catch((err: unknown) => deps.logger.warn({ err, sceneId }, 'stats feed source failed'));
    };
    const followScene = (id: string) => {
      if (closed || followed.has(id)) return;
      followed.add(id);
      follow(deps.pubsub.subscribe('scene:evented', id), (e) => {
        if (e.type === 'MESSAGE_POSTED') changed();
      });
    };

    const start = async () => {
      follow(deps.pubsub.subscribe('sceneList:changed'), (c) => {
        if (sceneId && c.sceneId !== sceneId) return;
        // A scene the total does not follow yet (a new conversation's scene) is followed from now on.
        if (!sceneId) followScene(c.sceneId);
        if (c.viewers !== undefined) changed();
      });
      if (sceneId) followScene(sceneId);
      else for (const s of await deps.orm.em.fork().find(SceneEntity, {}, { fields: ['id'] })) followScene(s.id);
    };
    const started = start();

    return {
      started,
      listeners,
      close() {
        closed = true;
        if (timer !== null) scheduler.clear(timer);
        timer = null;
        for (const s of sources) void s.return?.();
      },
    };
  }

  const keyOf = (sceneId: string | null) => sceneId ?? '';

  return {
    get active() {
      return hubs.size;
    },
    subscribe(sceneId) {
      return new Repeater<StatsFeedUpdate>(async (push, stop) => {
        const key = keyOf(sceneId);
        let hub = hubs.get(key);
        if (!hub) hubs.set(key, (hub = createHub(sceneId)));
        // Hub updates wait until this subscriber has had its first totals, and older ones are dropped.
        let live = false;
        const held: StatsFeedUpdate[] = [];
        const listener = (u: StatsFeedUpdate) => {
          if (live) void push(u);
          else held.push(u);
        };
        hub.listeners.add(listener);
        try {
          await hub.started;
          const first = await readFeedTotals(deps, sceneId);
          await push(first);
          for (let u = held.shift(); u; u = held.shift()) if (u.at >= first.at && !same(u, first)) await push(u);
          live = true;
          await stop;
        } finally {
          hub.listeners.delete(listener);
          if (hub.listeners.size === 0 && hubs.get(key) === hub) {
            hubs.delete(key);
            hub.close();
          }
        }
      });
    },
    async stop() {
      for (const hub of hubs.values()) hub.close();
      hubs.clear();
    },
  };
}
