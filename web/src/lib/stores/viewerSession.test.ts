import type { Client } from '@urql/core';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Credentials } from './credentials';
import { ProposalsStore } from './proposals.svelte';
import { ViewerSession } from './viewerSession';

function memory(): Storage {
  const data = new Map<string, string>();
  return {
    length: 0,
    clear: () => data.clear(),
    key: () => null,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

type Reply = { data?: unknown; error?: CombinedError };
/** A urql stand-in answering by operation name; records the calls in order. */
function fakeUrql(answer: (name: string) => Reply) {
  const calls: string[] = [];
  const run = (doc: { definitions: { name?: { value: string } }[] }) => {
    const name = doc.definitions.find((d) => d.name)?.name?.value ?? '?';
    calls.push(name);
    return { toPromise: async () => answer(name) };
  };
  return { client: { query: run, mutation: run } as unknown as Client, calls };
}

const gqlError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code, ...extra } })] });

const proposal = { id: 'p1', name: 'P', description: 'd', proposer: 'x', room: 'r', score: 1, myVote: 1, status: 'PROPOSED' };

describe('viewer session', () => {
  it('is started on the first vote, kept in localStorage, sent in connectionParams after one reconnect', async () => {
    const local = memory();
    const credentials = new Credentials(local, memory());
    let reconnects = 0;
    const { client, calls } = fakeUrql((name) =>
      name === 'StartViewerSession' ? { data: { startViewerSession: { token: 'pv1.token.sig' } } } : { data: { voteProposal: proposal } },
    );
    const store = new ProposalsStore(client, new ViewerSession(client, credentials, () => reconnects++));
    await store.vote('p1', 1);
    await store.vote('p1', -1);
    expect(calls).toEqual(['StartViewerSession', 'VoteProposal', 'VoteProposal']);
    expect(reconnects).toBe(1);
    expect(credentials.params()).toEqual({ clientId: credentials.clientId, viewerToken: 'pv1.token.sig' });
    // Another page of the same browser finds it.
    expect(new Credentials(local, memory()).viewerToken).toBe('pv1.token.sig');
  });

  it('replaces a kept session the server refuses, once', async () => {
    const credentials = new Credentials(memory(), memory());
    credentials.setViewerToken('pv1.old.sig');
    let votes = 0;
    const { client, calls } = fakeUrql((name) => {
      if (name === 'StartViewerSession') return { data: { startViewerSession: { token: 'pv1.new.sig' } } };
      return ++votes === 1
        ? { error: gqlError('UNAUTHENTICATED', 'Voting needs a viewer session', { reason: 'VIEWER_SESSION' }) }
        : { data: { voteProposal: proposal } };
    });
    const store = new ProposalsStore(client, new ViewerSession(client, credentials, () => {}));
    await store.vote('p1', 1);
    expect(calls).toEqual(['VoteProposal', 'StartViewerSession', 'VoteProposal']);
    expect(credentials.viewerToken).toBe('pv1.new.sig');
    expect(store.notes.p1).toEqual({ ok: true, text: 'Thanks for voting!' });
  });

  it("shows the server's refusal when no session can be started (too many from this address)", async () => {
    const credentials = new Credentials(memory(), memory());
    const { client, calls } = fakeUrql(() => ({
      error: gqlError('RATE_LIMITED', 'Too many viewer sessions from this address: try again in 42 min.', { retryAfterMs: 2_520_000 }),
    }));
    const store = new ProposalsStore(client, new ViewerSession(client, credentials, () => {}));
    await store.vote('p1', 1);
    expect(calls).toEqual(['StartViewerSession']);
    expect(store.notes.p1).toEqual({ ok: false, text: 'Too many viewer sessions from this address: try again in 42 min.' });
    expect(credentials.viewerToken).toBeNull();
  });
});
