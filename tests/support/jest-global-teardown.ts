import type {} from './test-database-templates'; // its `hotlineTestDatabases` global

/** Jest global teardown: drops the templates and stops the PostgreSQL the global setup started. */
export default async function globalTeardown(): Promise<void> {
  const databases = globalThis.hotlineTestDatabases;
  globalThis.hotlineTestDatabases = undefined;
  await databases?.close();
}
