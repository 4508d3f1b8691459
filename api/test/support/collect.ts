import type { Client } from 'graphql-ws';

/** Subscribe and collect results until `until` says stop (or the timeout passes). */
export async function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  until: (items: T[]) => boolean,
  timeoutMs = 30_000,
): Promise<{ items: T[]; errors: unknown[] }> {
  const items: T[] = [];
  const errors: unknown[] = [];
  const iterator = client.iterate<T>({ query, variables });
  const timer = setTimeout(() => void iterator.return?.(), timeoutMs);
  try {
    for await (const result of iterator) {
      if (result.errors) {
        errors.push(...result.errors);
        break;
      }
      if (result.data) items.push(result.data);
      if (until(items)) break;
    }
  } catch (err) {
    errors.push(err);
  } finally {
    clearTimeout(timer);
    await iterator.return?.();
  }
  return { items, errors };
}

/**
 * Resolve when `check` passes, polling every `everyMs`. The default limit is generous: on a
 * 2-core CI box running suites in parallel, a scene's next turn can take several seconds,
 * and a wait costs nothing when the condition comes early.
 */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
