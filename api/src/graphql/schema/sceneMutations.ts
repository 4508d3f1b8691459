import type { Container } from '../../container.js';
import { injectNarration, setBroadcastDelay, updateSceneSettings } from '../../services/moderation.js';
import { endScene, pauseScene, restartScene, resumeScene, startNextConversationNow } from '../../services/sceneControl.js';
import { resetSceneMemories } from '../../services/memoryModeration.js';
import { findScene } from '../../services/sceneQueries.js';
import { requireModerator } from '../auth.js';
import { builder } from '../builder.js';
import { notFound } from '../errors.js';
import { idArg, intArg, nonNegativeInt, numberArg, textArg } from '../validate.js';
import { SceneRef } from './scene.js';

/*
 * Moderator mutations that return a Scene. They live beside scene.ts rather than in it to
 * keep files small; each needs a moderator token, validates its input, is idempotent where
 * that makes sense, and emits a scene event so every viewer sees the change.
 */

const SceneIdInput = builder.inputType('SceneIdInput', {
  description: 'Names a scene.',
  fields: (t) => ({ sceneId: t.id({ required: true, description: 'Scene id.' }) }),
});

const SceneReasonInput = builder.inputType('SceneReasonInput', {
  description: 'Names a scene, with an optional reason shown to viewers.',
  fields: (t) => ({
    sceneId: t.id({ required: true, description: 'Scene id.' }),
    reason: t.string({ description: 'Why (up to 200 characters).' }),
  }),
});

/** The longest broadcast delay a moderator may set (BROADCAST_DELAY_SECONDS has the same bound). */
const MAX_BROADCAST_DELAY_SECONDS = 120;

const reload = async (container: Container, sceneId: string) => {
  const scene = await findScene(container, { id: sceneId });
  if (!scene) throw notFound('Scene', sceneId);
  return scene;
};

const reasonOf = (reason: string | null | undefined, fallback: string) =>
  reason == null || reason.trim() === '' ? fallback : textArg(reason, 'reason', 1, 200);

const control = (
  name: string,
  description: string,
  run: (container: Container, sceneId: string, reason: string | null | undefined) => Promise<{ found: boolean }>,
  withReason: boolean,
) =>
  builder.mutationField(name, (t) =>
    t.field({
      type: SceneRef,
      description,
      args: { input: t.arg({ type: withReason ? SceneReasonInput : SceneIdInput, required: true, description: 'Which scene.' }) },
      resolve: async (_r, { input }, ctx) => {
        requireModerator(ctx);
        const sceneId = idArg(String(input.sceneId), 'sceneId');
        const result = await run(ctx.container, sceneId, 'reason' in input ? (input.reason as string | null) : null);
        if (!result.found) throw notFound('Scene', sceneId);
        return reload(ctx.container, sceneId);
      },
    }),
  );

control(
  'pauseScene',
  'Pause a scene: no model calls until resumed. Pausing a paused scene changes nothing.',
  (c, id, reason) => pauseScene(c, id, reasonOf(reason, 'Paused by a moderator')),
  true,
);
control('resumeScene', 'Resume a paused scene; the next turn starts now.', (c, id) => resumeScene(c, id), false);
builder.mutationField('resetScene', (t) =>
  t.field({
    type: SceneRef,
    description:
      'Start the conversation over: a new epoch, everyone back home. Old messages stay but are no longer current. Characters keep their memories unless `keepMemories` is false.',
    args: {
      input: t.arg({ type: SceneIdInput, required: true, description: 'Which scene.' }),
      keepMemories: t.arg.boolean({
        defaultValue: true,
        description: 'False: every character of the scene also forgets everything (as resetCharacterMemory).',
      }),
    },
    resolve: async (_r, { input, keepMemories }, ctx) => {
      requireModerator(ctx);
      const sceneId = idArg(String(input.sceneId), 'sceneId');
      if (keepMemories === false) {
        // First, so a `remember` step of the conversation that just ended cannot write after the reset.
        if (!(await reload(ctx.container, sceneId).catch(() => null))) throw notFound('Scene', sceneId);
        await resetSceneMemories(ctx.container, sceneId);
      }
      const result = await restartScene(ctx.container, sceneId, 'RESET');
      if (!result.found) throw notFound('Scene', sceneId);
      return reload(ctx.container, sceneId);
    },
  }),
);
control(
  'endScene',
  'End the current conversation now; the next one starts after the cooldown.',
  (c, id, reason) => endScene(c, id, reasonOf(reason, 'Ended by a moderator')),
  true,
);
control(
  'startNextScene',
  'Skip the cooldown of an ended scene: play the top approved proposal, else start a new conversation.',
  (c, id) => startNextConversationNow(c, id),
  false,
);

