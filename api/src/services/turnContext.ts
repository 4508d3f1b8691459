import type { EntityManager } from '@mikro-orm/core';
import { MessageEntity, type CharacterRow, type MessageRow, type SceneRow } from '../adapters/db/entities.js';
import type { StageState } from '../domain/actions.js';
import { roomById } from '../domain/rooms.js';
import { foldSummary, SUMMARY_MAX_CHARS } from '../domain/summary.js';
import type { Facing, PromptLine } from '../domain/types.js';
import type { TurnContext } from '../ports/llm.js';

const toLine = (m: Pick<MessageRow, 'turn' | 'speakerName' | 'recipientName' | 'content'>): PromptLine => ({
  turn: m.turn,
  speaker: m.speakerName,
  recipient: m.recipientName ?? null,
  content: m.content,
});

/** Lines folded per read when a summary is rebuilt. */
const FOLD_BATCH = 200;

/**
 * The last `recentLines` lines of the current conversation, plus the running summary
 * brought up to date: lines that fell out of the window are folded into it, so the prompt
 * stays the same size however long the conversation runs. `hiddenFolded` counts the hidden
 * lines among those the summary covers, so the turn's commit can tell that a moderator hid one
 * meanwhile (and then keeps the summary the hide rebuilt rather than this one).
 */
export async function loadDialogue(
  em: EntityManager,
  scene: SceneRow,
  recentLines: number,
): Promise<{ recent: MessageRow[]; summary: string; summaryThroughTurn: number; hiddenFolded: number }> {
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
  return { recent, summary, summaryThroughTurn: through, hiddenFolded: await hiddenThrough(em, scene.id, scene.epoch, through) };
}

/** Hidden lines of a conversation up to a turn. */
export function hiddenThrough(em: EntityManager, sceneId: string, epoch: number, throughTurn: number): Promise<number> {
  return em.count(MessageEntity, { sceneId, epoch, hidden: true, turn: { $lte: throughTurn } });
}

/** The running summary of a conversation's visible lines up to `throughTurn`, folded afresh (after a line was hidden). */
export async function rebuildSummary(em: EntityManager, sceneId: string, epoch: number, throughTurn: number): Promise<string> {
  let summary = '';
  for (let after = 0; after < throughTurn;) {
    const batch = await em.find(
      MessageEntity,
      { sceneId, epoch, hidden: false, turn: { $gt: after, $lte: throughTurn } },
      { orderBy: { turn: 'asc' }, limit: FOLD_BATCH, fields: ['turn', 'speakerName', 'recipientName', 'content'] },
    );
    if (batch.length === 0) break;
    summary = foldSummary(summary, batch.map(toLine), SUMMARY_MAX_CHARS);
    after = batch.at(-1)!.turn;
  }
  return summary;
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
