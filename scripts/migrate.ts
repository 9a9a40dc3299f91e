import { loadDatabaseTarget, loadDotEnv } from '../src/config/config';
import { migrateDatabase } from '../src/persistence/migrations';

/** `npm run db:migrate`: apply pending migrations and nothing else (for deploy pipelines). */
loadDotEnv();
migrateDatabase(loadDatabaseTarget()).then(
  (output) => process.stdout.write(`${output}\n`),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
