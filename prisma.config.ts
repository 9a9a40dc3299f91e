import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { loadDatabaseTarget, loadDotEnv } from './src/config/config';
import { createDriverAdapter, schemaFolder } from './src/persistence/driver-adapter';

// DATABASE_URL picks the schema folder: prisma/sqlite (embedded default) or prisma/postgresql.
loadDotEnv();
const target = loadDatabaseTarget();
const folder = schemaFolder(target);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: folder,
  migrations: { path: path.join(folder, 'migrations') },
  async adapter() {
    return createDriverAdapter(target);
  },
});
