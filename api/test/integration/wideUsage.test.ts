import fc from 'fast-check';
import { execute, parse, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/adapters/db/sql.js';
import type { Context } from '../../src/graphql/builder.js';
import { schema } from '../../src/graphql/schema/index.js';
import { wideUsageResult } from '../../src/http/wideUsage.js';
import { recordViewerSample } from '../../src/services/viewerSamples.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const MINUTE = 60_000;
/** History lives in the two days from here. */
const T0 = Date.UTC(2026, 4, 1);
const SPAN_MINUTES = 2 * 24 * 60;
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'unpriced-model'];
const LEAVES = [
  'start',
  'turns',
  'promptTokens',
  'completionTokens',
  'memoryCalls',
  'memoryPromptTokens',
  'memoryCompletionTokens',
  'linesPerMinute',
  'costUsd',
  'memoryCostUsd',
  'peakViewers',
  'averageViewers',
  '__typename',
];

/** A bucket selection: leaves with or without aliases, some behind @include/@skip, fragments or inline fragments. */
const leafArb = fc.record({
  name: fc.constantFrom(...LEAVES),
  alias: fc.option(fc.constantFrom('a', 'b', 'x1'), { nil: undefined }),
  wrap: fc.constantFrom('none', 'inline', 'inlineTyped', 'skipTrue', 'skipFlag', 'includeFlag', 'fragment'),
});
type LeafSel = typeof leafArb extends fc.Arbitrary<infer T> ? T : never;

const rootArb = fc.record({
  alias: fc.option(fc.constantFrom('u1', 'u2'), { nil: undefined }),
  bucket: fc.constantFrom('MINUTE', 'HOUR', 'DAY'),
  // Minutes into the history; sometimes not a whole minute, or an empty range: the resolver refuses those.
  since: fc.integer({ min: 0, max: SPAN_MINUTES }),
  length: fc.integer({ min: 0, max: 400 }),
  offsetMs: fc.constantFrom(0, 0, 0, 0, 1),
  sceneId: fc.option(fc.constantFrom('scene-a', 'scene-b', 'bad id!'), { nil: null }),
  model: fc.option(fc.constantFrom(...MODELS), { nil: null }),
  typename: fc.boolean(),
  leaves: fc.array(leafArb, { minLength: 1, maxLength: 6 }),
  inlineArgs: fc.boolean(),
});
type RootSel = typeof rootArb extends fc.Arbitrary<infer T> ? T : never;

/** The document text and its variables for some root `usage` fields (and maybe `__typename`). */
function operation(roots: RootSel[], typename: boolean, flag: boolean): { text: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = { flag };
  const decls = ['$flag: Boolean!'];
  const fragments = new Set<string>();
  const leaf = (l: LeafSel, n: number) => {
    const field = `${l.alias && l.name !== '__typename' ? `${l.alias}${n}: ` : ''}${l.name}`;
    switch (l.wrap) {
      case 'inline':
        return `... { ${field} }`;
      case 'inlineTyped':
        return `... on UsageBucket { ${field} }`;
      case 'skipTrue':
        return `${field} @skip(if: true)`;
      case 'skipFlag':
        return `${field} @skip(if: $flag)`;
      case 'includeFlag':
        return `${field} @include(if: $flag)`;
      case 'fragment':
        fragments.add(`fragment L${n} on UsageBucket { ${field} }`);
        return `...L${n}`;
      default:
        return field;
    }
  };
  const fields = roots.map((r, i) => {
    const since = T0 + r.since * MINUTE + r.offsetMs;
    const until = since - r.offsetMs + r.length * MINUTE;
    let args: string;
    if (r.inlineArgs) {
      args = `bucket: ${r.bucket}, since: ${since}, until: ${until}${r.sceneId ? `, sceneId: "${r.sceneId}"` : ''}${r.model ? `, model: "${r.model}"` : ''}`;
    } else {
      decls.push(`$b${i}: UsageBucketSize!`, `$s${i}: Timestamp!`, `$u${i}: Timestamp!`, `$scene${i}: ID`, `$model${i}: String`);
      Object.assign(variables, {
        [`b${i}`]: r.bucket,
        [`s${i}`]: since,
        [`u${i}`]: until,
        [`scene${i}`]: r.sceneId,
        [`model${i}`]: r.model,
      });
      args = `bucket: $b${i}, since: $s${i}, until: $u${i}, sceneId: $scene${i}, model: $model${i}`;
    }
    // Roots without an alias all answer to `usage`: only the first of them may stay unaliased.
    const name = r.alias ? `${r.alias}${i}` : i === 0 ? null : `r${i}`;
    return `${name ? `${name}: ` : ''}usage(${args}) { ${r.typename ? '__typename ' : ''}buckets { ${r.leaves.map((l, n) => leaf(l, i * 10 + n)).join(' ')} } }`;
  });
  const text = `query Q(${decls.join(', ')}) { ${typename ? '__typename ' : ''}${fields.join(' ')} }\n${[...fragments].join('\n')}`;
  return { text, variables };
}

