import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OutageSpool } from '../../src/outage/outage-spool';
import { OUTAGE_REFERENCE_FLOOR, OutageReferences, blockReferences, type ReferenceBlockStore } from '../../src/outage/outage-references';

const call = { callSid: `CA${'1'.repeat(32)}`, from: '+8613800138000', to: '+861095000000' };

describe('the outage spool', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('when requests are appended, then a replay takes them in arrival order and later appends wait for the next batch', () => {
    const spool = new OutageSpool(dir);
    expect(spool.hasRecords()).toBe(false);
    spool.append({ ...call, kind: 'incomingCall', queued: true });
    spool.append({ ...call, kind: 'status', status: 'completed', durationSeconds: 12 });
    expect(spool.hasRecords()).toBe(true);
    const [batch, ...none] = spool.takeBatches();
    expect(none).toEqual([]);
    expect(batch!.records.map((r) => r.kind)).toEqual(['incomingCall', 'status']);
    spool.append({ ...call, kind: 'emergencyQueued' });
    spool.markApplied(batch!, 2);
    spool.finish(batch!);
    const [next] = spool.takeBatches();
    expect(next!.records.map((r) => r.kind)).toEqual(['emergencyQueued']);
  });

  test('when a replay stops half way (a crash), then the next one resumes after what was applied, from a new spool on the same folder', () => {
    const first = new OutageSpool(dir);
    for (const step of [1, 2, 3])
      first.append({ ...call, kind: 'keys', step, input: { kind: 'pressed', digits: String(step), finishedOnKey: '' }, queued: true });
    const [batch] = first.takeBatches();
    first.markApplied(batch!, 1);
    const restarted = new OutageSpool(dir);
    expect(restarted.hasRecords()).toBe(true);
    const [resumed] = restarted.takeBatches();
    expect(resumed!.applied).toBe(1);
    expect(resumed!.records.slice(resumed!.applied).map((r) => (r.kind === 'keys' ? r.step : null))).toEqual([2, 3]);
  });

  test('when the last line was torn by a crash mid-append, then the records before it are still replayed', () => {
    const spool = new OutageSpool(dir);
    spool.append({ ...call, kind: 'incomingCall', queued: true });
    fs.appendFileSync(path.join(dir, 'pending.jsonl'), '{"kind":"status","callS');
    expect(spool.takeBatches()[0]!.records.map((r) => r.kind)).toEqual(['incomingCall']);
  });
});

describe('outage references', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refs-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Blocks handed out in order, as the database's autoincrement does across instances. */
  function blockStore(taken: string[] = []): ReferenceBlockStore & { claims: number } {
    let next = 0;
    return {
      claims: 0,
      async claimBlock() {
        this.claims++;
        return next++;
      },
      async existingReferences(refs) {
        return refs.filter((r) => taken.includes(r));
      },
    };
  }

  test('when two instances claim blocks, then every reference either reads to a caller is different and none is below the outage floor', async () => {
    const store = blockStore();
    const a = new OutageReferences(path.join(dir, 'a.json'), store, 'a');
    const b = new OutageReferences(path.join(dir, 'b.json'), store, 'b');
    await a.replenish();
    await b.replenish();
    const refs = Array.from({ length: 60 }, () => [a.next(), b.next()]).flat();
    expect(refs.every((r) => r !== null && Number(r) >= OUTAGE_REFERENCE_FLOOR && /^9\d{7}$/.test(r))).toBe(true);
    expect(new Set(refs).size).toBe(refs.length);
  });

  test('when an instance restarts mid-outage, then it never reads the same reference twice, and with its block used up it has none (the caller hears it will follow)', async () => {
    const store = blockStore([String(OUTAGE_REFERENCE_FLOOR + 1)]);
    const first = new OutageReferences(path.join(dir, 'r.json'), store, 'x');
    await first.replenish();
    const before = [first.next(), first.next()];
    // A ticket made before the split held 90000001: it is skipped.
    expect(before).toEqual([String(OUTAGE_REFERENCE_FLOOR), String(OUTAGE_REFERENCE_FLOOR + 2)]);
    const restarted = new OutageReferences(path.join(dir, 'r.json'), store, 'x');
    const rest = Array.from({ length: 100 }, () => restarted.next());
    expect(rest.filter((r) => r !== null)).toHaveLength(97);
    expect(new Set([...before, ...rest.filter(Boolean)]).size).toBe(99);
    expect(restarted.next()).toBeNull();
    expect(blockReferences(1)[0]).toBe('90000100');
  });

  test('when the block still has plenty, then replenishing claims nothing', async () => {
    const store = blockStore();
    const refs = new OutageReferences(path.join(dir, 'r.json'), store, 'x');
    await refs.replenish();
    await refs.replenish();
    expect(store.claims).toBe(1);
    for (let i = 0; i < 61; i++) refs.next();
    await refs.replenish();
    expect(store.claims).toBe(2);
  });
});
