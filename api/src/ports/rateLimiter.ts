/** Outcome of taking from a rate limit. */
export interface RateDecision {
  allowed: boolean;
  /** How long until the next call would be allowed (0 when allowed). */
  retryAfterMs: number;
}

/**
 * Fixed-window counters per key (client id or IP): at most `max` units per `windowMs`.
 * In memory when embedded, in Redis when scaled so every replica shares the count.
 */
export interface RateLimiter {
  readonly kind: string;
  /**
   * Take `cost` units (default 1) from the key's window: allowed when they fit under `max`,
   * else refused and nothing is taken (so a refused expensive call leaves room for cheap ones).
   * A cost above `max` never fits: callers cap it.
   */
  consume(key: string, max: number, windowMs: number, cost?: number): Promise<RateDecision>;
  /** Whether `key` already used all `max` of its current window, without taking from it. */
  peek(key: string, max: number, windowMs: number): Promise<RateDecision>;
  stop(): Promise<void>;
}
