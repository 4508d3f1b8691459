/**
 * Follow PixelTales' live totals from Node: the README's "Build a dashboard" example, runnable.
 *
 *   PIXELTALES_KEY=ptk_… npx tsx web/scripts/followStats.ts [sceneId]
 *
 * Prints one JSON line per `statsFeed` update (the totals at once, then at most one a second).
 * PIXELTALES_URL is the server's graphql-ws URL (default ws://localhost:4000/graphql); without
 * PIXELTALES_KEY it connects anonymously; FOLLOW_COUNT=n stops after n updates.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const url = process.env.PIXELTALES_URL ?? 'ws://localhost:4000/graphql';
const key = process.env.PIXELTALES_KEY;
const sceneId = process.argv[2] ?? null;
const count = process.env.FOLLOW_COUNT ? Number(process.env.FOLLOW_COUNT) : Infinity;
if (!(count >= 1)) throw new Error('FOLLOW_COUNT must be a number of updates, 1 or more');

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: key ? { authorization: `Bearer ${key}` } : {},
  retryAttempts: 0,
});
const query = `subscription ($sceneId: ID) {
  statsFeed(sceneId: $sceneId) { at turns promptTokens completionTokens costUsd viewers }
}`;
let seen = 0;
try {
  for await (const result of client.iterate({ query, variables: { sceneId } })) {
    if (result.errors) {
      console.error(JSON.stringify(result.errors));
      process.exitCode = 1;
      break;
    }
    console.log(JSON.stringify(result.data?.statsFeed));
    if (++seen >= count) break;
  }
} finally {
  await client.dispose();
}
