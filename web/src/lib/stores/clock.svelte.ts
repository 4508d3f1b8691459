/**
 * A ticking clock for countdowns and durations, and the estimated difference between the
 * server's clock and ours (phones are often off by seconds), learned from live events.
 */
export class ClockStore {
  now = $state(Date.now());
  /** local = server + skewMs. */
  skewMs = $state(0);
  private learned = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  start(intervalMs = 500): void {
    if (this.timer) return;
    this.timer = setInterval(() => (this.now = Date.now()), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Learn from an event stamped `serverAt` that arrived at local time `receivedAt`. */
  observe(serverAt: number, receivedAt = Date.now()): void {
    const candidate = receivedAt - serverAt;
    // Replayed events are old: they say nothing about the clocks.
    if (Math.abs(candidate) > 10 * 60_000) return;
    if (!this.learned || candidate < this.skewMs) this.skewMs = candidate;
    this.learned = true;
  }

  /** A server timestamp in local time. */
  toLocal(serverAt: number): number {
    return serverAt + this.skewMs;
  }
}

/** "1:05", "12:00", "1:02:03" for a duration in ms (never negative). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
