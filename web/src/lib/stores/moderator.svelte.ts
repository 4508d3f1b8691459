import type { AnyVariables, Client, TypedDocumentNode } from '@urql/core';
import { problemOf, type ApiProblem } from '../graphql/errors';
import type { CostStatsQuery as CostStatsResult, Role, SceneBudgetQuery as SceneBudgetResult } from '../graphql/generated/graphql';
import {
  CostStatsQuery,
  EndSceneMutation,
  HideMessageMutation,
  InjectNarrationMutation,
  MeQuery,
  OidcSignInQuery,
  PauseSceneMutation,
  ResetSceneMutation,
  ResumeSceneMutation,
  SceneBudgetQuery,
  SetSceneBudgetMutation,
  SetScenePaceMutation,
  StartNextSceneMutation,
} from '../graphql/moderation';
import { DeleteMemoryMutation, ResetCharacterMemoryMutation, ResetSceneForgettingMutation } from '../graphql/heldLines';
import { beginSignIn, finishSignIn, withoutSignInParams, type SignInOptions } from '../oidcSignIn';
import type { Credentials } from './credentials';
import { HeldLinesStore } from './heldLines.svelte';
import { ModerationLogStore } from './moderationLog.svelte';

export type ModeratorStatus = 'none' | 'checking' | 'valid' | 'invalid' | 'error';
export type SceneBudget = NonNullable<SceneBudgetResult['scene']>;
export type CostStats = CostStatsResult['stats'];

/** Outcome of one action, for the panel's notice line. */
export interface Notice {
  ok: boolean;
  text: string;
}

/**
 * The moderator session: the token (kept per tab), the role the server grants for it, and
 * the moderator actions on a scene. Setting a token re-initialises the socket, because the
 * server reads credentials once per connection.
 */
export class ModeratorStore {
  status = $state<ModeratorStatus>('none');
  role = $state<Role>('VIEWER');
  busy = $state<string | null>(null);
  notice = $state<Notice | null>(null);
  budget = $state<SceneBudget | null>(null);
  cost = $state<CostStats | null>(null);
  /** OpenID Connect sign-in, when the server offers it (`oidcSignIn`). */
  signInOptions = $state<SignInOptions | null>(null);
  /** Why the last OIDC sign-in failed, for the dialog. */
  signInError = $state<string | null>(null);
  /** Who did what (the server's moderation log), shown in the panel's Log section. */
  readonly log: ModerationLogStore;
  /** Lines the screen held for review (the panel's queue and badge). */
  readonly held: HeldLinesStore;
  private checkToken = 0;

  constructor(
    private readonly urql: Client,
    private readonly credentials: Credentials,
    private readonly reconnect: () => void,
    private readonly onRole: (role: Role) => void = () => {},
  ) {
    if (credentials.token) this.status = 'checking';
    this.log = new ModerationLogStore(urql);
    this.held = new HeldLinesStore(urql);
  }

  get token(): string | null {
    return this.credentials.token;
  }

  get isModerator(): boolean {
    return this.role === 'MODERATOR';
  }

  /** Use a new token (null signs out), reconnect with it and ask the server what it grants. */
  async setToken(token: string | null): Promise<void> {
    this.credentials.setToken(token);
    this.notice = null;
    this.reconnect();
    await this.check();
  }

  /** Learn whether the server offers OIDC sign-in. */
  async loadSignIn(): Promise<void> {
    const result = await this.urql.query(OidcSignInQuery, {}).toPromise();
    this.signInOptions = result.data?.oidcSignIn ?? null;
  }

  /** Go to the provider's sign-in page (authorization code + PKCE); it redirects back to this page. */
  async signIn(session: Storage | null = sessionStorage, go: (url: string) => void = (url) => location.assign(url)): Promise<void> {
    if (!this.signInOptions) return;
    this.signInError = null;
    try {
      go(await beginSignIn(this.signInOptions, location.origin + location.pathname, session));
    } catch (err) {
      this.signInError = err instanceof Error ? err.message : 'could not start signing in';
    }
  }

  /** On load: when this page is the provider's redirect back, trade the code for a token and use it. */
  async completeSignIn(session: Storage | null = sessionStorage): Promise<void> {
    const result = await finishSignIn(location.href, session);
    if (!result) return;
    history.replaceState(history.state, '', withoutSignInParams(location.href));
    if (result.ok) await this.setToken(result.token);
    else this.signInError = result.error;
  }

