import { afterEach, describe, expect, it } from 'vitest';
import type { Presence } from '../../src/ports/presence.js';
import { waitFor } from '../support/collect.js';

/** Two handles on one adapter's presence, as two API replicas would hold them. */
export interface PresenceHandles {
  a: Presence;
  /** Another replica; the same object for adapters that only exist in one process. */
  b: Presence;
  /** True when `a` and `b` are separate replicas. */
  replicas: boolean;
  /** Make replica `a` vanish without a clean stop (a crash); only for replicated adapters. */
  crashA?: () => Promise<void>;
  /** How long a crashed replica's viewers keep counting, at most. */
  ttlMs?: number;
}

/** The Presence port's contract: viewer counts per scene, for every adapter. */
export function presenceContract(adapter: string, create: () => Promise<PresenceHandles>, crossProcess: boolean): void {
  describe(`Presence contract: ${adapter}`, () => {
    /** Tests that need two processes' worth of one adapter: registered only where it has them. */
    const acrossProcesses = (name: string, fn: () => Promise<void>) => {
      if (crossProcess) it(name, fn);
    };
    const opened: Presence[] = [];
    const open = async () => {
      const handles = await create();
      opened.push(handles.a, handles.b);
      return handles;
    };
    afterEach(async () => {
      await Promise.all([...new Set(opened.splice(0))].map((p) => p.stop()));
    });

    it('counts joins and leaves per scene, never below zero', async () => {
      const { a } = await open();
      expect(await a.count('s1')).toBe(0);
      expect(await a.join('s1')).toBe(1);
      expect(await a.join('s1')).toBe(2);
      expect(await a.join('s2')).toBe(1);
      expect(await a.leave('s1')).toBe(1);
      expect(await a.count('s1')).toBe(1);
      expect(await a.leave('s1')).toBe(0);
      expect(await a.leave('s1')).toBe(0);
      expect(await a.count('s1')).toBe(0);
      expect(await a.count('s2')).toBe(1);
    });

    it('changes a count by many at once, as that many joins or leaves would', async () => {
      const { a, b } = await open();
      expect(await a.change('s1', 3)).toBe(3);
      expect(await a.change('s1', 0)).toBe(3);
      expect(await b.change('s1', 2)).toBe(5);
      expect(await a.change('s1', -2)).toBe(3);
      // A replica never takes away more viewers than it holds; nor does one process.
      expect(await a.change('s1', -10)).toBe(b === a ? 0 : 2);
      expect(Object.fromEntries(await a.counts())).toEqual(b === a ? {} : { s1: 2 });
    });

    it('lists the scenes that have viewers', async () => {
      const { a } = await open();
      await a.join('s1');
      await a.join('s1');
      await a.join('s2');
      await a.leave('s2');
      expect(Object.fromEntries(await a.counts())).toEqual({ s1: 2 });
    });

    it('sums viewers across replicas', async () => {
      const { a, b } = await open();
      await a.join('s1');
      expect(await b.join('s1')).toBe(2);
      expect(await a.count('s1')).toBe(2);
      expect(Object.fromEntries(await b.counts())).toEqual({ s1: 2 });
      expect(await b.leave('s1')).toBe(1);
      expect(await a.count('s1')).toBe(1);
    });

    acrossProcesses('a replica that stops takes its viewers with it', async () => {
      const { a, b } = await open();
      await a.join('s1');
      await a.join('s1');
      await b.join('s1');
      await a.stop();
      expect(await b.count('s1')).toBe(1);
    });

    acrossProcesses("a crashed replica's viewers expire", async () => {
      const { a, b, crashA: crash, ttlMs: ttl } = await open();
      const crashA = crash!;
      const ttlMs = ttl!;
      await a.join('s1');
      await a.join('s1');
      await b.join('s1');
      expect(await b.count('s1')).toBe(3);
      // Heartbeats keep a live replica's entries well past the TTL.
      await new Promise((r) => setTimeout(r, ttlMs * 2));
      expect(await b.count('s1')).toBe(3);
      const crashedAt = Date.now();
      await crashA();
      await waitFor(async () => (await b.count('s1')) === 1, ttlMs * 4);
      expect(Date.now() - crashedAt).toBeLessThan(ttlMs * 3);
      expect(Object.fromEntries(await b.counts())).toEqual({ s1: 1 });
    });
  });
}
