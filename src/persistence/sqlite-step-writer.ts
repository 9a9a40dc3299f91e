import type { SaveResult, StepWrite, StoredCall } from '../calls/call-store.port';
import type { SqliteConnection } from './driver-adapter';
import { storedCallFrom, type StoredCallRow } from './stored-call-row';
import { STEP_COLUMNS, STORED_CALL_COLUMNS, quoted } from './call-row-columns';

/** Prisma's SQLite timestamp text, e.g. `2026-11-23T01:51:25.750+00:00`. */
const ts = (d: Date | null): string | null => (d ? d.toISOString().replace('Z', '+00:00') : null);

const UPDATE_CALL = `UPDATE "Call" SET ${STEP_COLUMNS.map((c) => `${quoted(c.column)} = ?`).join(', ')} WHERE "callSid" = ? AND "step" = ?`;

class StepTaken extends Error {}

/**
 * The webhook hot path on SQLite, the step's one read and its common write (an event and the call row, nothing
 * else), with statements prepared once, on the connection Prisma itself uses (ADR 006). better-sqlite3 is
 * synchronous, so each runs in one turn of the event loop and cannot interleave with Prisma; they are used only
 * when Prisma has no transaction open on that connection (whose uncommitted rows they would otherwise see or
 * join), and the caller falls back to Prisma when they return null.
 */
export class SqliteStepWriter {
  private statements: ReturnType<SqliteStepWriter['prepare']> | null = null;
  private preparedFor: SqliteConnection | null = null;

  constructor(private readonly connection: () => SqliteConnection | null) {}

  /** The call (or `undefined` when there is none), or null when it cannot read now. */
  read(callSid: string): StoredCall | undefined | null {
    const s = this.ready();
    if (!s) return null;
    const row = s.loadCall.get(callSid) as StoredCallRow | undefined;
    return row ? storedCallFrom(row) : undefined;
  }

  /** `saved`/`conflict`, or null when it cannot write now (no connection yet, or a Prisma transaction is open). */
  write(w: StepWrite): SaveResult | null {
    const s = w.fromStep === null ? null : this.ready();
    if (!s) return null;
    const db = this.preparedFor!;
    const e = w.event;
    const values = STEP_COLUMNS.map((c) => (c.timestamp ? ts(c.of(w) as Date | null) : c.of(w)));
    try {
      db.transaction(() => {
        // The event first: (callSid, step) is unique, so a second delivery of this step fails here.
        s.insertEvent.run(
          w.callSid,
          w.step,
          ts(w.at),
          e.kind,
          e.fromState,
          e.toState,
          e.digits,
          e.purpose,
          e.meaning,
          e.detail ? JSON.stringify(e.detail) : null,
        );
        const { changes } = s.updateCall.run(...(values as never[]), w.callSid, w.fromStep);
        if (Number(changes) !== 1) throw new StepTaken();
      })();
      return 'saved';
    } catch (err) {
      if (
        err instanceof StepTaken ||
        (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ||
        (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
      ) {
        return 'conflict';
      }
      throw err;
    }
  }

  /** The prepared statements, when the connection exists and Prisma holds no transaction on it. */
  private ready(): ReturnType<SqliteStepWriter['prepare']> | null {
    const db = this.connection();
    if (!db || db.inTransaction) return null;
    if (this.preparedFor !== db) {
      this.statements = this.prepare(db);
      this.preparedFor = db;
    }
    return this.statements;
  }

  private prepare(db: SqliteConnection) {
    return {
      loadCall: db.prepare(`SELECT ${STORED_CALL_COLUMNS} FROM "Call" WHERE "callSid" = ?`),
      insertEvent: db.prepare(
        `INSERT INTO "CallEvent" ("callSid", "step", "at", "kind", "fromState", "toState", "digits", "purpose", "meaning", "detail")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateCall: db.prepare(UPDATE_CALL),
    };
  }
}
