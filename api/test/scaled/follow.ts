import type { Client } from 'graphql-ws';
import { MessageEntity, SceneEntity } from '../../src/adapters/db/entities.js';
import type { Orm } from '../../src/adapters/db/orm.js';

export const EVENTS = /* GraphQL */ `
  subscription Events($sceneId: ID!, $afterSeq: Int) {
    sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {
      __typename
      seq
      epoch
      ... on MessagePosted {
        message {
          turn
          speakerName
          content
        }
      }
    }
  }
`;

export interface Ev {
  __typename: string;
  seq: number;
  epoch: number;
  message?: { turn: number; speakerName: string; content: string };
}

/** A live `sceneEvents` subscription that records everything it receives, in order. */
export function follow(client: Client, sceneId: string, afterSeq?: number) {
  const events: Ev[] = [];
  const errors: unknown[] = [];
  const iterator = client.iterate<{ sceneEvents: Ev }>({ query: EVENTS, variables: { sceneId, afterSeq } });
  let ended = false;
  const done = (async () => {
    try {
      for await (const r of iterator) {
        if (r.errors) errors.push(...r.errors);
        if (r.data) events.push(r.data.sceneEvents);
      }
    } catch (err) {
      errors.push(err);
    } finally {
      ended = true;
    }
  })();
  return {
    events,
    errors,
    get ended() {
      return ended;
    },
    messages: () => events.filter((e) => e.__typename === 'MessagePosted'),
    async stop() {
      await iterator.return?.();
      await done;
    },
  };
}

/** Seqs go up by exactly one from the first event on (no gap, no repeat). */
export function gaps(events: Ev[], from?: number): string[] {
  const problems: string[] = [];
  let expected = from ?? events[0]?.seq ?? 0;
  for (const e of events) {
    if (e.seq !== expected) problems.push(`expected seq ${expected}, got ${e.seq}`);
    expected = e.seq + 1;
  }
  return problems;
}

/** The scene's stored messages of the current epoch: turn numbers must be 1..n, once each. */
export async function storedTurns(orm: Orm, sceneId: string): Promise<{ epoch: number; turns: number[]; fallbacks: number }> {
  const em = orm.em.fork();
  const scene = await em.findOneOrFail(SceneEntity, { id: sceneId });
  const rows = await em.find(MessageEntity, { sceneId, epoch: scene.epoch }, { orderBy: { turn: 'asc' } });
  return { epoch: scene.epoch, turns: rows.map((r) => r.turn), fallbacks: rows.filter((r) => r.fallback).length };
}

export async function sceneIdBySlug(orm: Orm, slug: string): Promise<string> {
  return (await orm.em.fork().findOneOrFail(SceneEntity, { slug })).id;
}
