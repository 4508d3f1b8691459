import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.js';
import './enums.js';
import './room.js';
import './character.js';
import './message.js';
import './scene.js';
import './sceneEvent.js';
import './stats.js';
import './viewer.js';
import './sceneMutations.js';
import './proposal.js';

/** The executable schema, built once. */
export const schema = builder.toSchema();

/** The SDL committed as `schema.graphql` (sorted, so diffs are stable). */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
