import { describe, expect, it } from 'vitest';
import { dependencyError, errorCode, redactSecrets, urlTarget } from './dependencyErrors.js';

describe('dependency error fields', () => {
  it('names a server by host:port, never by its URL', () => {
    expect(urlTarget('postgres://app:s3cret@db.internal:6543/pixeltales', 5432)).toBe('db.internal:6543');
    expect(urlTarget('redis://:s3cret@127.0.0.1', 6379)).toBe('127.0.0.1:6379');
    expect(urlTarget('not a url', 6379)).toBe('unparseable URL');
  });

  it('blanks passwords, tokens and keys out of messages', () => {
    const text = redactSecrets(
      'connect to postgres://app:s3cret@db:5432/x failed; Authorization: Bearer abc.def-ghi; key sk-proj-abcdef123456; password=hunter2',
    );
    for (const secret of ['s3cret', 'abc.def-ghi', 'sk-proj-abcdef123456', 'hunter2']) expect(text).not.toContain(secret);
    expect(text).toContain('postgres://app:***@db:5432/x');
  });

  it('picks the most specific code: HTTP status, own code, a cause’s code, the name', () => {
    expect(errorCode(Object.assign(new Error('x'), { status: 500, code: 'server_error' }))).toBe('HTTP_500');
    expect(errorCode(Object.assign(new Error('x'), { code: '57P01' }))).toBe('57P01');
    expect(errorCode(new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }))).toBe(
      'ECONNREFUSED',
    );
    expect(errorCode(new RangeError('x'))).toBe('RangeError');
    expect(errorCode('just a string')).toBe('UNKNOWN');
  });

  it('builds one line’s fields', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });
    expect(dependencyError('redis', '127.0.0.1:6390', err)).toEqual({
      dependency: 'redis',
      target: '127.0.0.1:6390',
      code: 'ECONNREFUSED',
      error: 'connect ECONNREFUSED 127.0.0.1:6390',
    });
  });
});