  /** Ask `me { role }`; a token that leaves us a viewer is reported as not valid. */
  async check(): Promise<void> {
    const n = ++this.checkToken;
    const hasToken = !!this.credentials.token;
    this.status = hasToken ? 'checking' : 'none';
    const result = await this.urql.query(MeQuery, {}).toPromise();
    if (n !== this.checkToken) return;
    const role = result.data?.me.role;
    if (!role) {
      this.status = hasToken ? 'error' : 'none';
      this.setRole('VIEWER');
      return;
    }
    this.setRole(role);
    this.status = !hasToken ? 'none' : role === 'MODERATOR' ? 'valid' : 'invalid';
  }

  private setRole(role: Role): void {
    const changed = role !== this.role;
    this.role = role;
    if (changed) this.onRole(role);
  }

  /** Budget and status numbers of a scene plus cost stats (for the tiles). */
  async refresh(sceneId: string): Promise<void> {
    const [budget, cost] = await Promise.all([
      this.urql.query(SceneBudgetQuery, { id: sceneId }).toPromise(),
      this.urql.query(CostStatsQuery, {}).toPromise(),
    ]);
    if (budget.data?.scene) this.budget = budget.data.scene;
    if (cost.data) this.cost = cost.data.stats;
  }

  pause = (sceneId: string, reason: string) =>
    this.run('pause', 'Paused.', PauseSceneMutation, { input: { sceneId, reason: reason.trim() || null } });
  resume = (sceneId: string) => this.run('resume', 'Resumed.', ResumeSceneMutation, { input: { sceneId } });
  reset = (sceneId: string) => this.run('reset', 'Reset: a new conversation starts.', ResetSceneMutation, { input: { sceneId } });
  end = (sceneId: string, reason: string) =>
    this.run('end', 'Ended.', EndSceneMutation, { input: { sceneId, reason: reason.trim() || null } });
  startNext = (sceneId: string) => this.run('next', 'Next scene started.', StartNextSceneMutation, { input: { sceneId } });
  setPace = (sceneId: string, pace: number) =>
    this.run('pace', `Pace set to ${pace}×.`, SetScenePaceMutation, { input: { sceneId, pace } });
  setBudget = (sceneId: string, tokensPerHour: number | null) =>
    this.run(
      'budget',
      tokensPerHour === null ? 'Budget back to the default.' : `Budget set to ${tokensPerHour} tokens per hour.`,
      SetSceneBudgetMutation,
      {
        input: { sceneId, tokensPerHour },
      },
    );
  narrate = (sceneId: string, text: string) =>
    this.run('narrate', 'Narration sent.', InjectNarrationMutation, { input: { sceneId, text: text.trim() } });
  resetForgetting = (sceneId: string) =>
    this.run('reset', 'Reset: a new conversation starts and every character forgets.', ResetSceneForgettingMutation, {
      input: { sceneId },
    });
  deleteMemory = (memoryId: string) => this.run('memory', 'Memory deleted.', DeleteMemoryMutation, { input: { memoryId } });
  resetMemory = (characterId: string, name: string) =>
    this.run('memory', `${name} forgot everything.`, ResetCharacterMemoryMutation, { input: { characterId } });
  hide = (messageId: string, reason: string) =>
    this.run('hide', 'Message hidden.', HideMessageMutation, { input: { messageId, reason: reason.trim() } });

  /** Send one moderator mutation; the outcome lands in `notice` (errors show the server's message). */
  private async run<D, V extends AnyVariables>(
    name: string,
    done: string,
    doc: TypedDocumentNode<D, V>,
    variables: V,
  ): Promise<ApiProblem | null> {
    this.busy = name;
    try {
      const result = await this.urql.mutation(doc, variables).toPromise();
      const problem = problemOf(result.error);
      this.notice = problem ? { ok: false, text: problem.message } : { ok: true, text: done };
      if (problem?.code === 'UNAUTHENTICATED' || problem?.code === 'FORBIDDEN') void this.check();
      return problem;
    } finally {
      this.busy = null;
    }
  }
}

/** Checks for the panel's inputs; null when fine. */
export function paceProblem(pace: number): string | null {
  return Number.isFinite(pace) && pace >= 0.25 && pace <= 8 ? null : 'Pace must be between 0.25 and 8';
}

export function narrationProblem(text: string): string | null {
  const n = text.trim().length;
  return n >= 1 && n <= 300 ? null : 'Narration: 1–300 characters';
}

export function budgetProblem(raw: string): string | null {
  if (raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? null : 'Budget: a whole number of tokens per hour (or empty for the default)';
}
