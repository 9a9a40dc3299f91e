import { prepareDatabaseTemplates } from './test-database-templates';

/** Jest global setup of the projects that use databases: one migrated template per kind (and PostgreSQL itself). */
export default async function globalSetup(): Promise<void> {
  if (globalThis.hotlineTestDatabases) return;
  try {
    globalThis.hotlineTestDatabases = await prepareDatabaseTemplates();
  } catch (err) {
    // One line, not a stack through jest's internals: every test would fail the same way, so none runs.
    const lines = String((err as Error).message ?? err)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const error = new Error(lines.length > 1 ? `${lines[0]} … ${lines.at(-1)}` : lines[0]);
    error.stack = error.message;
    throw error;
  }
}
