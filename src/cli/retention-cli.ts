import { loadConfig, loadDotEnv } from '../config/config';
import { applyRetention } from '../ops/call-retention';
import { migrateIfBehind } from '../persistence/migrations';
import { createPrismaClient } from '../persistence/prisma-client';

/** `npm run retention` (cron-friendly): anonymise call logs older than RETENTION_DAYS and print what was done. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const prisma = createPrismaClient(config.database);
  await migrateIfBehind(config.database, prisma);
  try {
    const report = await applyRetention(prisma, new Date(), config.retentionDays);
    console.log(JSON.stringify({ retentionDays: config.retentionDays, ...report }));
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
