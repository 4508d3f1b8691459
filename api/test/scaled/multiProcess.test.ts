import { describe } from 'vitest';
import { requireServices } from '../support/services.js';
import { clusterSuite } from './clusterSuite.js';
import { crashResumeSuite } from './crashResumeSuite.js';
import { rateLimitSuite } from './rateLimitSuite.js';
import { sickWorkerSuite } from './sickWorkerSuite.js';

const services = await requireServices('postgres', 'redis', 'multi-process suites (API and worker processes on PostgreSQL + Redis)');

/**
 * The multi-process suites share one file so they run one after the other: each starts
 * several Node processes, and two clusters at once on a 2-core machine only measure the
 * scheduler (the rate-limit suite checks request timing).
 */
describe.skipIf(!services.ok).sequential('multi-process', () => {
  clusterSuite();
  rateLimitSuite();
  crashResumeSuite();
  sickWorkerSuite();
});
