import { loadDatabaseTarget, loadDotEnv, type DatabaseTarget } from '../config/config';
import { migrateIfBehind } from '../persistence/migrations';
import { createPrismaClient, type HotlinePrisma } from '../persistence/prisma-client';

/** A mistake in how a command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Opens the database from `.env`/`DATABASE_URL` (migrating it if behind), runs `work`, always disconnects. */
export async function withDatabase<T>(work: (prisma: HotlinePrisma, target: DatabaseTarget) => Promise<T>): Promise<T> {
  loadDotEnv();
  const target = loadDatabaseTarget();
  const prisma = createPrismaClient(target);
  try {
    await migrateIfBehind(target, prisma);
    return await work(prisma, target);
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Runs a command's `main` and turns its failures into exit codes: usage mistakes (and `userErrors`, errors whose
 * message is meant for the person at the terminal) print their message and exit 2; anything else exits 1.
 */
export function runCli(main: () => Promise<void>, usage: string, userErrors: Array<new (...args: never[]) => Error> = []): void {
  main().catch((err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${usage}`);
      process.exit(2);
    }
    if (userErrors.some((type) => err instanceof type)) {
      console.error((err as Error).message);
      process.exit(2);
    }
    console.error((err as Error).message);
    process.exit(1);
  });
}
