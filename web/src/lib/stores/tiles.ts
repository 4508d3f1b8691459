import { formatDuration } from './clock.svelte';
import type { LiveScene, Message } from './sceneState';
import { activeMs, interactionRate } from './stageView';

/** One number on the info tiles. */
export interface Tile {
  label: string;
  value: string;
  hint?: string;
}

export interface TileInput {
  scene: LiveScene;
  /** Live, or a step of history/replay (then everything is as of `lines`). */
  live: boolean;
  /** The conversation the lines belong to. */
  epoch: number;
  /** The lines shown: the live conversation, or up to the step in history/replay. */
  lines: readonly Message[];
  /** Now in the server's clock (event and message times are stamped by it). */
  serverNow: number;
  viewers: number;
  /** The server's usage figures for this scene (live only). */
  usage?: { promptTokens: number; completionTokens: number; turns: number } | null;
}

/**
 * The info tiles for what the stage shows. "Running" is the time the conversation really
 * ran (`activeMs`): a scene waiting for viewers, paused or out of budget does not count up;
 * in history and replay every tile is as of the step shown.
 */
export function sceneTiles(input: TileInput): Tile[] {
  const { scene, live, epoch, lines, serverNow, viewers } = input;
  // The server's usage is the scene's total now: it says nothing about a past step.
  const usage = live ? input.usage : null;
  let ran: number;
  let label: string;
  if (live) {
    // Running, or ended (it ran until the end): the time since the last line counts
    // (capped). Paused or waiting out a budget: it does not.
    const ended = scene.status === 'ENDED';
    const running = ended || (scene.status === 'RUNNING' && !(scene.budgetResumesAt && scene.budgetResumesAt > serverNow));
    const until = ended ? (scene.endedAt ?? serverNow) : serverNow;
    ran = activeMs(lines, scene.startedAt, until, running);
    label = ended ? 'lasted' : scene.status === 'PAUSED' ? 'ran (paused)' : 'running';
  } else {
    const startedAt = scene.detail.conversations.find((c) => c.epoch === epoch)?.startedAt ?? lines[0]?.createdAt ?? 0;
    ran = activeMs(lines, startedAt, lines.at(-1)?.createdAt ?? startedAt, false);
    label = 'ran so far';
  }
  const models = [...new Set(lines.map((m) => m.model))];
  const tokens = usage ? usage.promptTokens + usage.completionTokens : lines.reduce((s, m) => s + m.promptTokens + m.completionTokens, 0);
  return [
    { label, value: formatDuration(ran), hint: 'time the conversation really ran (waits for viewers and pauses do not count)' },
    { label: 'lines / min', value: interactionRate(lines, ran).toFixed(1), hint: 'how lively it is' },
    { label: 'watching', value: String(viewers), hint: 'people watching this scene now' },
    { label: 'lines', value: String(lines.length), hint: `conversation #${epoch}` },
    {
      label: 'tokens',
      value: compact(tokens),
      hint: usage
        ? `${usage.promptTokens} prompt + ${usage.completionTokens} completion tokens over ${usage.turns} turns in this scene`
        : 'tokens in these lines',
    },
    { label: 'model', value: models.join(', ') || '—', hint: 'who writes the lines (scripted = the offline model)' },
  ];
}

/** 950, 1.2k, 12k. */
export function compact(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}
