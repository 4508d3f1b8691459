import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor } from '../support/collect.js';
import { composeCommand, docker, freePort, gql, run, uniqueName, waitForHttp } from './docker.js';

/**
 * docker-compose.yml for real: PostgreSQL, Redis, migrate, two API replicas and two workers from
 * the one app image (built by the global setup; nothing is built here). A subscriber on each
 * replica sees the same events; after a worker is killed with SIGKILL, its scene's next line comes
 * within SILENCE_MS; `down -v` leaves no container, volume or network of the project behind.
 */
const image = inject('image');
const SILENCE_MS = 10_000;
/** Characters talk ten times faster than in real time: lines every second or two, not every ten. */
const TIME_SCALE = '0.1';

const SCENES = /* GraphQL */ `
  {
    scenes {
      id
      slug
    }
  }
`;
const EVENTS = /* GraphQL */ `
  subscription ($sceneId: ID!) {
    sceneEvents(sceneId: $sceneId) {
      __typename
      seq
      epoch
      ... on MessagePosted {
        message {
          turn
          speakerName
          content
        }
      }
    }
  }
`;

interface Ev {
  __typename: string;
  seq: number;
  epoch: number;
  message?: { turn: number; speakerName: string; content: string };
  at: number;
}

/** A live `sceneEvents` subscription recording every event with the time it arrived. */
function follow(client: Client, sceneId: string) {
  const events: Ev[] = [];
  const errors: unknown[] = [];
  const iterator = client.iterate<{ sceneEvents: Omit<Ev, 'at'> }>({ query: EVENTS, variables: { sceneId } });
  void (async () => {
    try {
      for await (const r of iterator) {
        if (r.errors) errors.push(...r.errors);
        if (r.data) events.push({ ...r.data.sceneEvents, at: Date.now() });
      }
    } catch (err) {
      errors.push(err);
    }
  })();
  return { events, errors, lines: () => events.filter((e) => e.__typename === 'MessagePosted') };
}

describe.skipIf(!image)('the compose stack (docker-compose.yml)', () => {
  const project = uniqueName('ptstack');
  const compose = composeCommand();
  const clients: Client[] = [];
  let env: NodeJS.ProcessEnv;
  let api1 = '';
  let api2 = '';

  const up = (...args: string[]) => run(compose[0]!, [...compose.slice(1), '--project-name', project, ...args], { env });
  const containerOf = async (service: string) =>
    docker(
      'ps',
      '--quiet',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--filter',
      `label=com.docker.compose.service=${service}`,
    );
  const leftovers = async () =>
    (
      await Promise.all(
        (['ps --all', 'volume ls', 'network ls'] as const).map((what) =>
          docker(...what.split(' '), '--quiet', '--filter', `label=com.docker.compose.project=${project}`),
        ),
      )
    ).filter(Boolean);
  const tail = async () => (await up('ps')).stdout + (await up('logs', '--no-color', '--tail', '15', 'migrate', 'api-1', 'api-2')).stdout;
  const ws = (base: string) => {
    const client = createClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    env = {
      ...process.env,
      VIEWER_SECRET: 'stack-test-viewer-secret-0123456789abcdef',
      API_1_PORT: String(p1),
      API_2_PORT: String(p2),
      TIME_SCALE,
    };
    api1 = `http://127.0.0.1:${p1}`;
    api2 = `http://127.0.0.1:${p2}`;
    const started = await up('up', '--detach', '--no-build');
    expect(started.status, started.stderr).toBe(0);
    // Generous: on a loaded 2-core box four Node processes, PostgreSQL and Redis start at once.
    await Promise.all([waitForHttp(`${api1}/readyz`, 240_000, tail), waitForHttp(`${api2}/readyz`, 240_000, tail)]);
    console.info(`[stack] ${compose.join(' ')} up: both replicas ready`);
  });

  afterAll(async () => {
    await Promise.all(clients.map(async (c) => c.dispose()));
    await up('down', '--volumes', '--remove-orphans', '--timeout', '5');
  });

  it('streams the same events of a scene from both API replicas', async () => {
    const { scenes } = await gql<{ scenes: { id: string }[] }>(api1, SCENES);
    const a = follow(ws(api1), scenes[0]!.id);
    const b = follow(ws(api2), scenes[0]!.id);
    await waitFor(() => a.lines().length >= 3 && b.lines().length >= 3, 60_000, 50);
    expect([a.errors, b.errors]).toEqual([[], []]);
    const key = (e: Ev) => JSON.stringify([e.epoch, e.seq, e.__typename, e.message ?? null]);
    const seen = new Set(b.events.map(key));
    const both = a.events.map(key).filter((k) => seen.has(k));
    expect(both.length).toBeGreaterThanOrEqual(3);
    // From the first event both have on, each replica delivers the very same sequence.
    const from = (evs: Ev[]) => evs.map(key).slice(evs.map(key).indexOf(both[0]!));
    const n = Math.min(from(a.events).length, from(b.events).length);
    expect(from(a.events).slice(0, n)).toEqual(from(b.events).slice(0, n));
  });

  it(`resumes a scene within ${SILENCE_MS / 1000} s when its worker is killed`, async () => {
    const { scenes } = await gql<{ scenes: { id: string; slug: string }[] }>(api1, SCENES);
    const followed = scenes.map((s) => ({ ...s, f: follow(ws(api1), s.id) }));
    await waitFor(() => followed.every((s) => s.f.lines().length >= 1), 60_000, 50);

    // The victim is the worker that ran the latest turn of a scene we follow (its "turn" log lines).
    const lastTurns = await Promise.all(
      ['worker-1', 'worker-2'].map(async (service) => {
        const logs = (await up('logs', '--no-color', service)).stdout.split('\n');
        const turns = logs
          .map((l) => /\{.*\}/.exec(l)?.[0])
          .flatMap((json) => {
            try {
              return [JSON.parse(json ?? '') as { msg?: string; time?: number; scene?: string }];
            } catch {
              return [];
            }
          })
          .filter((l) => l.msg === 'turn' && followed.some((s) => s.slug === l.scene));
        return { service, last: turns.at(-1) };
      }),
    );
    const victim = lastTurns.filter((w) => w.last).sort((x, y) => y.last!.time! - x.last!.time!)[0];
    expect(victim, JSON.stringify(lastTurns)).toBeDefined();
    const slug = victim!.last!.scene!;
    const scene = followed.find((s) => s.slug === slug)!;
    const id = await containerOf(victim!.service);

    const killedAt = Date.now();
    await docker('kill', '--signal', 'KILL', id);
    const before = scene.f
      .lines()
      .filter((e) => e.at <= killedAt)
      .at(-1)!;
    await waitFor(() => scene.f.lines().some((e) => e.at > killedAt), 30_000, 50);
    const after = scene.f.lines().find((e) => e.at > killedAt)!;
    // The silence the kill makes: from the kill to the scene's next line (the line before came at
    // the scene's normal pace). The dead worker's job lock has to expire before the survivor runs it.
    const silence = after.at - killedAt;
    console.info(
      `[stack] ${victim!.service} killed while running ${slug}: next line ${silence} ms after the kill (${after.at - before.at} ms after the line before)`,
    );
    expect(silence).toBeLessThanOrEqual(SILENCE_MS);
    expect(scene.f.errors).toEqual([]);
  });

  it('down -v leaves no container, volume or network of the project', async () => {
    await Promise.all(clients.splice(0).map(async (c) => c.dispose()));
    const down = await up('down', '--volumes', '--remove-orphans', '--timeout', '5');
    expect(down.status, down.stderr).toBe(0);
    expect(await leftovers()).toEqual([]);
  });
});
