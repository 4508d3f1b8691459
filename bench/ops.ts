/** API operations and small helpers shared by the bench rows. */
import type { SceneSeq } from './ipc.js';
import type { ApiProcess } from './server.js';

export const TEXT = 'The lights flicker twice and somewhere a kettle begins to whistle.';
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Wait until the server counts `want` viewers (or the timeout); resolves to the last count. */
export async function waitViewers(api: ApiProcess, want: number, timeoutMs = 120_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { stats } = await api.gql<{ stats: { viewers: number } }>('{ stats { viewers } }');
    if (stats.viewers === want || Date.now() > until) return stats.viewers;
    await sleep(250);
  }
}

/** The first `n` scenes with their last seq now. */
export async function scenesWithSeq(api: ApiProcess, n = Infinity): Promise<SceneSeq[]> {
  const { scenes } = await api.gql<{ scenes: SceneSeq[] }>('{ scenes { id lastSeq } }');
  return scenes.slice(0, n);
}

/** Pause every scene, so only what the bench injects makes events. */
export async function pauseAll(api: ApiProcess): Promise<void> {
  for (const s of await scenesWithSeq(api))
    await api.gql('mutation($id: ID!) { pauseScene(input: { sceneId: $id }) { id } }', { id: s.id });
}

/** One moderator narration: the real mutation path (validation, rate limit, transaction, event log, pub/sub). */
export function injectOne(api: ApiProcess, sceneId: string): Promise<unknown> {
  return api.gql('mutation($id: ID!, $t: String!) { injectNarration(input: { sceneId: $id, text: $t }) { id } }', { id: sceneId, t: TEXT });
}

/**
 * Inject narration events at `rate` per second, round-robin over scenes, for `seconds` (or
 * until `stop()` says so). Resolves to the events the server accepted and each request's
 * round trip in ms.
 */
export async function inject(
  api: ApiProcess,
  sceneIds: string[],
  rate: number,
  seconds: number,
  stop: () => boolean = () => false,
): Promise<{ sent: number; failed: number; roundTripsMs: number[] }> {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  let inFlight = 0;
  let sent = 0;
  let failed = 0;
  const roundTripsMs: number[] = [];
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < total && !stop(); i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    while (inFlight > 32) await sleep(1);
    inFlight++;
    const t0 = performance.now();
    pending.push(
      injectOne(api, sceneIds[i % sceneIds.length]!)
        .then(() => {
          sent++;
          roundTripsMs.push(performance.now() - t0);
        })
        // A reset connection under overload loses that one event: it was never logged, so it
        // is not expected either (expected frames come from the scenes' seqs).
        .catch((err: unknown) => {
          failed++;
          console.warn(`inject failed: ${String(err)}`);
        })
        .finally(() => inFlight--),
    );
  }
  await Promise.all(pending);
  return { sent, failed, roundTripsMs };
}
