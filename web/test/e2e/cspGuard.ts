import { afterAll, afterEach } from 'vitest';
import { takeCspViolations } from './support';

/**
 * Every e2e test runs under the server's Content-Security-Policy (see
 * api/src/http/securityHeaders.ts); a violation any page reported fails the test it happened
 * in, or the file when it happened in a hook. A test that provokes one on purpose takes it
 * with takeCspViolations() first.
 */
function failOnViolations(): void {
  const seen = takeCspViolations();
  if (seen.length) throw new Error(`Content-Security-Policy violations:\n${seen.map((v) => JSON.stringify(v)).join('\n')}`);
}

afterEach(failOnViolations);
afterAll(failOnViolations);
