import { GraphQLError, type ExecutionResult } from 'graphql';

/**
 * graphql-transport-ws frames as this server writes them. One serialisation for both
 * fan-out paths, so a shared broadcast payload and a per-subscriber one are the same bytes:
 * the result's own fields in order with `errors` moved last (as graphql-ws writes them).
 */
export function resultJson(result: ExecutionResult): string {
  const { errors, ...rest } = result;
  return JSON.stringify(errors ? { ...rest, errors: errors.map(errorJson) } : rest);
}

export function errorJson(error: Error): unknown {
  return error instanceof GraphQLError ? error.toJSON() : { message: error.message };
}

export const nextFrame = (id: string, result: ExecutionResult) =>
  `{"id":${JSON.stringify(id)},"type":"next","payload":${resultJson(result)}}`;
export const errorFrame = (id: string, errors: readonly Error[]) => JSON.stringify({ id, type: 'error', payload: errors.map(errorJson) });
export const completeFrame = (id: string) => JSON.stringify({ id, type: 'complete' });
