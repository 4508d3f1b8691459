import { describe, expect, it } from 'vitest';
import { retryDelay } from './stage.svelte.js';

describe('retryDelay', () => {
  it('waits as long as the server asked (RATE_LIMITED with retryAfterMs)', () => {
    expect(retryDelay([{ extensions: { code: 'RATE_LIMITED', retryAfterMs: 1_234 } }])).toBe(1_234);
  });
  it('backs off 2-5 s with jitter when the server gave no hint', () => {
    const delays = Array.from({ length: 50 }, () => retryDelay([{ extensions: { code: 'INTERNAL_SERVER_ERROR' } }]));
    for (const ms of delays) {
      expect(ms).toBeGreaterThanOrEqual(2_000);
      expect(ms).toBeLessThan(5_000);
    }
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
  it('never waits more than a minute', () => {
    expect(retryDelay([{ extensions: { retryAfterMs: 10 * 60_000 } }])).toBe(60_000);
  });
});
