import type { Client } from '@urql/core';
import type { StageActor } from '../bridge/events';
import type { MessagesQuery as MessagesResult } from '../graphql/generated/graphql';
import { MessagesQuery, SceneDetailQuery, SceneEventsSubscription } from '../graphql/operations';
import type { ClockStore } from './clock.svelte';
import type { ConnectionStore } from './connection.svelte';
import { cursorAt, hasGap, mergeEvents, skipGap, type SeqCursor } from './eventMerge';
import {
  addMessages,
  applyEvent,
  initialScene,
  messagesOf,
  roomEvents,
  type LiveScene,
  type LogEntry,
  type Message,
  type SceneEvent,
} from './sceneState';
import { historyActors, liveActors, restage } from './stageView';

export type StageMode = 'live' | 'history' | 'replay';
export const REPLAY_SPEEDS = [1, 2, 4, 8] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

/** How long events may wait behind a missing seq before we resubscribe to fill it. */
const GAP_WAIT_MS = 1_500;

/**
 * One scene, live: snapshot + messages + the event stream (resumed after drops with
 * `afterSeq`), plus history stepping and replay of finished conversations. The only code
 * besides the other stores that talks to urql.
 */
/** One action to show on stage, numbered in arrival order. */
export interface ActedPop {
  n: number;
  characterId: string;
  emoji: string;
  text: string;
  kind: string;
  objectId: string | null;
  targetId: string | null;
}

export class StageStore {
  scene = $state.raw<LiveScene | null>(null);
  /** 'idle' before a scene is asked for; 'missing' when the slug matches no scene. */
  phase = $state<'idle' | 'loading' | 'ready' | 'missing' | 'error'>('idle');
  requested = $state<string | null>(null);
  error = $state<string | null>(null);
  mode = $state<StageMode>('live');
  /** Index into `historyMessages` in history mode. */
  historyIndex = $state(0);
  /** When the shown history/replay line started (local ms), for its progress bar. */
  stepStartedAt = $state(0);
  replay = $state.raw<{ epoch: number; messages: Message[]; index: number; speed: ReplaySpeed; playing: boolean } | null>(null);
  /** Bumped for every reaction to pop on stage. */
  reaction = $state.raw<{ characterId: string; emoji: string; n: number } | null>(null);
  /** The latest actions to show on stage (a turn may take two), numbered so each is shown once. */
  acted = $state.raw<ActedPop[]>([]);
  duplicatesDropped = $state(0);
  resubscribes = $state(0);

  /** Moderators see hidden lines (greyed); set from the moderator session. */
  private showHidden = false;
  private cursor: SeqCursor<SceneEvent> = cursorAt(0);
  private unsubscribe: (() => void) | null = null;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private replayTimer: ReturnType<typeof setTimeout> | null = null;
  private loadToken = 0;
  private stops: (() => void)[] = [];
  private stagedCache: { scene: LiveScene; line: Message | undefined; count: number; staged: LiveScene } | null = null;

  constructor(
    private readonly urql: Client,
    private readonly connection: ConnectionStore,
    private readonly clock: ClockStore,
  ) {
    this.stops.push(connection.onReconnect(() => this.resume()));
  }

  /** Messages in log order (all conversations seen), the list history mode steps through. */
  get historyMessages(): Message[] {
    const s = this.scene;
    if (!s) return [];
    return s.log.flatMap((e) => (e.kind === 'message' ? [e.message] : []));
  }

  get currentMessages(): Message[] {
    return this.scene ? messagesOf(this.scene, this.scene.epoch) : [];
  }

  /** The lines of the conversation history or replay stands in, and the index of the one shown. */
  private get steps(): { messages: Message[]; index: number } | null {
    if (this.mode === 'replay' && this.replay) return { messages: this.replay.messages, index: this.replay.index };
    if (this.mode !== 'history') return null;
    const current = this.historyMessages[this.historyIndex];
    if (!current) return null;
    const messages = this.historyMessages.filter((m) => m.epoch === current.epoch);
    return { messages, index: messages.indexOf(current) };
  }

