/** One dependency a worker needs to do its jobs, checked cheaply (a `select 1`, a PING). */
export interface HealthProbe {
  /** What it checks, for logs and metrics: `postgres`, `sqlite`, `redis`. */
  readonly dependency: string;
  /** Where (host:port), for logs; never credentials. */
  readonly target: string;
  /** Resolves when the dependency answered; rejects otherwise. The caller bounds the wait. */
  check(): Promise<void>;
}
