import type { Client } from '@urql/core';
import { problemOf } from '../graphql/errors';
import type { ModerationActionType, ModerationLogQuery as ModerationLogResult } from '../graphql/generated/graphql';
import { ModerationLogQuery } from '../graphql/moderationLog';

export type ModerationEntry = ModerationLogResult['moderationLog']['nodes'][number];

/** Words for each action in the log view. */
export const ACTION_LABELS: Record<ModerationActionType, string> = {
  PAUSE_SCENE: 'paused',
  RESUME_SCENE: 'resumed',
  RESET_SCENE: 'reset',
  END_SCENE: 'ended',
  START_NEXT_SCENE: 'started the next scene',
  SET_SCENE_PACE: 'set the pace',
  SET_BROADCAST_DELAY: 'set the broadcast delay',
  SET_SCENE_BUDGET: 'set the budget',
  INJECT_NARRATION: 'narrated',
  HIDE_MESSAGE: 'hid a message',
  APPROVE_PROPOSAL: 'approved a proposal',
  REJECT_PROPOSAL: 'rejected a proposal',
  DELETE_MEMORY: 'deleted a memory',
  RESET_CHARACTER_MEMORY: "reset a character's memory",
  CREATE_API_KEY: 'created an API key',
  REVOKE_API_KEY: 'revoked an API key',
  APPROVE_HELD_LINE: 'approved a held line',
  REJECT_HELD_LINE: 'hid a held line',
};

const PAGE = 20;

/**
 * The moderation log as the panel shows it: newest first, for one scene or all of them, with
 * "load older" paging. A reload started while another is in flight wins; the older answer is dropped.
 */
export class ModerationLogStore {
  entries = $state<ModerationEntry[]>([]);
  hasMore = $state(false);
  loading = $state(false);
  problem = $state<string | null>(null);
  /** null = every scene. */
  sceneId = $state<string | null>(null);
  /** The panel shows the log: actions taken meanwhile reload it. */
  active = $state(false);
  private cursor: string | null = null;
  private generation = 0;

  constructor(private readonly urql: Client) {}

  /** Load the newest page for a scene (or all scenes with null), replacing what is shown. */
  async reload(sceneId: string | null = this.sceneId): Promise<void> {
    this.sceneId = sceneId;
    this.cursor = null;
    await this.fetch(true);
  }

  /** Append the next older page. */
  async more(): Promise<void> {
    if (!this.hasMore || this.loading) return;
    await this.fetch(false);
  }

  private async fetch(replace: boolean): Promise<void> {
    const n = ++this.generation;
    this.loading = true;
    try {
      const result = await this.urql
        .query(
          ModerationLogQuery,
          { first: PAGE, after: replace ? null : this.cursor, sceneId: this.sceneId },
          { requestPolicy: 'network-only' },
        )
        .toPromise();
      if (n !== this.generation) return;
      const problem = problemOf(result.error);
      const page = result.data?.moderationLog;
      if (problem || !page) {
        this.problem = problem?.message ?? 'The log could not be read.';
        return;
      }
      this.problem = null;
      this.entries = replace ? page.nodes : [...this.entries, ...page.nodes];
      this.hasMore = page.pageInfo.hasNextPage;
      this.cursor = page.pageInfo.endCursor ?? null;
    } finally {
      if (n === this.generation) this.loading = false;
    }
  }
}
