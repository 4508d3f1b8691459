import { readFileSync } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { docker, DOCKER, gql, run, uniqueName, waitForHttp } from './docker.js';

/**
 * The app image as the README runs it: one container, the embedded defaults (SQLite under
 * /app/data on a volume, both roles, the scripted model), a published port. Everything is
 * checked from outside the container: over HTTP and WebSocket, through /proc of the host,
 * in the volume, and by `docker stop`.
 */
const image = inject('image');
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
      ... on MessagePosted {
        message {
          speakerName
          content
        }
      }
    }
  }
`;

describe.skipIf(!image)('the app image', () => {
  const name = uniqueName('pt-image-');
  let base = '';
  let ws: Client | null = null;
  const logs = () => run(DOCKER, ['logs', '--tail', '40', name]).then((r) => r.stdout + r.stderr);

  beforeAll(async () => {
    // A network of its own: the engine here has no default bridge, and compose makes one too.
    await docker('network', 'create', name);
    await docker('volume', 'create', name);
    await docker(
      'run',
      '--detach',
      '--name',
      name,
      '--network',
      name,
      '--publish',
      '127.0.0.1::4000',
      '--volume',
      `${name}:/app/data`,
      '--env',
      `VIEWER_SECRET=${'image-test-viewer-secret-'.padEnd(40, 'x')}`,
      '--env',
      'LOG_LEVEL=info',
      image!.tag,
    );
    const published = await docker('port', name, '4000/tcp');
    base = `http://${published.split('\n')[0]!.trim()}`;
    await waitForHttp(`${base}/readyz`, 60_000, logs);
  });

  afterAll(async () => {
    await ws?.dispose();
    await run(DOCKER, ['rm', '--force', '--volumes', name]);
    await run(DOCKER, ['volume', 'rm', name]);
    await run(DOCKER, ['network', 'rm', name]);
  });

  it('answers GraphQL: the seeded scenes', async () => {
    const { scenes } = await gql<{ scenes: { slug: string }[] }>(base, SCENES);
    expect(scenes.length).toBeGreaterThan(0);
  });

  it('serves the page and its assets', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script, html.slice(0, 400)).toBeDefined();
    const asset = await fetch(new URL(script!, base));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('streams lines to a graphql-ws subscriber within 10 s', async () => {
    const { scenes } = await gql<{ scenes: { id: string }[] }>(base, SCENES);
    ws = createClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const started = Date.now();
    const lines: string[] = [];
    const iterator = ws.iterate<{ sceneEvents: { __typename: string; message?: { content: string } } }>({
      query: EVENTS,
      variables: { sceneId: scenes[0]!.id },
    });
    const deadline = setTimeout(() => void iterator.return?.(), 10_000);
    for await (const r of iterator) {
      expect(r.errors).toBeUndefined();
      if (r.data?.sceneEvents.__typename === 'MessagePosted') lines.push(r.data.sceneEvents.message!.content);
      if (lines.length >= 1) break;
    }
    clearTimeout(deadline);
    console.info(`[image] first line after ${Date.now() - started} ms`);
    expect(lines, await logs()).toHaveLength(1);
    expect(Date.now() - started).toBeLessThanOrEqual(10_000);
  });

  it('runs node api/dist/main.js as uid 1000 and writes its SQLite file to the data volume', async () => {
    const pid = await docker('inspect', '--format', '{{.State.Pid}}', name);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    expect(/^Uid:\s+(\d+)\s+(\d+)/m.exec(status)?.slice(1)).toEqual(['1000', '1000']);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)).toEqual(['node', 'api/dist/main.js']);

    // Look into the volume from a second container, as root would see it on any host.
    const listing = await docker(
      'run',
      '--rm',
      '--volume',
      `${name}:/data`,
      '--entrypoint',
      'stat',
      image!.tag,
      '-c',
      '%u %s %n',
      '/data/pixeltales.db',
    );
    const [uid, size] = listing.split(' ');
    expect(uid).toBe('1000');
    expect(Number(size)).toBeGreaterThan(0);
  });

  it('stops on docker stop within 2 s, exit code 0', async () => {
    await ws?.dispose();
    ws = null;
    const stop = await run(DOCKER, ['stop', name]);
    expect(stop.status).toBe(0);
    console.info(`[image] docker stop took ${stop.ms} ms`);
    expect(stop.ms).toBeLessThan(2_000);
    expect(await docker('inspect', '--format', '{{.State.ExitCode}} {{.State.OOMKilled}}', name)).toBe('0 false');
  });
});
