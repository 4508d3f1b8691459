import { formatDuration } from '../stores/clock.svelte';
import type { LiveScene } from '../stores/sceneState';
import type { SceneSummary } from '../stores/scenes.svelte';

/** What a scene is doing, in a few words for the scene strip. */
export interface Activity {
  kind: 'talking' | 'thinking' | 'live' | 'countdown' | 'paused' | 'ended';
  text: string;
}

/** What {@link activityOf} reads: a list row, or the open scene's live state. */
export type ActivitySource = Pick<SceneSummary, 'status' | 'nextConversationAt'> & {
  characters: { name: string; state: { action: string } }[];
};

/** The open scene's activity from its live state (fresher than the list, which is re-read every few seconds). */
export function liveActivity(scene: LiveScene, serverNow: number): Activity {
  const characters = scene.detail.characters.map((c) => ({ name: c.name, state: { action: (scene.characters[c.id] ?? c.state).action } }));
  return activityOf({ status: scene.status, nextConversationAt: scene.nextConversationAt, characters }, serverNow);
}

/**
 * A scene's activity from the list's row: who is talking (or thinking) now, the countdown to
 * its next conversation, or paused. `serverNow` is the current time in the server's clock.
 */
export function activityOf(scene: ActivitySource, serverNow: number): Activity {
  if (scene.status === 'PAUSED') return { kind: 'paused', text: 'paused' };
  if (scene.status === 'ENDED') {
    const next = scene.nextConversationAt;
    if (next && next > serverNow) return { kind: 'countdown', text: `next in ${formatDuration(next - serverNow)}` };
    return { kind: 'ended', text: 'starting soon' };
  }
  const speaking = scene.characters.find((c) => c.state.action === 'SPEAKING');
  if (speaking) return { kind: 'talking', text: `${speaking.name} is talking` };
  const thinking = scene.characters.find((c) => c.state.action === 'THINKING');
  if (thinking) return { kind: 'thinking', text: `${thinking.name} is thinking…` };
  return { kind: 'live', text: 'live now' };
}

/** Another scene worth watching while this one rests: one talking now, else any running one. */
export function talkingElsewhere(scenes: readonly SceneSummary[], currentId: string | null, serverNow: number): SceneSummary | null {
  const others = scenes.filter((s) => s.id !== currentId && s.status === 'RUNNING');
  const busy = (s: SceneSummary) => ['talking', 'thinking'].includes(activityOf(s, serverNow).kind);
  return others.find(busy) ?? others[0] ?? null;
}
