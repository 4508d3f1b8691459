import { cooldownMs } from './timing.js';
import type { CharacterAction, SceneStatus, Timing } from './types.js';

/** What the loop must do next for a scene, and when. */
export type NextStep =
  | { kind: 'turn'; turn: number; at: number }
  | { kind: 'speech-end'; turn: number; at: number }
  | { kind: 'next-scene'; turn: number; at: number };

export interface ScheduleInput {
  status: SceneStatus;
  nextTurn: number;
  nextTurnAt: number;
  endedAt: number | null;
  pace: number;
  /** True once another scene took over after this one ended (a played proposal). */
  finished?: boolean;
  characters: { action: CharacterAction; actionStartedAt: number; actionDurationMs: number }[];
}

/**
 * The one step a scene is waiting for. A paused scene waits for nothing. A speaking
 * character means the line is still on screen; otherwise the next turn is due at
 * `nextTurnAt` (a THINKING character means that turn is in flight or was interrupted,
 * and re-adding it is a no-op thanks to the job's deterministic id).
 */
export function nextStep(scene: ScheduleInput, timing: Timing): NextStep | null {
  if (scene.status === 'PAUSED' || scene.finished) return null;
  if (scene.status === 'ENDED') {
    return { kind: 'next-scene', turn: scene.nextTurn, at: (scene.endedAt ?? 0) + cooldownMs(timing, scene.pace) };
  }
  const speaking = scene.characters.find((c) => c.action === 'SPEAKING');
  if (speaking) {
    return { kind: 'speech-end', turn: scene.nextTurn - 1, at: speaking.actionStartedAt + speaking.actionDurationMs };
  }
  return { kind: 'turn', turn: scene.nextTurn, at: scene.nextTurnAt };
}

/** Deterministic job id for a step: no `:` (BullMQ reserves it). */
export function jobId(kind: NextStep['kind'], sceneId: string, epoch: number, turn: number): string {
  return `${kind}-${sceneId}-${epoch}-${turn}`;
}