builder.mutationField('setScenePace', (t) =>
  t.field({
    type: SceneRef,
    description: 'Change how fast a scene runs (2 = twice as fast; 0.25 to 8).',
    args: {
      input: t.arg({
        required: true,
        description: 'Scene and pace.',
        type: builder.inputType('SetScenePaceInput', {
          description: 'A scene and its new pace.',
          fields: (f) => ({
            sceneId: f.id({ required: true, description: 'Scene id.' }),
            pace: f.float({ required: true, description: 'Speed multiplier, 0.25 to 8.' }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireModerator(ctx);
      const sceneId = idArg(String(input.sceneId), 'sceneId');
      const scene = await updateSceneSettings(ctx.container, sceneId, { pace: numberArg(input.pace, 'pace', 0.25, 8) });
      if (!scene) throw notFound('Scene', sceneId);
      return reload(ctx.container, sceneId);
    },
  }),
);

builder.mutationField('setSceneBudget', (t) =>
  t.field({
    type: SceneRef,
    description: "Set a scene's token budget per budget window (null restores the configured default).",
    args: {
      input: t.arg({
        required: true,
        description: 'Scene and budget.',
        type: builder.inputType('SetSceneBudgetInput', {
          description: 'A scene and its token budget.',
          fields: (f) => ({
            sceneId: f.id({ required: true, description: 'Scene id.' }),
            tokensPerHour: f.int({ description: 'Tokens per window; null = the default from config.' }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireModerator(ctx);
      const sceneId = idArg(String(input.sceneId), 'sceneId');
      const tokens = input.tokensPerHour == null ? null : nonNegativeInt(input.tokensPerHour, 'tokensPerHour');
      const scene = await updateSceneSettings(ctx.container, sceneId, { tokenBudgetPerHour: tokens });
      if (!scene) throw notFound('Scene', sceneId);
      return reload(ctx.container, sceneId);
    },
  }),
);

builder.mutationField('setBroadcastDelay', (t) =>
  t.field({
    type: SceneRef,
    description:
      'Set how many seconds viewers get this scene after it happens (0 to 120; null restores BROADCAST_DELAY_SECONDS). Moderators keep seeing it live, with the time each event airs, and a line hidden before it airs never reaches a viewer. Applies to events from now on; none airs out of order.',
    args: {
      input: t.arg({
        required: true,
        description: 'Scene and delay.',
        type: builder.inputType('SetBroadcastDelayInput', {
          description: "A scene and its viewers' delay.",
          fields: (f) => ({
            sceneId: f.id({ required: true, description: 'Scene id.' }),
            seconds: f.int({ description: `Whole seconds, 0 to ${MAX_BROADCAST_DELAY_SECONDS}; null = the default from config.` }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireModerator(ctx);
      const sceneId = idArg(String(input.sceneId), 'sceneId');
      const seconds = input.seconds == null ? null : intArg(input.seconds, 'seconds', 0, MAX_BROADCAST_DELAY_SECONDS);
      const scene = await setBroadcastDelay(ctx.container, sceneId, seconds);
      if (!scene) throw notFound('Scene', sceneId);
      return reload(ctx.container, sceneId);
    },
  }),
);

builder.mutationField('injectNarration', (t) =>
  t.field({
    type: SceneRef,
    description: 'Say something as the narrator: viewers see it at once and the next speaker reacts to it.',
    args: {
      input: t.arg({
        required: true,
        description: 'Scene and narration.',
        type: builder.inputType('InjectNarrationInput', {
          description: 'A narrator line for a scene.',
          fields: (f) => ({
            sceneId: f.id({ required: true, description: 'Scene id.' }),
            text: f.string({ required: true, description: 'The narration, 1 to 300 characters.' }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireModerator(ctx);
      // Not screened: moderators are trusted (named, and every narration is in the moderation
      // log), and a screen that is down must not take a moderator's voice away mid-scene.
      const sceneId = idArg(String(input.sceneId), 'sceneId');
      const scene = await injectNarration(ctx.container, sceneId, textArg(input.text, 'text', 1, 300));
      if (!scene) throw notFound('Scene', sceneId);
      return reload(ctx.container, sceneId);
    },
  }),
);