  /** The scene rebuilt as it stood at the history or replay step (null live); one rebuild per step. */
  get staged(): LiveScene | null {
    const s = this.scene;
    const steps = this.steps;
    if (!s || !steps) return null;
    const key = steps.messages[steps.index];
    if (this.stagedCache?.scene === s && this.stagedCache.line === key && this.stagedCache.count === steps.messages.length) {
      return this.stagedCache.staged;
    }
    const staged = restage(s, steps.messages, steps.index);
    this.stagedCache = { scene: s, line: key, count: steps.messages.length, staged };
    return staged;
  }

  /** Log rows of a replay up to the step shown: the lines with the actions taken with them. */
  get replayLog(): LogEntry[] {
    return this.mode === 'replay' ? (this.staged?.log ?? []) : [];
  }

  /** What the stage shows right now. */
  get actors(): StageActor[] {
    const s = this.scene;
    if (!s) return [];
    const steps = this.steps;
    const staged = this.staged;
    if (steps && staged) {
      const duration = this.mode === 'replay' ? this.replayLineMs(steps.messages[steps.index]) : undefined;
      return historyActors(s, steps.messages, steps.index, this.stepStartedAt, duration, staged);
    }
    return liveActors(s, this.clock.skewMs, this.clock.now);
  }

  /** Show the scene with this slug (or id); reloads even when it is the same one. */
  async open(slug: string): Promise<void> {
    const token = ++this.loadToken;
    this.closeStream();
    this.stopReplay();
    this.mode = 'live';
    this.requested = slug;
    this.phase = 'loading';
    this.error = null;
    const result = await this.urql.query(SceneDetailQuery, { slug }).toPromise();
    if (token !== this.loadToken) return;
    if (result.error || !result.data) {
      this.phase = 'error';
      this.error = result.error?.message ?? 'no data';
      return;
    }
    const detail = result.data.scene;
    if (!detail) {
      this.scene = null;
      this.phase = 'missing';
      return;
    }
    performance.mark?.('pixeltales:scene-loaded');
    this.scene = initialScene(detail, [], this.showHidden);
    this.cursor = cursorAt(detail.lastSeq);
    this.phase = 'ready';
    this.subscribe();
    const messages = await this.fetchMessages(detail.id, detail.epoch);
    if (token !== this.loadToken || !this.scene) return;
    this.scene = addMessages(this.scene, messages);
  }

  /** Show or drop hidden lines; reloads the scene so the messages match the new role. */
  setShowHidden(show: boolean): void {
    if (show === this.showHidden) return;
    this.showHidden = show;
    const slug = this.scene?.detail.slug;
    if (slug) void this.open(slug);
  }

  close(): void {
    this.loadToken++;
    this.closeStream();
    this.stopReplay();
    this.scene = null;
    this.phase = 'idle';
  }

  destroy(): void {
    this.close();
    for (const stop of this.stops.splice(0)) stop();
  }

  // ---- history -------------------------------------------------------------------------

  enterHistory(): void {
    const list = this.historyMessages;
    if (!list.length) return;
    this.stopReplay();
    this.mode = 'history';
    this.historyIndex = list.length - 1;
    this.stepStartedAt = Date.now();
    this.popActions(list[this.historyIndex]);
  }

  /** Show the actions taken with a line re-staged in history or replay, as live showed them. */
  private popActions(message: Message | undefined): void {
    let n = this.acted.at(-1)?.n ?? 0;
    const pops: ActedPop[] = [];
    for (const e of message?.lineEvents ?? []) {
      if (e.__typename !== 'CharacterActed') continue;
      pops.push({
        n: ++n,
        characterId: e.characterId,
        emoji: e.emoji,
        text: e.description,
        kind: e.actionKind,
        objectId: e.objectId ?? null,
        targetId: e.targetId ?? null,
      });
    }
    if (pops.length) this.acted = [...this.acted, ...pops].slice(-4);
  }

