import fs from 'node:fs';
import path from 'node:path';

export class DatabaseInUseError extends Error {
  constructor(file: string, pid: number) {
    super(
      `Another hotline server (pid ${pid}) is already using ${file}. SQLite serves one hotline process per file: ` +
        'stop the other one, give this one its own DATABASE_URL=file:…, or use PostgreSQL (DATABASE_URL=postgresql://…) to run several instances.',
    );
    this.name = 'DatabaseInUseError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims an SQLite file for one hotline server (`<file>.server.lock` holding the pid). A lock left by a process
 * that is gone is taken over. Short-lived commands (`npm run agents`) do not take it.
 */
export function acquireSqliteServerLock(file: string): { release(): void } {
  const lockFile = `${file}.server.lock`;
  // A fresh clone has no data/ folder yet: the embedded database lives there.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      const release = () => {
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          // Already gone.
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DatabaseInUseError(file, pid);
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not claim ${lockFile}`);
}
