import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * Every import boundary of `.dependency-cruiser.cjs` catches what it promises. For each rule a
 * small tree, laid out like the repository (api/src/domain, ports, services …, web/src …), is
 * written to a temporary folder; it breaks that rule once, and holds beside the break the
 * nearest import the rule allows. The real rule set runs over the tree with it as base, and the
 * violations must be exactly the expected ones: the rule fires on the break and nowhere else.
 * A rule added to the config without a case here fails the last test.
 */

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;
const root = mkdtempSync(join(tmpdir(), 'pixeltales-boundaries-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A file tree: path (from the repository root) → source. */
type Tree = Record<string, string>;

interface Case {
  rule: string;
  tree: Tree;
  /** `from -> to` of each violation the rule must report, and no other rule may. */
  expected: string[];
}

/** A package only the tooling uses: a dev dependency in the tree's package.json. */
const devPackage: Tree = {
  'package.json': JSON.stringify({ name: 'fixture', type: 'module', devDependencies: { 'dev-only-tool': '1.0.0' } }),
  'node_modules/dev-only-tool/package.json': JSON.stringify({ name: 'dev-only-tool', version: '1.0.0', main: 'index.js' }),
  'node_modules/dev-only-tool/index.js': 'module.exports = { check: () => true };\n',
};

/** The ORM, as the rules name it (`node_modules/@mikro-orm/…`). */
const ormPackage: Tree = {
  'node_modules/@mikro-orm/core/package.json': JSON.stringify({ name: '@mikro-orm/core', version: '6.0.0', main: 'index.js' }),
  'node_modules/@mikro-orm/core/index.js': 'module.exports = { EntityManager: class {} };\n',
};

const cases: Case[] = [
  {
    rule: 'no-circular',
    tree: {
      'api/src/services/loop.ts': "import type { findScene } from './scenes.js';\nexport type Find = typeof findScene;\n",
      'api/src/services/scenes.ts':
        "import type { Find } from './loop.js';\nexport const findScene = (id: string): string => id;\nexport type F = Find;\n",
      'api/src/services/queries.ts': "import { findScene } from './scenes.js';\nexport const q = findScene('a');\n",
    },
    // dependency-cruiser names a circle once, by the edge where it first closes.
    expected: ['api/src/services/loop.ts -> api/src/services/scenes.ts'],
  },
  {
    rule: 'not-to-unresolvable',
    tree: {
      'api/src/services/a.ts': "import { b } from './b.js';\nimport { gone } from './missing.js';\nexport const a = b + gone;\n",
      'api/src/services/b.ts': 'export const b = 1;\n',
    },
    expected: ['api/src/services/a.ts -> ./missing.js'],
  },
  {
    rule: 'api-runs-on-its-dependencies',
    tree: {
      ...devPackage,
      'api/src/services/a.ts': "import { check } from 'dev-only-tool';\nexport const a = check();\n",
      // Allowed: a test beside the code, and a type-only import.
      'api/src/services/a.test.ts': "import { check } from 'dev-only-tool';\nexport const t = check();\n",
      'api/src/services/b.ts': "import type { check } from 'dev-only-tool';\nexport type B = typeof check;\n",
    },
    expected: ['api/src/services/a.ts -> node_modules/dev-only-tool/index.js'],
  },
  {
    rule: 'domain-is-pure',
    tree: {
      'api/src/domain/line.ts': "import type { Llm } from '../ports/llm.js';\nexport type Line = { model: Llm['name'] };\n",
      'api/src/domain/turn.ts': "import type { Line } from './line.js';\nexport type Turn = Line[];\n",
      'api/src/ports/llm.ts': 'export interface Llm { name: string }\n',
    },
    expected: ['api/src/domain/line.ts -> api/src/ports/llm.ts'],
  },
  {
    rule: 'ports-are-interfaces',
    tree: {
      'api/src/ports/llm.ts': "import type { OpenAi } from '../adapters/llm/openAi.js';\nexport interface Llm { client: OpenAi }\n",
      'api/src/ports/queue.ts':
        "import type { Llm } from './llm.js';\nimport type { Line } from '../domain/line.js';\nexport interface Q { llm: Llm; line: Line }\n",
      'api/src/domain/line.ts': 'export interface Line { text: string }\n',
      'api/src/adapters/llm/openAi.ts': 'export interface OpenAi { url: string }\n',
    },
    expected: ['api/src/ports/llm.ts -> api/src/adapters/llm/openAi.ts'],
  },
  {
    rule: 'ports-only-types-from-domain',
    tree: {
      'api/src/ports/llm.ts': "import { clip } from '../domain/line.js';\nexport interface Llm { clip: typeof clip }\n",
      'api/src/ports/queue.ts': "import type { Line } from '../domain/line.js';\nexport interface Q { line: Line }\n",
      'api/src/domain/line.ts': 'export interface Line { text: string }\nexport const clip = (s: string): string => s.slice(0, 9);\n',
    },
    expected: ['api/src/ports/llm.ts -> api/src/domain/line.ts'],
  },
  {
    rule: 'config-reads-env-only',
    tree: {
      'api/src/config.ts':
        "import type { Timing } from './domain/timing.js';\nimport type { Llm } from './ports/llm.js';\nexport type Config = { timing: Timing; llm?: Llm };\n",
      'api/src/domain/timing.ts': 'export interface Timing { ms: number }\n',
      'api/src/ports/llm.ts': 'export interface Llm { name: string }\n',
    },
    expected: ['api/src/config.ts -> api/src/ports/llm.ts'],
  },
  {
    rule: 'adapters-stay-below-services',
    tree: {
      'api/src/adapters/llm/openAi.ts': "import { runTurn } from '../../services/turn.js';\nexport const o = runTurn;\n",
      'api/src/adapters/queue/memory.ts':
        "import type { Job } from '../../ports/queue.js';\nimport type { Config } from '../../config.js';\nexport type M = { job: Job; config: Config };\n",
      'api/src/services/turn.ts': 'export const runTurn = (): number => 1;\n',
      'api/src/ports/queue.ts': 'export interface Job { id: string }\n',
      'api/src/config.ts': 'export interface Config { port: number }\n',
    },
    expected: ['api/src/adapters/llm/openAi.ts -> api/src/services/turn.ts'],
  },
  {
    rule: 'services-stay-below-graphql',
    tree: {
      'api/src/services/turn.ts': "import { sceneType } from '../graphql/schema/scene.js';\nexport const t = sceneType;\n",
      'api/src/services/publish.ts': "import type { Topics } from '../graphql/topics.js';\nexport type P = Topics;\n",
      'api/src/graphql/schema/scene.ts': "export const sceneType = 'Scene';\n",
      'api/src/graphql/topics.ts': 'export interface Topics { scene: string }\n',
    },
    expected: ['api/src/services/turn.ts -> api/src/graphql/schema/scene.ts'],
  },
  {
    rule: 'topics-are-domain-shapes',
    tree: {
      'api/src/graphql/topics.ts':
        "import type { SceneEvent } from '../domain/events.js';\nimport type { Row } from '../services/rows.js';\nexport interface Topics { e: SceneEvent; r: Row }\n",
      'api/src/domain/events.ts': 'export interface SceneEvent { seq: number }\n',
      'api/src/services/rows.ts': 'export interface Row { id: string }\n',
    },
    expected: ['api/src/graphql/topics.ts -> api/src/services/rows.ts'],
  },
  {
    rule: 'graphql-reaches-data-through-services',
    tree: {
      ...ormPackage,
      'api/src/graphql/schema/scene.ts':
        "import { EntityManager } from '@mikro-orm/core';\nimport { enqueue } from '../../adapters/queue/memory.js';\nimport { count } from '../../adapters/metrics.js';\nimport { findScene } from '../../services/scenes.js';\nexport const s = [EntityManager, enqueue, count, findScene];\n",
      'api/src/adapters/queue/memory.ts': 'export const enqueue = (): void => {};\n',
      'api/src/adapters/metrics.ts': 'export const count = (): void => {};\n',
      'api/src/services/scenes.ts': 'export const findScene = (): void => {};\n',
    },
    expected: [
      'api/src/graphql/schema/scene.ts -> api/src/adapters/queue/memory.ts',
      'api/src/graphql/schema/scene.ts -> node_modules/@mikro-orm/core/index.js',
    ],
  },
  {
    rule: 'graphql-names-rows-by-type-only',
    tree: {
      'api/src/graphql/schema/scene.ts':
        "import { SceneEntity } from '../../adapters/db/entities.js';\nexport const s = SceneEntity.name;\n",
      'api/src/graphql/schema/message.ts':
        "import type { MessageRow } from '../../adapters/db/entities.js';\nexport type M = MessageRow;\n",
      'api/src/adapters/db/entities.ts': "export const SceneEntity = { name: 'scene' };\nexport interface MessageRow { id: string }\n",
    },
    expected: ['api/src/graphql/schema/scene.ts -> api/src/adapters/db/entities.ts'],
  },
  {
    rule: 'graphql-stays-below-http',
    tree: {
      'api/src/graphql/context.ts': "import { clientAddress } from '../http/clientAddress.js';\nexport const c = clientAddress;\n",
      'api/src/http/server.ts': "import { c } from '../graphql/context.js';\nexport const s = c;\n",
      'api/src/http/clientAddress.ts': "export const clientAddress = '127.0.0.1';\n",
    },
    expected: ['api/src/graphql/context.ts -> api/src/http/clientAddress.ts'],
  },
  {
    rule: 'http-does-not-touch-rows',
    tree: {
      ...ormPackage,
      'api/src/http/server.ts':
        "import { orm } from '../adapters/db/orm.js';\nimport { EntityManager } from '@mikro-orm/core';\nimport { listScenes } from '../services/scenes.js';\nimport { count } from '../adapters/metrics.js';\nexport const s = [orm, EntityManager, listScenes, count];\n",
      'api/src/adapters/db/orm.ts': 'export const orm = {};\n',
      'api/src/adapters/metrics.ts': 'export const count = (): void => {};\n',
      'api/src/services/scenes.ts': 'export const listScenes = (): void => {};\n',
    },
    expected: ['api/src/http/server.ts -> api/src/adapters/db/orm.ts', 'api/src/http/server.ts -> node_modules/@mikro-orm/core/index.js'],
  },
  {
    rule: 'only-main-starts-roles',
    tree: {
      'api/src/main.ts': "import { worker } from './services/worker.js';\nexport const m = worker;\n",
      'api/src/migrate.ts': "import { config } from './config.js';\nexport const g = config;\n",
      'api/src/config.ts': 'export const config = {};\n',
      'api/src/services/worker.ts': 'export const worker = 1;\n',
      'api/src/http/server.ts': "import { g } from '../migrate.js';\nexport const s = g;\n",
      'api/test/start.test.ts': "import { m } from '../src/main.js';\nexport const t = m;\n",
    },
    expected: ['api/src/http/server.ts -> api/src/migrate.ts', 'api/test/start.test.ts -> api/src/main.ts'],
  },
  {
    rule: 'api-tests-do-not-import-web',
    tree: {
      'api/test/stage.test.ts':
        "import { drawStage } from '../../web/src/game/stage.js';\nimport { q } from '../src/services/scenes.js';\nexport const t = [drawStage, q];\n",
      'api/src/services/scenes.ts': 'export const q = 1;\n',
      'web/src/game/stage.ts': 'export const drawStage = (): void => {};\n',
    },
    expected: ['api/test/stage.test.ts -> web/src/game/stage.ts'],
  },
  {
    rule: 'game-is-phaser-only',
    tree: {
      'web/src/game/stage.ts':
        "import { sceneStore } from '../lib/stores/scene.js';\nimport { bridge } from '../lib/bridge/events.js';\nexport const s = [sceneStore, bridge];\n",
      'web/src/lib/stores/scene.ts': 'export const sceneStore = {};\n',
      'web/src/lib/bridge/events.ts': 'export const bridge = {};\n',
    },
    expected: ['web/src/game/stage.ts -> web/src/lib/stores/scene.ts'],
  },
  {
    rule: 'only-stores-talk-to-urql',
    tree: {
      'web/src/components/panel.ts':
        "import { client } from '../lib/graphql/client.js';\nimport { sceneStore } from '../lib/stores/scene.js';\nexport const p = [client, sceneStore];\n",
      'web/src/lib/stores/scene.ts': "import { client } from '../graphql/client.js';\nexport const sceneStore = client;\n",
      'web/src/lib/graphql/client.ts': 'export const client = {};\n',
    },
    expected: ['web/src/components/panel.ts -> web/src/lib/graphql/client.ts'],
  },
  {
    rule: 'web-shares-only-the-grid',
    tree: {
      'web/src/game/stage.ts':
        "import { walk } from '../../../api/src/domain/grid.js';\nimport { rooms } from '../../../api/src/domain/rooms.js';\nexport const s = [walk, rooms];\n",
      'api/src/domain/grid.ts': 'export const walk = (): void => {};\n',
      'api/src/domain/rooms.ts': 'export const rooms = [];\n',
    },
    expected: ['web/src/game/stage.ts -> api/src/domain/rooms.ts'],
  },
];

/** Write `tree` under a folder of its own; return that folder. */
function lay(name: string, tree: Tree): string {
  const base = join(root, name);
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), text);
  }
  return base;
}

/** Every violation of the real rule set over `tree`, as `rule: from -> to`. */
async function violations(name: string, tree: Tree): Promise<string[]> {
  const base = lay(name, tree);
  const tops = [...new Set(Object.keys(tree).map((p) => p.split('/')[0]!))].filter((t) => t === 'api' || t === 'web');
  const { output } = await cruise(tops, {
    ...config.options,
    ruleSet: { forbidden: config.forbidden },
    validate: true,
    baseDir: base,
    outputType: 'json',
  });
  const result = (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

describe('import boundaries', () => {
  for (const c of cases) {
    it(`${c.rule} reports the import that breaks it, and not the one beside it that it allows`, async () => {
      expect(await violations(c.rule, c.tree)).toEqual(c.expected.map((e) => `${c.rule}: ${e}`).sort());
    });
  }

  it('has a case for every rule of .dependency-cruiser.cjs', () => {
    const rules = (config.forbidden ?? []).map((r) => r.name).sort();
    expect(cases.map((c) => c.rule).sort()).toEqual(rules);
  });
});
