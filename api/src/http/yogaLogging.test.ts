import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { appError } from '../graphql/errors.js';
import { captureLogs } from '../../test/support/logCapture.js';
import { yogaLogger } from './yogaLogging.js';

describe('yoga logging on pino', () => {
  it("logs a client's mistake at warn, clipped to about 200 characters", () => {
    const { logger, lines } = captureLogs();
    const log = yogaLogger(logger);
    log.error(appError('BAD_INPUT', `bad value ${'x'.repeat(60_000)}`));
    log.error(new GraphQLError(`Syntax Error ${'y'.repeat(60_000)}`, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }));
    expect(lines.map((l) => l.level)).toEqual([40, 40]);
    for (const line of lines) expect(JSON.stringify(line).length).toBeLessThan(600);
  });

  it('logs anything else at error, with its stack frames and a clipped message', () => {
    const { logger, lines } = captureLogs();
    const cause = new Error(`select * from scene where id = '${'z'.repeat(60_000)}'`);
    yogaLogger(logger).error(new GraphQLError('Unexpected', { originalError: cause }));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe(50);
    expect(JSON.stringify(lines[0]).length).toBeLessThan(8_000);
    expect((lines[0]!.err as { stack: string }).stack).toMatch(/^ {4}at /);
  });
});