  step(delta: number): void {
    if (this.mode === 'replay' && this.replay) {
      const index = clamp(this.replay.index + delta, 0, this.replay.messages.length - 1);
      this.replay = { ...this.replay, index, playing: false };
      this.clearReplayTimer();
      this.stepStartedAt = Date.now();
      this.popActions(this.replay.messages[index]);
      return;
    }
    if (this.mode !== 'history') this.enterHistory();
    const list = this.historyMessages;
    if (!list.length) return;
    const next = clamp(this.historyIndex + delta, 0, list.length - 1);
    if (next !== this.historyIndex || delta === 0) {
      this.stepStartedAt = Date.now();
      this.popActions(list[next]);
    }
    this.historyIndex = next;
  }

  toggleHistory(): void {
    if (this.mode === 'live') this.enterHistory();
    else this.backToLive();
  }

  backToLive(): void {
    this.stopReplay();
    this.mode = 'live';
  }

  // ---- replay --------------------------------------------------------------------------

  /** Replay a conversation of this scene from the database. */
  async startReplay(epoch: number, speed: ReplaySpeed = 1): Promise<void> {
    const s = this.scene;
    if (!s) return;
    const messages = await this.fetchMessages(s.detail.id, epoch);
    if (!messages.length || this.scene?.detail.id !== s.detail.id) return;
    this.stopReplay();
    this.mode = 'replay';
    this.replay = { epoch, messages, index: 0, speed, playing: true };
    this.stepStartedAt = Date.now();
    this.popActions(messages[0]);
    this.scheduleReplay();
  }

  setReplaySpeed(speed: ReplaySpeed): void {
    if (!this.replay) return;
    this.replay = { ...this.replay, speed };
    if (this.replay.playing) this.scheduleReplay();
  }

  toggleReplayPlaying(): void {
    if (!this.replay) return;
    const playing = !this.replay.playing;
    if (playing && this.replay.index >= this.replay.messages.length - 1) {
      this.replay = { ...this.replay, index: 0 };
    }
    this.replay = { ...this.replay, playing };
    this.stepStartedAt = Date.now();
    if (playing) this.scheduleReplay();
    else this.clearReplayTimer();
  }

  stopReplay(): void {
    this.clearReplayTimer();
    this.replay = null;
    if (this.mode === 'replay') this.mode = 'live';
  }

  private replayLineMs(message: Message | undefined): number {
    if (!message || !this.replay) return 0;
    return Math.max(600, Math.min(message.speakingMs, 12_000) / this.replay.speed);
  }

  private scheduleReplay(): void {
    this.clearReplayTimer();
    const r = this.replay;
    if (!r || !r.playing) return;
    const elapsed = Date.now() - this.stepStartedAt;
    const wait = Math.max(0, this.replayLineMs(r.messages[r.index]) + 700 / r.speed - elapsed);
    this.replayTimer = setTimeout(() => {
      const now = this.replay;
      if (!now) return;
      if (now.index >= now.messages.length - 1) {
        this.replay = { ...now, playing: false };
        return;
      }
      this.replay = { ...now, index: now.index + 1 };
      this.stepStartedAt = Date.now();
      this.popActions(now.messages[now.index + 1]);
      this.scheduleReplay();
    }, wait);
  }

  private clearReplayTimer(): void {
    if (this.replayTimer) clearTimeout(this.replayTimer);
    this.replayTimer = null;
  }

  // ---- the event stream ----------------------------------------------------------------

  /** After a drop: subscribe again from the last seq we applied. */
  private resume(): void {
    if (!this.scene || this.phase !== 'ready') return;
    this.closeStream();
    this.subscribe();
  }

