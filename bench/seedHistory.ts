/**
 * Give scenes a long history fast: events written straight through the event log's own
 * append (`appendEvents`: seq allocation under the scene row's lock, the same rows a turn
 * writes) in transactions of 500, instead of thousands of HTTP mutations.
 */
import { CharacterEntity, SceneEntity } from '../api/src/adapters/db/entities.js';
import { openDatabase } from '../api/src/adapters/db/orm.js';
import type { CharacterState, MessageSnapshot, SceneEventBody } from '../api/src/domain/events.js';
import { appendEvents } from '../api/src/services/eventLog.js';

const BATCH = 500;
const LINE = 'I kept the receipt from the night the lights went out, and I still cannot explain the second set of footprints by the door.';
const THOUGHT = 'They will not believe me unless I show them the receipt.';

/** A conversation's worth of events: per turn the speaker thinks, posts a line, speaks, goes idle. */
function turnEvents(turn: number, epoch: number, speaker: { id: string; name: string; spot: string }, at: number): SceneEventBody[] {
  const state = (action: CharacterState['action']): CharacterState => ({
    id: speaker.id,
    action,
    actionStartedAt: at,
    actionDurationMs: action === 'SPEAKING' ? 6_000 : 0,
    mood: 'curious',
    moodEmoji: '🤔',
    spot: speaker.spot,
    facing: 'down',
    endRequestedAt: null,
  });
  const message: MessageSnapshot = {
    id: 1_000_000 + turn,
    epoch,
    turn,
    speakerId: speaker.id,
    speakerName: speaker.name,
    recipientId: null,
    recipientName: null,
    content: `${LINE} (${turn})`,
    thoughts: THOUGHT,
    mood: 'curious',
    moodEmoji: '🤔',
    reaction: '🙂',
    rating: 7,
    endConversation: false,
    moveTo: null,
    speakingMs: 6_000,
    model: 'bench-history',
    promptTokens: 800,
    completionTokens: 60,
    latencyMs: 900,
    fallback: false,
    hidden: false,
    hiddenReason: null,
    createdAt: at,
  };
  return [
    { type: 'CHARACTER_CHANGED', character: state('THINKING') },
    { type: 'MESSAGE_POSTED', message },
    { type: 'CHARACTER_CHANGED', character: state('SPEAKING') },
    { type: 'CHARACTER_CHANGED', character: state('IDLE') },
  ];
}

/** Append `events` events to each scene's log (in the database at `url`). */
export async function seedHistory(url: string, sceneIds: string[], events: number): Promise<void> {
  const orm = await openDatabase({ url });
  try {
    for (const sceneId of sceneIds) {
      const em = orm.em.fork();
      const scene = await em.findOneOrFail(SceneEntity, { id: sceneId });
      const cast = (await em.find(CharacterEntity, { sceneId }, { orderBy: { sortOrder: 'asc' } })).map((c) => ({
        id: c.id,
        name: c.name,
        spot: c.spot,
      }));
      const bodies: SceneEventBody[] = [];
      for (let turn = 1; bodies.length < events; turn++)
        bodies.push(...turnEvents(turn, scene.epoch, cast[turn % cast.length]!, Date.now()));
      bodies.length = events;
      for (let i = 0; i < bodies.length; i += BATCH) {
        const written = await orm.em
          .fork()
          .transactional((tx) => appendEvents(tx, sceneId, scene.epoch, bodies.slice(i, i + BATCH), Date.now()));
        if (!written) throw new Error(`scene ${sceneId} refused the history`);
      }
    }
  } finally {
    await orm.close(true);
  }
}
