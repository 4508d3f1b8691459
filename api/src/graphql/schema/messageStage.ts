import type { MessageSnapshot, SceneEventRecord } from '../../domain/events.js';
import { characterSceneId, lineEventsOf } from '../../services/lineEvents.js';
import { builder, type Context } from '../builder.js';
import { MessageRef } from './message.js';
import { SceneEventRef } from './sceneEvent.js';

/**
 * `Message.lineEvents`: what happened in the room with a line, so history and replay can
 * rebuild the stage the way viewers saw it live. Defined here, not in message.ts, because it
 * names the event types (sceneEvent.ts imports message.ts).
 */

/** A context's reads of conversations, by scene and epoch; a page of lines costs one read. */
type Reads = Map<string, Promise<Map<number, SceneEventRecord[]>>>;
const readsByContext = new WeakMap<Context, { scenes: Map<string, Promise<string | null>>; reads: Reads }>();
/** A long-lived context (a broadcast group's) keeps at most this many conversations. */
const MAX_READS = 8;

async function lineEvents(message: MessageSnapshot, ctx: Context): Promise<SceneEventRecord[]> {
  let cache = readsByContext.get(ctx);
  if (!cache) {
    cache = { scenes: new Map(), reads: new Map() };
    readsByContext.set(ctx, cache);
  }
  let scene = cache.scenes.get(message.speakerId);
  if (!scene) {
    scene = characterSceneId(ctx.container, message.speakerId);
    cache.scenes.set(message.speakerId, scene);
  }
  const sceneId = await scene;
  if (!sceneId) return [];
  const key = `${sceneId}:${message.epoch}`;
  let read = cache.reads.get(key);
  // A line is committed with its events, so a read that lacks it is older than the line: read again.
  if (!read || !(await read).has(message.id)) {
    if (cache.reads.size >= MAX_READS) cache.reads.clear();
    read = lineEventsOf(ctx.container, sceneId, message.epoch);
    cache.reads.set(key, read);
  }
  return (await read).get(message.id) ?? [];
}

builder.objectField(MessageRef, 'lineEvents', (t) =>
  t.field({
    type: [SceneEventRef],
    description:
      "What happened in the room with this line, in the order it happened: the actions (`CharacterActed`: walked, looked, used, picked up, gave) and the states they left (`CharacterChanged`: the speaker speaking with its new mood, spot, facing and hands, a walk with its path, the hands of whoever was given something). The same events came live on `sceneEvents` right after the line; applying them after it rebuilds the stage at that step. Holds at least the speaker's own `CharacterChanged` for every line the server committed.",
    resolve: (message, _args, ctx) => lineEvents(message, ctx),
  }),
);
