import type { HealthProbe } from '../../ports/health.js';
import { urlTarget } from '../dependencyErrors.js';
import type { Orm } from './orm.js';

/**
 * `select 1` through the ORM's own pool: the connections the jobs use. A pool whose
 * connections are stalled, or that cannot open new ones, fails (or never answers) like a job would.
 */
export function databaseProbe(orm: Orm, url: string): HealthProbe {
  const sqlite = url.startsWith('sqlite:');
  return {
    dependency: sqlite ? 'sqlite' : 'postgres',
    target: sqlite ? url.slice('sqlite:'.length) : urlTarget(url, 5432),
    async check() {
      await orm.em.getConnection().execute('select 1');
    },
  };
}
