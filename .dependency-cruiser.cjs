/**
 * Import boundaries: the architecture (ARCHITECTURE.md, "Code map"), written as rules.
 * `npm run lint` runs this over api/, bench/ and web/; a violation fails `npm test`.
 *
 * api/src is layered, lower layers never reaching up:
 *
 *   domain     pure rules and shapes (`now` and randomness are parameters)
 *   ports      interfaces the services need (Llm, JobQueue, Presence, Clock ...)
 *   config     the only reader of process.env
 *   adapters   one implementation of a port each (db, llm, queue, pubsub ...)
 *   container  the composition root: picks the adapters, builds the scene loop
 *   services   use cases: the loop (services/loop/), scene control, proposals, queries, the event log
 *   graphql    the schema: resolvers validate, call services, shape the answer
 *   http       the server: yoga + graphql-ws, limits, health, static files
 *   main       roles, signals, shutdown
 *
 * Services take the container (or the few parts they need) as their first argument; the
 * container builds the scene loop. So anything the container imports must name narrow deps,
 * not `Container` itself, or it closes a circle (no-circular says where).
 *
 * Type-only imports count (`tsPreCompilationDeps`): a type is a dependency a reader has to follow.
 */

/** Paths under api/src, as dependency-cruiser sees them (relative to the repository root). */
const api = (layer) => `^api/src/${layer}`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ── Everywhere ──────────────────────────────────────────────────────────────────────
    {
      name: 'no-circular',
      comment:
        'No import circles, type-only ones included: a circle means two modules are really one, ' +
        'or that a dependency points the wrong way (invert it: pass a function or a narrower type).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves to a file or an installed package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'api-runs-on-its-dependencies',
      comment:
        'The API ships with its runtime dependencies only; test tools (vitest, fast-check) stay in tests. ' +
        '(web/ is exempt: Vite bundles it, so Svelte itself is rightly a dev dependency.)',
      severity: 'error',
      from: { path: '^api/src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },

    // ── api/src: each layer, and what it may not reach ──────────────────────────────────
    {
      name: 'domain-is-pure',
      comment:
        'domain/ holds the rules and shapes; it imports nothing of ours but domain/ ' +
        '(no ports, adapters, services, graphql, config), so a whole conversation tests in milliseconds.',
      severity: 'error',
      from: { path: api('domain/') },
      to: { path: ['^api/', '^web/', '^bench/'], pathNot: api('domain/') },
    },
    {
      name: 'ports-are-interfaces',
      comment:
        'ports/ declares what the services need from the outside world; it may name domain types, ' +
        'nothing else of ours (an adapter implements a port, never the other way round).',
      severity: 'error',
      from: { path: api('ports/') },
      to: { path: ['^api/', '^web/', '^bench/'], pathNot: [api('ports/'), api('domain/')] },
    },
    {
      name: 'ports-only-types-from-domain',
      comment: 'A port names domain types; it does not run domain code.',
      severity: 'error',
      from: { path: api('ports/') },
      to: { path: api('domain/'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'config-reads-env-only',
      comment: 'config.ts validates the environment; it knows domain shapes (Timing) and nothing above.',
      severity: 'error',
      from: { path: api('config\\.ts$') },
      to: { path: '^api/src/', pathNot: [api('config\\.ts$'), api('domain/')] },
    },
    {
      name: 'adapters-stay-below-services',
      comment:
        'An adapter implements a port with one technology (SQL, Redis, BullMQ, a model API). It never ' +
        'calls a use case (services/), the schema (graphql/), the server (http/) or the container.',
      severity: 'error',
      from: { path: api('adapters/') },
      to: { path: [api('services/'), api('graphql/'), api('http/'), api('container\\.ts$'), api('main\\.ts$')] },
    },
    {
      name: 'services-stay-below-graphql',
      comment:
        'Use cases know nothing of GraphQL or HTTP. The one thing they share with the schema is ' +
        'the typed topic map (graphql/topics.ts: types only), which every layer publishes or listens with.',
      severity: 'error',
      from: { path: api('services/') },
      to: { path: [api('graphql/'), api('http/'), api('main\\.ts$')], pathNot: api('graphql/topics\\.ts$') },
    },
    {
      name: 'topics-are-domain-shapes',
      comment: 'The topic map names domain payloads only, so services may import it without reaching up.',
      severity: 'error',
      from: { path: api('graphql/topics\\.ts$') },
      to: { path: '^api/src/', pathNot: [api('graphql/topics\\.ts$'), api('domain/')] },
    },
    {
      name: 'graphql-reaches-data-through-services',
      comment:
        'Resolvers validate input, call a service and shape the answer; reading or writing rows ' +
        "(entities, the ORM, the entity manager) is a service's job. They may name a row type " +
        '(what a service returns) but import no entity or ORM code; ESLint forbids `ctx.container.orm` ' +
        'in graphql/schema. The metrics registry is instrumentation any layer may count into.',
      severity: 'error',
      from: { path: api('graphql/') },
      to: {
        path: [api('adapters/'), '^node_modules/@mikro-orm/'],
        pathNot: [api('adapters/metrics\\.ts$'), api('adapters/db/entities\\.ts$')],
      },
    },
    {
      name: 'graphql-names-rows-by-type-only',
      comment: 'A row type is a shape; anything else from adapters/db is ORM code a resolver must not run.',
      severity: 'error',
      from: { path: api('graphql/') },
      to: { path: api('adapters/db/entities\\.ts$'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'graphql-stays-below-http',
      comment: 'The schema does not know the server it is served by; http/ composes graphql/, not the reverse.',
      severity: 'error',
      from: { path: api('graphql/') },
      to: { path: [api('http/'), api('main\\.ts$')] },
    },
    {
      name: 'http-does-not-touch-rows',
      comment: 'The server reaches data through services and the schema, never through entities or the ORM.',
      severity: 'error',
      from: { path: api('http/') },
      to: { path: [`${api('adapters/')}db/`, '^node_modules/@mikro-orm/'] },
    },
    {
      name: 'only-main-starts-roles',
      comment: 'main.ts is the program: nothing imports it.',
      severity: 'error',
      from: {},
      to: { path: [api('main\\.ts$'), api('migrate\\.ts$')] },
    },
    {
      name: 'api-tests-do-not-import-web',
      comment: 'The API stands alone; its tests drive it over GraphQL like any client.',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^web/' },
    },

    // ── web/src ─────────────────────────────────────────────────────────────────────────
    {
      name: 'game-is-phaser-only',
      comment:
        'game/ never imports Svelte, urql, the stores or the components: it hears the app only ' +
        'through the typed bridge (lib/bridge/), so the stage can be rebuilt without touching the UI.',
      severity: 'error',
      from: { path: '^web/src/game/' },
      to: {
        path: ['^web/src/(components|lib/stores|lib/graphql)/', '\\.svelte$', '^node_modules/(svelte|@urql|graphql-ws|@lucide)/'],
      },
    },
    {
      name: 'only-stores-talk-to-urql',
      comment: 'Svelte components read rune stores; only lib/stores (and the client in lib/graphql) talk to urql.',
      severity: 'error',
      from: { path: '^web/src/', pathNot: ['^web/src/lib/(stores|graphql)/'] },
      to: { path: ['^node_modules/@urql/', '^node_modules/graphql-ws/', '^web/src/lib/graphql/client\\.ts$'] },
    },
    {
      name: 'web-shares-only-the-grid',
      comment:
        "The web app may import the API's pure, import-free domain/grid.ts (so the stage and the server " +
        'walk the same tiles) and nothing else from api/: the rest reaches it over GraphQL.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^api/', pathNot: '^api/src/domain/grid\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // api/test/boundaries.test.ts breaks every rule on purpose, in trees it writes to a temporary folder.
    exclude: { path: ['(^|/)dist/', '(^|/)dist-test/', '(^|/)generated/', '^api/src/adapters/db/migrations/'] },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'svelte', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.svelte', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
