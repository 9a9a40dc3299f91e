import { ConfigError } from './config/config';
import { startHotline } from './server';
import { DatabaseInUseError } from './persistence/sqlite-server-lock';

/** `npm start`: run the hotline until SIGTERM/SIGINT, then drain and exit. */
async function main(): Promise<void> {
  const hotline = await startHotline();
  const stop = (signal: string) => {
    hotline.logger.info({ signal }, 'shutting down: draining in-flight webhooks');
    hotline.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DatabaseInUseError) {
    process.stderr.write(`${err.message}\n${err instanceof ConfigError ? 'See .env.example for every setting.\n' : ''}`);
  } else {
    process.stderr.write(`The hotline could not start: ${(err as Error).message}\n`);
  }
  process.exit(1);
});
