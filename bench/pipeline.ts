/** The turn-pipeline row: model reply → a subscriber receiving the MessagePosted, with the real turn loop. */
import { ask, finalsOf, forkChild, type LoadReport } from './ipc.js';
import { pauseAll, round, scenesWithSeq, sleep } from './ops.js';
import { startApi } from './server.js';

export async function pipeline(name: string, env: Record<string, string>, seconds: number) {
  const api = await startApi({ TIME_SCALE: '0.02', RUN_WITHOUT_VIEWERS: 'false', ...env });
  const client = forkChild('loadClient.ts');
  try {
    const scenes = await scenesWithSeq(api, 4);
    await ask(client, { cmd: 'connect', url: api.wsUrl, scenes, count: 4, only: 'message' });
    await sleep(seconds * 1000);
    // Stop the loop, let the last frames land, then count every event the scenes logged.
    await pauseAll(api);
    await sleep(1000);
    const report = await ask<LoadReport>(client, { cmd: 'report', finals: finalsOf(await scenesWithSeq(api, 4)) });
    const pickup = async (q: string) => round((await api.metric(`pixeltales_queue_pickup_seconds{quantile="${q}"}`)) * 1000, 2);
    const row = {
      setup: name,
      messages: report.frames,
      replyToReceiveP50Ms: round(report.p50, 1),
      replyToReceiveP99Ms: round(report.p99, 1),
      pickupP50Ms: await pickup('0.5'),
      pickupP99Ms: await pickup('0.99'),
      eventsExpected: report.expected,
      lost: report.lost,
      duplicates: report.duplicates,
      outOfOrder: report.outOfOrder,
    };
    console.log(`pipeline: ${JSON.stringify(row)}`);
    return row;
  } finally {
    client.kill();
    await api.stop();
  }
}
