import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/*
 * The import boundaries of `.dependency-cruiser.cjs` catch what they promise. A small tree
 * under fixtures/boundaries/ is laid out like the api (api/src/domain, ports, services ...)
 * and breaks three rules on purpose; the real rule set runs over it with that tree as base.
 */

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;
const fixture = fileURLToPath(new URL('./fixtures/boundaries', import.meta.url));

async function violations(): Promise<string[]> {
  const { output } = await cruise(['api/src'], {
    ...config.options,
    ruleSet: { forbidden: config.forbidden },
    validate: true,
    baseDir: fixture,
    outputType: 'json',
  });
  const result = (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

describe('import boundaries', () => {
  it('report a domain that imports a port, a type-only circle and a resolver holding an entity', async () => {
    expect(await violations()).toEqual([
      'domain-is-pure: api/src/domain/line.ts -> api/src/ports/llm.ts',
      'graphql-names-rows-by-type-only: api/src/graphql/schema/scene.ts -> api/src/adapters/db/entities.ts',
      'no-circular: api/src/services/loop.ts -> api/src/services/scenes.ts',
    ]);
  });
});
