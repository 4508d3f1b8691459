import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/ports/jobQueue.js';
import { captureLogs } from '../support/logCapture.js';
import { databaseDigest, Prober, type Answer, type Role } from '../support/schemaFuzz/probe.js';
import { buildOperation, corruptionFor, fuzzTargets, type Corruption, type Target } from '../support/schemaFuzz/targets.js';
import { jsonText, nested, type Fixtures } from '../support/schemaFuzz/values.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * Issue 20, part 3: a schema-driven fuzzer. For every field (and argument) of Query, Mutation and
 * Subscription in `schema.graphql`, and every field with arguments reachable from Query, it sends
 * valid arguments with one spot made bad (wrong types, out-of-range and huge numbers, empty, huge,
 * NUL, surrogate and bidi strings, unknown enum values, forged cursors, deep values), through
 * variables or inline, over HTTP and graphql-ws, as an anonymous viewer, an API key and a
 * moderator. Every answer must be a client error with a code (never INTERNAL_SERVER_ERROR), no
 * error-level or oversized log line may appear, a refused mutation must leave the database as
 * it was, and the server must keep answering.
 *
 * CI runs a fixed seed (about a minute). Longer: FUZZ_RUNS=5000 (and FUZZ_SEED=<n> for another
 * seed; a failure prints the seed and the counterexample to replay it).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const TOKEN = 'schema-fuzz-moderator-token-0123456789';
const ROLES: Role[] = ['anonymous', 'apiKey', 'moderator'];
/** Codes a client may see; anything else (INTERNAL_SERVER_ERROR, none) is a finding. */
const CLIENT_CODES = new Set([
  'BAD_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'BUDGET_EXHAUSTED',
  'FLAGGED',
  'PERSISTED_QUERY_NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
]);

/** The worker never runs a turn (jobs go nowhere), so only the API changes the database. */
const idleQueue: JobQueue = {
  kind: 'idle',
  add: async () => {},
  process: async () => {},
  depth: async () => 0,
  pause: async () => 0,
  resume: async () => {},
  stop: async () => {},
};

