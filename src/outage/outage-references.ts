import fs from 'node:fs';
import path from 'node:path';

/** References made while the database answers are drawn below this; every outage reference is at or above it. */
export const OUTAGE_REFERENCE_FLOOR = 90_000_000;
const BLOCK_SIZE = 100;
const BLOCKS = 100_000;
/** Claim a fresh block once fewer than this many references are left in the current one. */
const LOW_WATER = 40;

/** Claims blocks of references for this instance, atomically across instances. */
export interface ReferenceBlockStore {
  /** A new block number (0, 1, 2, …), never handed to anyone else. */
  claimBlock(claimedBy: string): Promise<number>;
  /** Which of these references already belong to a ticket. */
  existingReferences(references: string[]): Promise<string[]>;
}

interface BlockState {
  block: number;
  /** Offsets within the block already read to a caller (or found taken). */
  used: number[];
}

/** The references of block `n`: 90000000 + 100·n … + 99. */
export function blockReferences(block: number): string[] {
  return Array.from({ length: BLOCK_SIZE }, (_, i) => String(OUTAGE_REFERENCE_FLOOR + block * BLOCK_SIZE + i));
}

/**
 * Ticket references this instance may read to callers while the database is unreachable (ADR 008). While the
 * database answers, the instance claims a block of 100 with one insert (an autoincrement id, so no two instances
 * get the same block); during the outage it hands them out one by one, remembering each on local disk before the
 * caller hears it, so a restart mid-outage never repeats one. With no block left it returns null and the caller
 * is told the reference will follow.
 */
export class OutageReferences {
  private state: BlockState | null;

  constructor(
    private readonly file: string,
    private readonly store: ReferenceBlockStore,
    private readonly claimedBy: string,
  ) {
    this.state = readState(file);
  }

  /** How many references are left to hand out without the database. */
  remaining(): number {
    return this.state ? BLOCK_SIZE - this.state.used.length : 0;
  }

  /** While the database answers: claims a fresh block when the current one runs low. */
  async replenish(): Promise<void> {
    if (this.remaining() >= LOW_WATER) return;
    const block = await this.store.claimBlock(this.claimedBy);
    if (block >= BLOCKS) return;
    const refs = blockReferences(block);
    // Tickets made before references were split could hold numbers of the outage range.
    const taken = new Set(await this.store.existingReferences(refs));
    const state: BlockState = { block, used: refs.flatMap((r, i) => (taken.has(r) ? [i] : [])) };
    this.save(state);
  }

  /** The next unused reference of this instance's block, recorded as used; null when none is left. */
  next(): string | null {
    const state = this.state;
    if (!state) return null;
    const used = new Set(state.used);
    const offset = Array.from({ length: BLOCK_SIZE }, (_, i) => i).find((i) => !used.has(i));
    if (offset === undefined) return null;
    this.save({ block: state.block, used: [...state.used, offset] });
    return blockReferences(state.block)[offset]!;
  }

  private save(state: BlockState): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(state));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    this.state = state;
  }
}

function readState(file: string): BlockState | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as BlockState;
    return Number.isInteger(parsed.block) && Array.isArray(parsed.used) ? parsed : null;
  } catch {
    return null;
  }
}
