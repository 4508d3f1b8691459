import { BackupError, backupDatabase, restoreDatabase } from './adapters/db/backup.js';
import { ConfigError, loadConfig } from './config.js';

/**
 * `npm run backup -- FILE` and `npm run restore -- FILE` (through scripts/api.mjs): the
 * database is the configured DATABASE_URL. Backups run while the server runs; restores go
 * into an empty database, with the server stopped.
 */
async function main(): Promise<void> {
  const [command, file, ...extra] = process.argv.slice(2);
  if ((command !== 'backup' && command !== 'restore') || !file || extra.length) {
    throw new BackupError('usage: npm run backup -- FILE | npm run restore -- FILE (the database is DATABASE_URL)', 64);
  }
  const config = loadConfig();
  const started = Date.now();
  if (command === 'backup') {
    const { bytes, format } = await backupDatabase(config.database.url, file);
    console.log(`backup written: ${file} (${format}, ${bytes} bytes, ${Date.now() - started} ms)`);
  } else {
    await restoreDatabase(config.database.url, file);
    console.log(`restored ${file} into the ${config.database.dialect} database; start the server to apply any newer migrations`);
  }
}

main().catch((err) => {
  if (err instanceof BackupError) {
    console.error(err.message);
    process.exit(err.exitCode);
  }
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  console.error(err);
  process.exit(1);
});
