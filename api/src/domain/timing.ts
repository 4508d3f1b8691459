import type { Timing } from './types.js';

/** Scale a base duration by the global time scale and the scene's pace (pace 2 = twice as fast). */
export function scaled(baseMs: number, timing: Pick<Timing, 'timeScale'>, pace: number): number {
  return Math.max(0, Math.round((baseMs * timing.timeScale) / pace));
}

/** How long a line stays on screen: 5 s + 50 ms per character by default, scaled. */
export function speakingMs(content: string, timing: Timing, pace: number): number {
  return scaled(timing.speakingBaseMs + timing.speakingPerCharMs * [...content].length, timing, pace);
}

/** The pause after a line before the next turn starts. */
export function turnPauseMs(timing: Timing, pace: number): number {
  return scaled(timing.turnPauseMs, timing, pace);
}

/** The wait between a conversation ending and the next one starting. */
export function cooldownMs(timing: Timing, pace: number): number {
  return scaled(timing.cooldownMs, timing, pace);
}
