import fs from 'node:fs';
import path from 'node:path';
import type { StepOptions } from '../calls/call-steps.use-case';
import type { OutageSteps } from '../calls/outage-steps.use-case';
import type { Logger } from '../logging/logger';
import { safeError } from '../logging/safe-error';
import type { DatabaseHealth } from './database-health';
import type { OutageReferences } from './outage-references';
import type { OutageSpool, SpooledRecord } from './outage-spool';

export interface OutageReplayerDeps {
  spool: OutageSpool;
  references: OutageReferences;
  steps: OutageSteps;
  health: DatabaseHealth;
  /** Whether the database answers now (a cheap query within a short budget). */
  probe: () => Promise<boolean>;
  logger?: Logger;
  intervalMs?: number;
}

/** A record that fails this often while the database answers is set aside, so it cannot block the rest. */
const MAX_FAILURES = 5;

/**
 * Applies what the outage spool kept, in arrival order, once the database answers again: the call steps
 * replay each request at the time it arrived (marked degraded), so the call log reads as if the database had
 * never gone. Every instance runs one, for its own spool; it also keeps a block of outage references ready.
 */
export class OutageReplayer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly failures = new Map<string, number>();

  constructor(private readonly deps: OutageReplayerDeps) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.deps.intervalMs ?? 1000);
    this.timer.unref();
    void this.flush();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Replays everything spooled, if the database answers; one replay at a time. Never throws. */
  flush(): Promise<void> {
    this.running ??= this.replay().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async replay(): Promise<void> {
    const { spool, references, health } = this.deps;
    const lowOnReferences = references.remaining() < 40;
    if (!spool.hasRecords() && !health.suspectedDown() && !lowOnReferences) return;
    if (!(await this.deps.probe().catch(() => false))) {
      health.markDown();
      return;
    }
    health.markUp();
    try {
      await references.replenish();
    } catch (err) {
      this.deps.logger?.warn({ err: safeError(err) }, 'could not claim a block of outage references');
    }
    for (const batch of spool.takeBatches()) {
      for (let i = batch.applied; i < batch.records.length; i++) {
        const record = batch.records[i]!;
        try {
          await this.apply(record);
        } catch (err) {
          const failures = (this.failures.get(record.id) ?? 0) + 1;
          this.failures.set(record.id, failures);
          if (failures < MAX_FAILURES) {
            this.deps.logger?.warn({ err: safeError(err), callSid: record.callSid, kind: record.kind }, 'could not replay a spooled request yet');
            return;
          }
          this.setAside(record);
          this.deps.logger?.error(
            { err: safeError(err), callSid: record.callSid, kind: record.kind, id: record.id },
            'a spooled request keeps failing; set aside in unapplied.jsonl',
          );
        }
        spool.markApplied(batch, i + 1);
      }
      spool.finish(batch);
      this.deps.logger?.info({ requests: batch.records.length }, 'replayed requests spooled during a database outage');
    }
  }

  private apply(r: SpooledRecord): Promise<unknown> {
    const steps = this.deps.steps;
    const call = { callSid: r.callSid, from: r.from, to: r.to };
    const options: StepOptions = { at: new Date(r.at), degraded: true };
    switch (r.kind) {
      case 'incomingCall':
        return steps.applySpooledIncomingCall(call, r.queued, options);
      case 'emergencyQueued':
        return steps.reattach(call, null, 0, options);
      case 'keys':
        return steps.applySpooledKeys(call, r.step, r.input, r.queued, options);
      case 'holdKeys':
        return steps.applySpooledHoldKeys(call, r.queueStep, r.input, options);
      case 'queueResult':
        return steps.applySpooledQueueResult(call, r.queueStep, r.result, r.queueSeconds, options);
      case 'status':
        return steps.applySpooledStatus(call, r.status, r.durationSeconds, options);
      case 'callbackRequest':
        return steps.recordOutageCallback(
          call,
          { reference: r.reference, callbackNumber: r.callbackNumber, reason: r.reason, queueSeconds: r.queueSeconds },
          options,
        );
    }
  }

  private setAside(record: SpooledRecord): void {
    const file = path.join(this.deps.spool.dir, 'unapplied.jsonl');
    fs.appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  }
}
