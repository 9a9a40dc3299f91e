import { loadConfig } from '../config/config';
import { applyRetention } from '../ops/call-retention';
import { runCli, withDatabase } from './cli-command';

/** `npm run retention` (cron-friendly): anonymise call logs older than RETENTION_DAYS and print what was done. */
async function main(): Promise<void> {
  await withDatabase(async (prisma) => {
    const days = loadConfig().retentionDays;
    const report = await applyRetention(prisma, new Date(), days);
    console.log(JSON.stringify({ retentionDays: days, ...report }));
  });
}

runCli(main, 'npm run retention  (RETENTION_DAYS, default 180)');
