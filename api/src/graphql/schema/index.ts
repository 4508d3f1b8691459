import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.js';
import './enums.js';
import './room.js';
import './character.js';
import './message.js';
import './messageStage.js';
import './heldLine.js';
import './scene.js';
import './sceneEvent.js';
import './stats.js';
import './usage.js';
import './characterStats.js';
import './statsFeed.js';
import './viewer.js';
import './viewerSession.js';
import './sceneMutations.js';
import './memory.js';
import './proposal.js';
import './apiKey.js';
import { guardIdArguments } from '../idArguments.js';
import { auditModeratorMutations } from './moderationLog.js';

/**
 * The executable schema, built once; every ID argument is shape-checked before its resolver,
 * and moderator mutations record themselves in the moderation log.
 */
export const schema = builder.toSchema();
auditModeratorMutations(schema);
guardIdArguments(schema);

/** The SDL committed as `schema.graphql` (sorted, so diffs are stable). */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
