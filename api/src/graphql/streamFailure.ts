import type { GraphQLError } from 'graphql';
import type { SceneEventRecord } from '../domain/events.js';
import { RateLimitedError } from '../ports/errors.js';
import { appError, isExpectedError } from './errors.js';

/**
 * What a `sceneEvents` stream yields last when it cannot go on (a replay turned away, a
 * database fault). The field's resolver throws `failure`, so the subscriber receives one
 * ordinary GraphQL error result and then `complete`: its client resumes with `afterSeq`
 * instead of waiting on a silent subscription. Both fan-out modes render it through the
 * same resolver, so they send the same bytes.
 */
export interface StreamFailure {
  readonly failure: GraphQLError | Error;
}

export function isStreamFailure(value: SceneEventRecord | StreamFailure): value is StreamFailure {
  return 'failure' in value;
}

/** Turn whatever stopped a stream into the error its subscriber sees (server faults stay masked). */
export function streamFailure(err: unknown): StreamFailure {
  if (err instanceof RateLimitedError) {
    return { failure: appError('RATE_LIMITED', err.message, { retryAfterMs: err.retryAfterMs }) };
  }
  if (isExpectedError(err)) return { failure: err as GraphQLError };
  return { failure: err instanceof Error ? err : new Error(String(err)) };
}

/**
 * Yields the stream's events; if it throws, yields the failure once and ends. Written by
 * hand rather than as an async generator: a generator parked in `yield*` would hold back
 * `return()` until the next event, and a viewer leaving a quiet scene would stay counted.
 */
export function endingWithFailure(
  stream: AsyncGenerator<SceneEventRecord>,
  onFailure: (err: unknown) => void,
): AsyncGenerator<SceneEventRecord | StreamFailure> {
  let finished = false;
  const iterator: AsyncGenerator<SceneEventRecord | StreamFailure> = {
    async next() {
      if (finished) return { done: true, value: undefined };
      try {
        const result = await stream.next();
        if (result.done) finished = true;
        return result;
      } catch (err) {
        finished = true;
        onFailure(err);
        return { done: false, value: streamFailure(err) };
      }
    },
    return(value) {
      finished = true;
      return stream.return(value);
    },
    throw(err) {
      finished = true;
      return stream.throw(err);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
