import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FinalCallStatus, QueueResult } from '../../flows/call-flow.types';
import type { KeysInput } from '../calls/call-steps.use-case';

/** Every record names the call and the numbers Twilio sent with the request, so it can be replayed alone. */
interface SpooledBase {
  /** Unique per record: a replay that was interrupted can tell what it already applied. */
  id: string;
  /** ISO instant the request arrived. */
  at: string;
  callSid: string;
  from: string;
  to: string;
}

/** What arrived while the database did not answer, as the hotline understood it. */
export type SpooledRequest =
  /** `queued`: the caller was put in the emergency line's general queue (re-attached when replayed). */
  | { kind: 'incomingCall'; queued: boolean }
  /** The caller was put back in the emergency line's general queue after a queue problem. */
  | { kind: 'emergencyQueued' }
  | { kind: 'keys'; step: number; input: KeysInput; queued: boolean }
  | { kind: 'holdKeys'; queueStep: number | null; input: KeysInput }
  | { kind: 'queueResult'; queueStep: number | null; result: QueueResult; queueSeconds: number | null }
  | { kind: 'status'; status: FinalCallStatus; durationSeconds: number | null }
  /** A callback promised during the outage; `reference` is what the caller heard (null: "it will follow"). */
  | { kind: 'callbackRequest'; callbackNumber: string | null; reference: string | null; reason: 'leftQueue' | 'queueTimeout'; queueSeconds: number | null };

export type SpooledRecord = SpooledBase & SpooledRequest;

const PENDING = 'pending.jsonl';
const BATCH = /^batch-\d{13}-[0-9a-f]{6}\.jsonl$/;

/** One batch of records taken for replay, with how many of them were already applied. */
export interface SpoolBatch {
  file: string;
  records: SpooledRecord[];
  applied: number;
}

/**
 * An append-only spool on local disk for what arrives while the database is unreachable. Each append is
 * written and fsynced before the webhook is answered, so a caller's request survives a crash of the instance.
 *
 * New records go to `pending.jsonl`. A replay first renames it to a batch file (atomic: later appends start a
 * fresh pending file), then applies batches in order, recording progress in `<batch>.applied` after every
 * record. A batch is deleted only when all of it is applied. One spool folder belongs to one instance
 * (a persistent volume per instance in containers): records are replayed by the instance that wrote them.
 */
export class OutageSpool {
  /** False once the folder was seen empty, until the next append: the hot path asks this on every webhook. */
  private maybeWaiting = true;

  constructor(readonly dir: string) {}

  /** Adds a record durably; throws when the disk refuses it. */
  append(request: SpooledRequest & Omit<SpooledBase, 'id' | 'at'> & { at?: Date }): SpooledRecord {
    const { at, ...rest } = request;
    const record = { ...rest, id: randomBytes(8).toString('hex'), at: (at ?? new Date()).toISOString() } as SpooledRecord;
    fs.mkdirSync(this.dir, { recursive: true });
    this.maybeWaiting = true;
    const fd = fs.openSync(path.join(this.dir, PENDING), 'a', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(record)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return record;
  }

  /** Whether anything waits to be replayed. */
  hasRecords(): boolean {
    if (!this.maybeWaiting) return false;
    let waiting = false;
    try {
      waiting = fs.readdirSync(this.dir).some((f) => f === PENDING || BATCH.test(f));
    } catch {
      waiting = false;
    }
    this.maybeWaiting = waiting;
    return waiting;
  }

  /** Moves pending records into a batch and returns every batch not yet fully applied, oldest first. */
  takeBatches(): SpoolBatch[] {
    if (!fs.existsSync(this.dir)) return [];
    const pending = path.join(this.dir, PENDING);
    if (fs.existsSync(pending)) {
      fs.renameSync(pending, path.join(this.dir, `batch-${String(Date.now()).padStart(13, '0')}-${randomBytes(3).toString('hex')}.jsonl`));
    }
    return fs
      .readdirSync(this.dir)
      .filter((f) => BATCH.test(f))
      .sort()
      .map((f) => {
        const file = path.join(this.dir, f);
        return { file, records: readRecords(file), applied: readApplied(file) };
      });
  }

  /** Notes that the first `count` records of a batch are applied. */
  markApplied(batch: SpoolBatch, count: number): void {
    const progress = `${batch.file}.applied`;
    const tmp = `${progress}.tmp`;
    fs.writeFileSync(tmp, String(count));
    fs.renameSync(tmp, progress);
    batch.applied = count;
  }

  /** Deletes a fully applied batch. */
  finish(batch: SpoolBatch): void {
    fs.rmSync(batch.file, { force: true });
    fs.rmSync(`${batch.file}.applied`, { force: true });
  }
}

function readRecords(file: string): SpooledRecord[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const records: SpooledRecord[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    // A crash mid-append leaves at most a torn last line; it was never acknowledged to Twilio.
    try {
      records.push(JSON.parse(line) as SpooledRecord);
    } catch {
      /* torn line */
    }
  }
  return records;
}

function readApplied(file: string): number {
  try {
    return Number(fs.readFileSync(`${file}.applied`, 'utf8')) || 0;
  } catch {
    return 0;
  }
}
