import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { turnRegistry } from '../adapters/metrics.js';
import { verdictOf, type Screen } from '../ports/screen.js';
import { screenLine } from './lineScreen.js';

const logger = pino({ level: 'silent' });
const screenOf = (check: Screen['check']): Screen => ({ kind: 'test', check });
const count = async (name: string, labels: Record<string, string>) =>
  (await turnRegistry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    ?.value ?? 0;

describe('screenLine', () => {
  afterEach(() => vi.useRealTimers());

  it('passes a clean line and holds a flagged one with the screen’s reasons', async () => {
    const clean = await screenLine({ screen: screenOf(async (t) => verdictOf(t.map(() => []))), logger, timeoutMs: 100 }, ['hi', '']);
    expect(clean).toEqual({ held: false, reasons: [] });
    const heldBefore = await count('pixeltales_lines_held_total', { cause: 'flagged' });
    const flagged = await screenLine(
      { screen: screenOf(async (t) => verdictOf(t.map((_x, i) => (i === 1 ? ['term:tomato'] : [])))), logger, timeoutMs: 100 },
      ['hi', 'tomatoes'],
    );
    expect(flagged).toEqual({ held: true, reasons: ['term:tomato'] });
    expect(await count('pixeltales_lines_held_total', { cause: 'flagged' })).toBe(heldBefore + 1);
  });

  it('fails closed when the screen throws: held, counted', async () => {
    const before = await count('pixeltales_screen_failures_total', { screen: 'line', reason: 'error' });
    const verdict = await screenLine({ screen: screenOf(() => Promise.reject(new Error('down'))), logger, timeoutMs: 100 }, ['hi']);
    expect(verdict).toEqual({ held: true, reasons: ['screen-unavailable'] });
    expect(await count('pixeltales_screen_failures_total', { screen: 'line', reason: 'error' })).toBe(before + 1);
  });

  it('fails closed when the screen never answers: held at the timeout, counted', async () => {
    vi.useFakeTimers();
    const before = await count('pixeltales_screen_failures_total', { screen: 'line', reason: 'timeout' });
    const pending = screenLine({ screen: screenOf(() => new Promise(() => {})), logger, timeoutMs: 3_000 }, ['hi']);
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(2_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toEqual({ held: true, reasons: ['screen-unavailable'] });
    expect(await count('pixeltales_screen_failures_total', { screen: 'line', reason: 'timeout' })).toBe(before + 1);
  });
});
