import type { Client } from '@urql/core';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ModerationLogStore } from './moderationLog.svelte';

const entry = (id: number, sceneId = 's1') => ({
  id: String(id),
  at: 1_700_000_000_000 + id,
  moderator: 'alice',
  action: 'PAUSE_SCENE' as const,
  sceneId,
  proposalId: null,
  messageId: null,
  reason: null,
  detail: null,
});
type Vars = { first: number; after: string | null; sceneId: string | null };
type Reply = { data?: unknown; error?: CombinedError };

/** A urql stand-in whose answers the test releases by hand. */
function fakeUrql() {
  const pending: { variables: Vars; answer: (r: Reply) => void }[] = [];
  const client = {
    query: (_doc: unknown, variables: Vars) => ({
      toPromise: () => new Promise<Reply>((answer) => pending.push({ variables, answer })),
    }),
  } as unknown as Client;
  return { client, pending };
}
const page = (ids: number[], hasNextPage: boolean) => ({
  data: { moderationLog: { nodes: ids.map((i) => entry(i)), pageInfo: { hasNextPage, endCursor: hasNextPage ? `c${ids.at(-1)}` : null } } },
});
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('ModerationLogStore', () => {
  it('loads a scene newest first and appends older pages with the cursor', async () => {
    const { client, pending } = fakeUrql();
    const log = new ModerationLogStore(client);
    const loading = log.reload('s1');
    expect(pending[0]!.variables).toEqual({ first: 20, after: null, sceneId: 's1' });
    pending[0]!.answer(page([9, 8], true));
    await loading;
    expect(log.entries.map((e) => e.id)).toEqual(['9', '8']);
    expect(log.hasMore).toBe(true);
    const more = log.more();
    expect(pending[1]!.variables).toEqual({ first: 20, after: 'c8', sceneId: 's1' });
    pending[1]!.answer(page([7], false));
    await more;
    expect(log.entries.map((e) => e.id)).toEqual(['9', '8', '7']);
    expect(log.hasMore).toBe(false);
    await log.more();
    expect(pending).toHaveLength(2);
  });

  it('all scenes asks without a scene; a reload started later wins over an older answer', async () => {
    const { client, pending } = fakeUrql();
    const log = new ModerationLogStore(client);
    const first = log.reload('s1');
    const second = log.reload(null);
    expect(pending[1]!.variables.sceneId).toBeNull();
    pending[1]!.answer(page([5], false));
    await second;
    pending[0]!.answer(page([1, 2, 3], false));
    await first;
    await settle();
    expect(log.entries.map((e) => e.id)).toEqual(['5']);
    expect(log.loading).toBe(false);
  });

  it("shows the server's message when it refuses", async () => {
    const { client, pending } = fakeUrql();
    const log = new ModerationLogStore(client);
    const loading = log.reload('s1');
    pending[0]!.answer({
      error: new CombinedError({
        graphQLErrors: [new GraphQLError('This operation needs a moderator token', { extensions: { code: 'UNAUTHENTICATED' } })],
      }),
    });
    await loading;
    expect(log.problem).toBe('This operation needs a moderator token');
    expect(log.entries).toEqual([]);
  });
});
