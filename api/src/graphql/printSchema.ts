/** Write `schema.graphql` at the repository root from the Pothos schema (`npm run schema:print`). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printedSchema } from './schema/index.js';

const target = resolve(import.meta.dirname, '../../../schema.graphql');
writeFileSync(target, printedSchema());
console.log(`wrote ${target}`);
