import { Migration20261128073314_init } from './Migration20261128073314_init.js';

/** sqlite migrations in order; each is applied once at start (no runtime schema sync). */
export const sqliteMigrations = [{ name: 'Migration20261128073314_init', class: Migration20261128073314_init }];
