import type { PubSub } from 'graphql-yoga';
import type { SceneEventRecord } from '../domain/events.js';
import type { SceneStatus } from '../domain/types.js';

/** One scene's row in the scene list changed (status or viewers). */
export interface SceneListChange {
  sceneId: string;
  status?: SceneStatus;
  statusReason?: string | null;
  viewers?: number;
  epoch?: number;
}

/** A held model line was held, approved or rejected (moderators only: no text, they re-read the queue). */
export interface HeldLineChange {
  sceneId: string;
  messageId: number;
  change: 'HELD' | 'APPROVED' | 'REJECTED';
}

/**
 * Every pub/sub topic and its payload, declared once. Payloads are plain JSON so
 * the same map works over the in-memory and the Redis event target.
 */
export type Topics = {
  /**
   * A committed scene event, routed by scene id, as soon as it commits: moderators' feed, and
   * what each API process's broadcast delay (`services/broadcastDelay.ts`) reads.
   */
  'scene:committed': [sceneId: string, event: SceneEventRecord];
  /**
   * A scene event reaching viewers (aired): the committed one once the scene's broadcast delay
   * has passed, in seq order, a line hidden meanwhile marked hidden. Never crosses processes:
   * each API process airs what it hears on `scene:committed`, at the time stored with the event.
   */
  'scene:evented': [sceneId: string, event: SceneEventRecord];
  /** A change to the scene list (status, viewer count). */
  'sceneList:changed': [change: SceneListChange];
  /** A proposal was made, voted on, commented on or decided: viewers re-read it. */
  'proposal:changed': [proposalId: string];
  /** The review queue of held lines changed (services/heldLines.ts); only moderators' subscriptions follow it. */
  'heldLine:changed': [change: HeldLineChange];
};

export type AppPubSub = PubSub<Topics>;
