import type { StatsFeedUpdate } from '../../services/statsFeed.js';
import { findScene } from '../../services/sceneQueries.js';
import { builder } from '../builder.js';
import { notFound } from '../errors.js';
import { idArg } from '../validate.js';

const StatsFeedUpdateRef = builder.objectRef<StatsFeedUpdate>('StatsFeedUpdate').implement({
  description: 'All-time totals of one scene or of all scenes, as `statsFeed` sends them.',
  fields: (t) => ({
    at: t.field({ type: 'Timestamp', description: 'When the totals were read.', resolve: (u) => u.at }),
    turns: t.exposeInt('turns', { description: 'Lines written.' }),
    promptTokens: t.exposeInt('promptTokens', { description: 'Prompt tokens of the lines (turns; memory calls not included).' }),
    completionTokens: t.exposeInt('completionTokens', {
      description: 'Completion tokens of the lines (turns; memory calls not included).',
    }),
    costUsd: t.exposeFloat('costUsd', {
      description: 'Estimated cost in USD from the configured price table, of every model call: turns and memory (writes, reflections).',
    }),
    viewers: t.exposeInt('viewers', { description: 'Viewers now (of the scene, or of all scenes).' }),
  }),
});

builder.subscriptionField('statsFeed', (t) =>
  t.field({
    type: StatsFeedUpdateRef,
    description:
      'Live totals for wall displays: the current totals at once, then an update at most once per second while lines are stored or viewers come and go (changes within a second are coalesced into one update).',
    args: {
      sceneId: t.arg.id({ description: 'Only this scene (all scenes when omitted).' }),
    },
    subscribe: async (_r, args, ctx) => {
      const sceneId = args.sceneId == null ? null : idArg(String(args.sceneId), 'sceneId');
      if (sceneId && !(await findScene(ctx.container, { id: sceneId }))) throw notFound('Scene', sceneId);
      return ctx.container.statsFeed.subscribe(sceneId);
    },
    resolve: (u) => u,
  }),
);
