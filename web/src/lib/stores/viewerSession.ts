import type { Client } from '@urql/core';
import { problemOf, type ApiProblem } from '../graphql/errors';
import { StartViewerSessionMutation } from '../graphql/proposals';
import type { Credentials } from './credentials';

/**
 * The viewer identity votes need: started on the first vote (the server limits how many one
 * address may start), kept in localStorage, and presented in `connectionParams`, so the socket
 * is reconnected once to carry it.
 */
export class ViewerSession {
  constructor(
    private readonly urql: Client,
    private readonly credentials: Pick<Credentials, 'viewerToken' | 'setViewerToken'>,
    private readonly reconnect: () => void,
  ) {}

  /** Start a session unless this browser holds one; the server's problem (e.g. RATE_LIMITED), or null. */
  async ensure(): Promise<ApiProblem | null> {
    if (this.credentials.viewerToken) return null;
    const result = await this.urql.mutation(StartViewerSessionMutation, {}).toPromise();
    const token = result.data?.startViewerSession.token;
    if (!token) return problemOf(result.error) ?? { code: 'UNKNOWN', message: 'Could not start a viewer session — try again.' };
    this.credentials.setViewerToken(token);
    this.reconnect();
    return null;
  }

  /** Drop a token the server no longer accepts (its secret changed); the next vote starts a new one. */
  forget(): void {
    this.credentials.setViewerToken(null);
  }
}
