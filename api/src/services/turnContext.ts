import type { EntityManager } from '@mikro-orm/core';
import { MessageEntity, type CharacterRow, type MessageRow, type SceneRow } from '../adapters/db/entities.js';
import type { StageState } from '../domain/actions.js';
import { roomById } from '../domain/rooms.js';
import { foldSummary, SUMMARY_MAX_CHARS } from '../domain/summary.js';
import type { Facing, PromptLine } from '../domain/types.js';
import type { TurnContext } from '../ports/llm.js';

const toLine = (m: MessageRow): PromptLine => ({
  turn: m.turn,
  speaker: m.speakerName,
  recipient: m.recipientName ?? null,
  content: m.content,
});

/**
 * The last `recentLines` lines of the current conversation, plus the running summary
 * brought up to date: lines that fell out of the window are folded into it, so the prompt
 * stays the same size however long the conversation runs.
 */
export async function loadDialogue(
  em: EntityManager,
  scene: SceneRow,
  recentLines: number,
): Promise<{ recent: MessageRow[]; summary: string; summaryThroughTurn: number }> {
  const recent = (
    await em.find(
      MessageEntity,
      { sceneId: scene.id, epoch: scene.epoch, hidden: false },
      { orderBy: { turn: 'desc' }, limit: recentLines },
    )
  ).reverse();
  const oldestRecent = recent[0]?.turn ?? scene.nextTurn;
  let summary = scene.summary;
  let through = scene.summaryThroughTurn;
  if (recent.length === recentLines && oldestRecent - 1 > through) {
    const older = await em.find(
      MessageEntity,
      { sceneId: scene.id, epoch: scene.epoch, hidden: false, turn: { $gt: through, $lt: oldestRecent } },
      { orderBy: { turn: 'asc' }, limit: 200 },
    );
    summary = foldSummary(summary, older.map(toLine), SUMMARY_MAX_CHARS);
    through = oldestRecent - 1;
  }
  return { recent, summary, summaryThroughTurn: through };
}

/** Everything the model may know for the speaker's next line. */
export function buildTurnContext(
  scene: SceneRow,
  characters: CharacterRow[],
  speaker: CharacterRow,
  recent: MessageRow[],
  summary: string,
  seed: string,
): TurnContext {
  const room = roomById(scene.room);
  return {
    scene: { name: scene.name, description: scene.description, roomName: room.name, spots: room.spots.map((s) => s.name) },
    speaker: {
      name: speaker.name,
      persona: speaker.persona,
      appearance: speaker.appearance,
      mood: speaker.mood,
      moodEmoji: speaker.moodEmoji,
      model: speaker.model ?? null,
      temperature: speaker.temperature ?? null,
    },
    others: characters.filter((c) => c.id !== speaker.id).map((c) => ({ name: c.name, persona: c.persona, mood: c.mood })),
    summary,
    recent: recent.map(toLine),
    narration: [],
    turn: scene.nextTurn,
    seed,
    stage: stageState(scene, characters, speaker.id),
  };
}

/** The room and everyone's spot, facing and hands, as the action rules see them. */
export function stageState(scene: SceneRow, characters: CharacterRow[], speakerId: string): StageState {
  return {
    room: roomById(scene.room),
    speakerId,
    characters: characters.map((c) => ({
      id: c.id,
      name: c.name,
      spot: c.spot,
      facing: c.facing as Facing,
      holding: c.holding ?? null,
    })),
  };
}
