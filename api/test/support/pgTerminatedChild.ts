/**
 * Child process for the dependency-error test: opens the database at PT_DB_URL with pino on
 * stdout (as `npm start` does), has every one of its connections ended by the server
 * (`pg_terminate_backend` through PT_ADMIN_URL), uses the database again and exits. Its
 * stdout and stderr must hold pino lines only: no raw driver output.
 */
import { knex } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import { openDatabase } from '../../src/adapters/db/orm.js';

const url = process.env.PT_DB_URL!;
const adminUrl = process.env.PT_ADMIN_URL!;
const logger = pino({ level: 'debug' });
const orm = await openDatabase({ url, logger });
await orm.em.getConnection().execute('select 1');
const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
await admin.raw('select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()', [
  new URL(url).pathname.slice(1),
]);
await admin.destroy();
await new Promise((resolve) => setTimeout(resolve, 300));
await orm.em.getConnection().execute('select 1');
await orm.close(true);