describe('schema fuzzer: every client mistake is a coded client error', () => {
  const logs = captureLogs();
  const schema = buildSchema(readFileSync(resolve(import.meta.dirname, '../../../schema.graphql'), 'utf8'));
  const targets = fuzzTargets(schema);
  let server: TestServer;
  let prober: Prober;
  let fx: Fixtures;

  beforeAll(async () => {
    server = await startTestServer(
      {
        MODERATOR_TOKENS: `fuzz:${TOKEN}`,
        MUTATION_RATE_MAX: '100000',
        MUTATION_RATE_IP_MAX: '100000',
        API_KEY_RATE_MAX: '1000000',
        SWEEP_INTERVAL_MS: '600000',
        LOG_LEVEL: 'debug',
      },
      { logger: logs.logger, queue: idleQueue },
    );
    const asMod = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(server.url, { method: 'POST', headers: asMod, body: JSON.stringify({ query, variables }) });
      const json = (await res.json()) as { data: Record<string, any>; errors?: unknown[] };
      expect(json.errors).toBeUndefined();
      return json.data;
    };
    const scenes = (await gql('{ scenes { id slug characters { id } } }')).scenes as {
      id: string;
      slug: string;
      characters: { id: string }[];
    }[];
    const key = await gql('mutation { createApiKey(input: { name: "fuzz" }) { secret } }');
    const decoy = await gql('mutation { createApiKey(input: { name: "decoy" }) { key { id } } }');
    const proposal = await gql(
      `mutation { proposeScene(input: { name: "Fuzz", description: "Two friends meet.", proposer: "Ann", characters: [
        { name: "Ann", colour: "#ff8800", persona: "A cheerful baker." }, { name: "Bob", colour: "#0088ff", persona: "A grumpy poet." }] }) { id } }`,
    );
    fx = {
      sceneId: scenes[0]!.id,
      slug: scenes[0]!.slug,
      characterId: scenes[0]!.characters[0]!.id,
      proposalId: proposal.proposeScene.id as string,
      decoyKeyId: decoy.createApiKey.key.id as string,
      now: Date.now(),
    };
    prober = new Prober(server.url, server.wsUrl, { anonymous: null, apiKey: key.createApiKey.secret as string, moderator: TOKEN });
  }, 60_000);
  afterAll(async () => {
    await prober?.close();
    await server?.stop();
  });

  it('walks every root field and every argument of schema.graphql', () => {
    const labels = targets.map((t) => t.label);
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const name of Object.keys(root!.getFields())) expect(labels).toContain(`${root!.name}.${name}`);
    }
    expect(labels).toContain('Character.memories');
  });

  it(
    `answers every malformed request with a coded client error (seed ${SEED}, ${RUNS} runs)`,
    async () => {
      const findings: string[] = [];
      const tally = new Map<string, number>();
      const started = performance.now();
      const cases = fc
        .record({
          target: fc.constantFrom(...targets),
          role: fc.constantFrom(...ROLES),
          inline: fc.boolean(),
          overWs: fc.boolean(),
        })
        .chain((c) => corruptionFor(c.target, fx).map((corruption) => ({ ...c, corruption })))
        // fast-check prints a failing case; a 3,000-deep value would overflow its printer.
        .map((c) => Object.assign(c, { [fc.toStringMethod]: () => describeCase(c) }));

      await fc.assert(
        fc.asyncProperty(cases, async ({ target, role, inline, overWs, corruption }) => {
          const op = buildOperation(target, corruption, fx, inline);
          const isMutation = target.operation === 'mutation';
          const before = isMutation ? await databaseDigest(server.container) : null;
          const logsFrom = logs.lines.length;
          const ws = overWs || target.operation === 'subscription';
          const answer = ws
            ? await prober.ws(op, role, target.field.name, 150)
            : await prober.http(op, role, target.path[0] ?? target.field.name);
          for (const code of answer.errors.length ? new Set(answer.errors.map((e) => String(e.code))) : ['(answered)']) {
            tally.set(code, (tally.get(code) ?? 0) + 1);
          }
          const problems = check(answer);
          if (before !== null && answer.refused && (await databaseDigest(server.container)) !== before)
            problems.push('a refused mutation changed the database');
          for (const line of logs.lines.slice(logsFrom)) {
            const text = JSON.stringify(line);
            if ((line.level ?? 0) >= 50) problems.push(`error-level log: ${text.slice(0, 400)}`);
            else if (text.length > 5_000) problems.push(`log line of ${text.length} chars: ${text.slice(0, 200)}`);
          }
          const alive = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"query":"{ __typename }"}',
          });
          if (alive.status !== 200) problems.push(`server stopped answering: HTTP ${alive.status}`);
          if (problems.length) {
            findings.push(`${target.label} as ${role} over ${answer.transport}: ${problems.join('; ')}`);
            throw new Error(
              `${target.label} (${role}, ${answer.transport}, ${inline ? 'inline' : 'variables'}): ${problems.join('; ')}\n${op.query.slice(0, 500)}\n${jsonText(op.variables).slice(0, 500)}`,
            );
          }
        }),
        // Before the random cases, every field with arguments once with a deep variable, over both transports.
        { seed: SEED, numRuns: RUNS, endOnFailure: true, examples: deepExamples(targets) },
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      console.log(
        `schema fuzzer: seed ${SEED}, ${RUNS} runs in ${seconds} s; answers by code: ${JSON.stringify(Object.fromEntries(tally))}`,
      );
      expect(findings).toEqual([]);
    },
    30 * 60_000,
  );
});

type Case = { target: Target; role: Role; inline: boolean; overWs: boolean; corruption: Corruption };

/** Each field with arguments, its first argument 6,000 objects deep, as a moderator, over HTTP and graphql-ws. */
function deepExamples(targets: Target[]): [Case][] {
  return targets
    .filter((t) => t.field.args.length > 0)
    .flatMap((target) =>
      [false, true].map((overWs): [Case] => {
        const c: Case = {
          target,
          role: 'moderator',
          inline: false,
          overWs,
          corruption: { kind: 'spot', arg: target.field.args[0]!.name, path: [], value: nested(6_000, false) },
        };
        return [Object.assign(c, { [fc.toStringMethod]: () => describeCase(c) })];
      }),
    );
}

function describeCase(c: Case): string {
  const value = c.corruption.kind === 'spot' ? fc.stringify(c.corruption.value) : '';
  const spot =
    c.corruption.kind === 'spot' ? `${[c.corruption.arg, ...c.corruption.path].join('.')} = ${value.slice(0, 120)}` : 'valid arguments';
  return `${c.target.label} as ${c.role} over ${c.overWs ? 'ws' : 'http'} (${c.inline ? 'inline' : 'variables'}): ${spot}`;
}

/** What is wrong with an answer: an unexpected error, an error without a code, a server failure. */
function check(answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.transport === 'http' && answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  // 1009: the frame was over WS_MAX_PAYLOAD_BYTES; 4400: a message graphql-ws could not read. Both are the client's.
  if (answer.transport === 'ws' && answer.status !== 0 && ![1009, 4400].includes(answer.status))
    problems.push(`socket closed with ${answer.status}`);
  for (const error of answer.errors) {
    if (typeof error.code !== 'string') problems.push(`error without a code: ${error.message.slice(0, 200)}`);
    else if (!CLIENT_CODES.has(error.code)) problems.push(`${error.code}: ${error.message.slice(0, 200)}`);
  }
  return problems;
}