  private subscribe(): void {
    const s = this.scene;
    if (!s) return;
    const sceneId = s.detail.id;
    const sub = this.urql.subscription(SceneEventsSubscription, { sceneId, afterSeq: this.cursor.lastSeq }).subscribe((result) => {
      const event = result.data?.sceneEvents;
      if (event && this.scene?.detail.id === sceneId) this.receive([event]);
      // The server ends a stream it cannot serve (a replay storm: RATE_LIMITED with retryAfterMs)
      // with one error and `complete`: come back when it says, from the last seq applied.
      if (result.error && this.scene?.detail.id === sceneId) this.resumeAfter(retryDelay(result.error.graphQLErrors));
    });
    this.unsubscribe = () => sub.unsubscribe();
  }

  private closeStream(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }

  private resumeAfter(ms: number): void {
    this.closeStream();
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      this.resume();
    }, ms);
  }

  /** Merge incoming events (public for tests and the e2e hook). */
  receive(events: SceneEvent[]): void {
    if (!this.scene) return;
    const now = Date.now();
    const merged = mergeEvents(this.cursor, events);
    this.cursor = merged.cursor;
    this.duplicatesDropped += merged.duplicates;
    this.applyAll(merged.ready, now);
    if (hasGap(this.cursor)) this.watchGap();
  }

  private applyAll(events: SceneEvent[], receivedAt: number): void {
    if (!events.length || !this.scene) return;
    let scene = this.scene;
    for (const event of events) {
      this.clock.observe(event.at, receivedAt);
      const before = scene;
      scene = applyEvent(scene, event);
      if (event.__typename === 'MessagePosted' && event.message.reaction) this.popReaction(before, event.message);
      if (event.__typename === 'CharacterActed' && this.mode === 'live') {
        const n = (this.acted.at(-1)?.n ?? 0) + 1;
        const pop: ActedPop = {
          n,
          characterId: event.characterId,
          emoji: event.emoji,
          text: event.description,
          kind: event.actionKind,
          objectId: event.objectId ?? null,
          targetId: event.targetId ?? null,
        };
        this.acted = [...this.acted.slice(-3), pop];
      }
    }
    this.scene = scene;
  }

  private popReaction(before: LiveScene, message: Message): void {
    const previous = messagesOf(before, message.epoch)
      .filter((m) => m.turn < message.turn)
      .at(-1);
    if (!previous || previous.speakerId === message.speakerId || this.mode !== 'live') return;
    this.reaction = { characterId: previous.speakerId, emoji: message.reaction, n: (this.reaction?.n ?? 0) + 1 };
  }

  private watchGap(): void {
    if (this.gapTimer) return;
    const seqBefore = this.cursor.lastSeq;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (!hasGap(this.cursor)) return;
      if (this.cursor.lastSeq === seqBefore && this.resubscribes > 0 && this.unsubscribe) {
        // A resubscribe did not fill it either: take what we have rather than stall.
        const flushed = skipGap(this.cursor);
        this.cursor = flushed.cursor;
        this.applyAll(flushed.ready, Date.now());
        return;
      }
      this.resubscribes++;
      this.closeStream();
      this.subscribe();
      this.watchGap();
    }, GAP_WAIT_MS);
  }

  private async fetchMessages(sceneId: string, epoch: number): Promise<Message[]> {
    const out: Message[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const result: { data?: MessagesResult } = await this.urql.query(MessagesQuery, { sceneId, epoch, first: 100, after }).toPromise();
      const connection = result.data?.messages;
      if (!connection) break;
      out.push(...connection.nodes.map(({ lineEvents, ...m }) => ({ ...m, lineEvents: roomEvents(lineEvents) })));
      if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
      after = connection.pageInfo.endCursor;
    }
    return out;
  }

  /** The cursor position (for the e2e hook and the debug line). */
  get lastSeq(): number {
    return this.cursor.lastSeq;
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** How long to wait before resubscribing after the server ended the stream with an error. */
export function retryDelay(errors: readonly { extensions?: Record<string, unknown> }[]): number {
  const hinted = errors.map((e) => e.extensions?.retryAfterMs).find((ms): ms is number => typeof ms === 'number' && ms > 0);
  // Unhinted failures (a server fault) back off a little, with jitter so viewers do not return together.
  return Math.min(60_000, hinted ?? 2_000 + Math.random() * 3_000);
}
