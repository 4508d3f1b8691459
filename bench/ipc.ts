/** The bench's child processes and the messages they answer. */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { DeliveryTotals } from './ledger.js';

/** A scene and its last seq at some moment (the base or the final value of a measurement). */
export interface SceneSeq {
  id: string;
  lastSeq: number;
}

/** What the load client measured since the last `reset`. */
export interface LoadReport extends DeliveryTotals {
  /** Frames counted for latency (new seqs; with `only: 'message'` just MessagePosted). */
  frames: number;
  bytesPerFrame: number;
  /** Bytes of the subscription id in each frame (36 for the UUIDs real clients send). */
  idBytes: number;
  p50: number;
  p99: number;
  open: number;
  closedByServer: number;
  closeCodes: Record<number, number>;
  errors: number;
  completed: number;
  /** The same totals split by sockets that kept reading and those paused (`pause`). */
  reading: DeliveryTotals;
  paused: DeliveryTotals;
}

/** Start a bench child (a TypeScript file beside this one) with an IPC channel. */
export function forkChild(file: string, env: Record<string, string> = {}): ChildProcess {
  return fork(resolve(import.meta.dirname, file), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit', env: { ...process.env, ...env } });
}

/** One request/response over a child's IPC channel (one at a time per child). */
export function ask<T>(child: ChildProcess, msg: { cmd: string } & Record<string, unknown>): Promise<T> {
  return new Promise((res, rej) => {
    const onExit = (code: number | null) => rej(new Error(`${msg.cmd}: child exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      res(m as T);
    });
    child.send(msg);
  });
}

/** `{ sceneId: lastSeq }` from a list of scenes. */
export function finalsOf(scenes: SceneSeq[]): Record<string, number> {
  return Object.fromEntries(scenes.map((s) => [s.id, s.lastSeq]));
}

/**
 * The load client's report once what it received stops growing (read every second, at most
 * `maxSeconds`): frames still in flight when a run ends are then not counted as lost.
 */
export async function settledReport(client: ChildProcess, finals: Record<string, number>, maxSeconds = 20): Promise<LoadReport> {
  let report = await ask<LoadReport>(client, { cmd: 'report', finals });
  for (let i = 0; i < maxSeconds; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const next = await ask<LoadReport>(client, { cmd: 'report', finals });
    if (next.received === report.received) return next;
    report = next;
  }
  return report;
}
