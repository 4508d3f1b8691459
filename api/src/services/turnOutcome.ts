import type { CharacterRow, MessageRow, SceneRow } from '../adapters/db/entities.js';
import { actionCall, applyActions, type Action } from '../domain/actions.js';
import type { Config } from '../config.js';
import { conversationShouldEnd } from '../domain/ending.js';
import type { CharacterState, SceneEventBody } from '../domain/events.js';
import { planWalk, type Walk } from '../domain/grid.js';
import { facingToward, roomById } from '../domain/rooms.js';
import { resolveRecipient } from '../domain/speaker.js';
import { speakingMs } from '../domain/timing.js';
import type { Facing } from '../domain/types.js';
import type { TurnResult } from '../ports/llm.js';
import { characterView } from './mappers.js';
import { stageState } from './turnContext.js';

/**
 * The speaker's changes as events. A move is told twice, so every API client sees it the
 * plain way: `WALKING` with the path and its duration, then `SPEAKING` (the line is said on
 * the way; the walk rides on it too, so a viewer who only keeps the latest state still walks).
 */
export function speakerChanges(after: CharacterState, walk: Walk | null): SceneEventBody[] {
  if (!walk) return [{ type: 'CHARACTER_CHANGED', character: after }];
  return [
    {
      type: 'CHARACTER_CHANGED',
      character: { ...after, action: 'WALKING', actionStartedAt: walk.startedAt, actionDurationMs: walk.durationMs, walk },
    },
    { type: 'CHARACTER_CHANGED', character: { ...after, walk } },
  ];
}

/** What one validated reply does to a scene. */
export interface TurnOutcome {
  /** The line to store (the database assigns its id). */
  message: Omit<MessageRow, 'id'>;
  /** The speaker after the line: speaking, new mood, maybe at a new spot, facing whom they address. */
  speaker: CharacterRow;
  /** Why the conversation ends with this line, or null when it goes on. */
  endReason: string | null;
  /** The speaker's walk to the new spot (A* around furniture and the others), or null. */
  walk: Walk | null;
  /** What the speaker did in the room this turn (accepted tool calls), in order. */
  actions: Action[];
  /** Others whose state the actions changed (the one given something), after the change. */
  others: CharacterRow[];
}

/**
 * Turn a model's reply into the rows a turn commits: the message, the speaker's new state
 * (SPEAKING for 5 s + 50 ms per character, scaled), and whether every character now holds a
 * valid end request (or the message limit is reached).
 */
export function turnOutcome(input: {
  scene: SceneRow;
  characters: CharacterRow[];
  speaker: CharacterRow;
  turn: number;
  result: TurnResult;
  now: number;
  config: Pick<Config, 'timing' | 'loop'>;
}): TurnOutcome {
  const { scene, characters, speaker, turn, result, now, config } = input;
  const { reply } = result;
  const room = roomById(scene.room);
  const recipient = characters.find((c) => c.id === resolveRecipient(characters, speaker.id, reply.recipient));
  // The model's actions were accepted on this very state; replaying them keeps only what still holds.
  const acted = applyActions(stageState(scene, characters, speaker.id), (result.actions ?? []).map(actionCall));
  const me = acted.state.characters.find((c) => c.id === speaker.id);
  const walkedTo = acted.actions.filter((a) => a.tool === 'walk_to').at(-1)?.spot ?? null;
  const spot = walkedTo ?? (reply.moveTo && room.spots.some((s) => s.name === reply.moveTo) ? reply.moveTo : speaker.spot);
  const spotOf = (name: string | undefined) => room.spots.find((s) => s.name === name);
  // Looking at someone, using or giving something turns the speaker; otherwise it faces whom it addresses.
  const turned = acted.actions.some((a) => a.tool !== 'walk_to' && a.tool !== 'pick_up') && spot === (me?.spot ?? spot);
  const facing: Facing = turned && me ? me.facing : recipient ? facingToward(spotOf(spot), spotOf(recipient.spot)) : 'down';
  const others = characters.flatMap((c) => {
    const after = acted.state.characters.find((a) => a.id === c.id);
    return c.id !== speaker.id && after && after.holding !== (c.holding ?? null) ? [{ ...c, holding: after.holding }] : [];
  });
  const duration = speakingMs(reply.content, config.timing, scene.pace);
  const after: CharacterRow = {
    ...speaker,
    action: 'SPEAKING',
    actionStartedAt: now,
    actionDurationMs: duration,
    mood: reply.mood,
    moodEmoji: reply.moodEmoji,
    spot,
    facing,
    endRequestedAt: reply.endConversation ? now : null,
    holding: me ? me.holding : (speaker.holding ?? null),
  };
  const moved = characters.map((c) => (c.id === speaker.id ? after : (others.find((o) => o.id === c.id) ?? c)));
  const walk = spot !== speaker.spot ? planWalk(room, characters, moved, speaker.id, now) : null;
  const everyone = moved.map(characterView);
  const hitLimit = turn >= (scene.maxMessages ?? config.loop.maxMessages);
  const agreed = conversationShouldEnd(everyone, now, config.timing, scene.pace);
  return {
    speaker: after,
    walk,
    actions: acted.actions,
    others,
    endReason: hitLimit ? 'The conversation reached its message limit.' : agreed ? 'Everyone agreed to end the conversation.' : null,
    message: {
      sceneId: scene.id,
      epoch: scene.epoch,
      turn,
      speakerId: speaker.id,
      speakerName: speaker.name,
      recipientId: recipient?.id ?? null,
      recipientName: recipient?.name ?? null,
      airsAt: null,
      content: reply.content,
      thoughts: reply.thoughts,
      mood: reply.mood,
      moodEmoji: reply.moodEmoji,
      reaction: reply.reaction,
      rating: reply.rating,
      endConversation: reply.endConversation,
      moveTo: spot !== speaker.spot ? spot : null,
      speakingMs: duration,
      model: result.model,
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      latencyMs: result.latencyMs,
      fallback: result.fallback,
      hidden: false,
      hiddenReason: null,
      heldAt: null,
      heldReasons: null,
      heldDecision: null,
      createdAt: now,
    },
  };
}