describe('wide usage reads answer exactly what graphql-js answers', () => {
  let server: TestServer;
  let ctx: Context;

  beforeAll(async () => {
    server = await startTestServer({ RESPONSE_CACHE: 'false' });
    ctx = { container: server.container, role: 'VIEWER', badToken: false, clientId: null, ip: '127.0.0.1' };
    // Lines and memory calls of two scenes and three models, spread over the history; viewers in part of it.
    const em = server.container.orm.em.fork();
    for (let m = 0; m < SPAN_MINUTES; m += 7) {
      for (const [k, sceneId] of ['scene-a', 'scene-b'].entries()) {
        if ((m + k) % 3 === 0) continue;
        await sqlRows(
          em,
          `insert into usage_minute (scene_id, model, minute, turns, prompt_tokens, completion_tokens, memory_calls, memory_prompt_tokens, memory_completion_tokens)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [sceneId, MODELS[(m + k) % 3]!, T0 + m * MINUTE, 1 + (m % 5), 100 + m, 20 + k * m, m % 2, (m % 2) * 300, (m % 2) * 40],
        );
      }
    }
    for (let m = 0; m < SPAN_MINUTES; m += 11) {
      await recordViewerSample(
        em,
        T0 + m * MINUTE,
        new Map([
          ['scene-a', m % 4],
          ['scene-b', 1 + (m % 3)],
        ]),
      );
    }
  }, 60_000);
  afterAll(() => server?.stop());

  async function both(text: string, variables: Record<string, unknown>) {
    const document: DocumentNode = parse(text);
    const expected = await execute({ schema, document, variableValues: variables, contextValue: ctx });
    const wide = await wideUsageResult(schema, document, 'Q', variables, ctx);
    return { expected, wide };
  }

  it('for any selection of buckets, aliases, fragments, directives and ranges (or declines, when graphql-js reports an error)', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rootArb, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean(), async (roots, typename, flag) => {
        const { text, variables } = operation(roots, typename, flag);
        const { expected, wide } = await both(text, variables);
        if (wide === null) {
          // Declined: only where graphql-js answers with an error.
          expect(expected.errors?.length).toBeGreaterThan(0);
          return;
        }
        answered++;
        expect(expected.errors).toBeUndefined();
        // Same keys in the same order, same values: the same JSON text.
        expect(JSON.stringify(wide)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 150 },
    );
    // About half the generated operations are valid (each root may carry a refused argument): the path must answer those.
    expect(answered).toBeGreaterThan(45);
  }, 120_000);

  it('declines what it does not answer, and graphql-js then answers it', async () => {
    const since = T0;
    const until = T0 + 10 * MINUTE;
    // Another root field beside usage; a value Int cannot hold; a variable that does not coerce.
    const mixed = await both(
      'query Q($s: Timestamp!, $u: Timestamp!) { usage(bucket: MINUTE, since: $s, until: $u) { buckets { turns } } stats { turns } }',
      { s: since, u: until },
    );
    expect(mixed.wide).toBeNull();
    expect(mixed.expected.errors).toBeUndefined();
    await sqlRows(
      server.container.orm.em.fork(),
      'insert into usage_minute (scene_id, model, minute, turns, prompt_tokens, completion_tokens) values (?, ?, ?, ?, ?, ?)',
      ['scene-huge', 'gpt-4o', T0, 1, 2 ** 31, 1],
    );
    const huge = await both(
      'query Q($s: Timestamp!, $u: Timestamp!) { usage(bucket: MINUTE, since: $s, until: $u, sceneId: "scene-huge") { buckets { promptTokens } } }',
      { s: since, u: until },
    );
    expect(huge.wide).toBeNull();
    expect(huge.expected.errors?.[0]?.message).toMatch(/Int cannot represent/);
    const badVariable = await both('query Q($s: Timestamp!) { usage(bucket: MINUTE, since: $s, until: 0) { buckets { turns } } }', {
      s: 'soon',
    });
    expect(badVariable.wide).toBeNull();
    expect(badVariable.expected.errors?.length).toBeGreaterThan(0);
  });

  it('serves a 10,000-bucket read over HTTP and graphql-ws alike, and a cache hit over graphql-ws as an object', async () => {
    const cached = await startTestServer({});
    try {
      const query = `query ($s: Timestamp!, $u: Timestamp!) { usage(bucket: MINUTE, since: $s, until: $u) { buckets { start turns } } }`;
      const variables = { s: T0, u: T0 + 10_000 * MINUTE };
      const http = await cached.gql<{ usage: { buckets: { start: number; turns: number }[] } }>(query, variables);
      expect(http.errors).toBeUndefined();
      expect(http.data!.usage.buckets).toHaveLength(10_000);
      expect(http.data!.usage.buckets[9_999]).toEqual({ start: T0 + 9_999 * MINUTE, turns: 0 });
      const client = cached.wsClient();
      const overWs = () =>
        new Promise<unknown>((resolve, reject) => {
          let value: unknown;
          client.subscribe({ query, variables }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
        });
      // The second and third are hits of the entry the HTTP read stored.
      for (let i = 0; i < 2; i++) expect(await overWs()).toEqual({ data: http.data });
      expect(cached.container.config.responseCache.enabled).toBe(true);
      const again = await cached.gql(query, variables);
      expect(again).toEqual({ data: http.data });
    } finally {
      await cached.stop();
    }
  });

  it('refuses an operation whose usage fields span more than 10,000 buckets together, with a stable code, before reading', async () => {
    const two = (n: number) =>
      `query ($s: Timestamp!) { a: usage(bucket: MINUTE, since: $s, until: ${T0 + n * MINUTE}) { buckets { turns } } ...F }
       fragment F on Query { b: usage(bucket: MINUTE, since: $s, until: ${T0 + n * MINUTE}) { buckets { start } } }`;
    const over = await server.gql(two(6_000), { s: T0 });
    expect(over.data).toBeUndefined();
    expect(over.errors).toHaveLength(1);
    expect(over.errors![0]!.extensions).toMatchObject({ code: 'BAD_INPUT', limit: 'usageBuckets', max: 10_000 });
    expect(over.errors![0]!.message).toMatch(/span 12000 buckets together; at most 10000 per operation/);
    // Beside another root field too (the executor's path).
    const mixed = await server.gql(
      `{ a: usage(bucket: MINUTE, since: ${T0}, until: ${T0 + 6_000 * MINUTE}) { buckets { turns } }
         b: usage(bucket: MINUTE, since: ${T0}, until: ${T0 + 6_000 * MINUTE}) { buckets { turns } } stats { turns } }`,
    );
    expect(mixed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', limit: 'usageBuckets' });
    const within = await server.gql<{ a: { buckets: unknown[] }; b: { buckets: unknown[] } }>(two(5_000), { s: T0 });
    expect(within.errors).toBeUndefined();
    expect(within.data!.a.buckets).toHaveLength(5_000);
    expect(within.data!.b.buckets).toHaveLength(5_000);
  });
});
