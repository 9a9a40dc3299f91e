import { ConsoleInputError, ConsoleNotFoundError } from '../console-errors';
import { NOTICE_BRANCHES, type NoticeBranch, type OutageNoticeBoard, type OutageNoticeInput, type OutageNoticeRecord } from './outage-notice-board.port';

export type NoticeState = 'active' | 'scheduled' | 'expired';

/** Where a notice stands at `now`. */
export function noticeState(n: Pick<OutageNoticeRecord, 'startsAt' | 'endsAt'>, now: Date): NoticeState {
  if (n.endsAt && n.endsAt <= now) return 'expired';
  return n.startsAt > now ? 'scheduled' : 'active';
}

/** The fields of the notice form, as text. */
export interface NoticeForm {
  messageZh: string;
  messageEn: string;
  shortZh: string;
  shortEn: string;
  /** `all`, or some of the branches. */
  scope: string;
  branches: string[];
  expectedRecoveryAt: Date | null;
  startsAt: Date | null;
  endsAt: Date | null;
}

const MAX_MESSAGE = 500;
const MAX_SHORT = 200;

/**
 * Announcing outages: callers hear a change at once, because every change drops this instance's cached
 * conditions (other instances re-read within a second, ADR 003).
 */
export class OutageNotices {
  constructor(private readonly deps: { board: OutageNoticeBoard; conditions: { invalidate(): void }; clock: () => Date }) {}

  list(): Promise<OutageNoticeRecord[]> {
    return this.deps.board.list();
  }

  async find(id: number): Promise<OutageNoticeRecord> {
    const notice = await this.deps.board.find(id);
    if (!notice) throw new ConsoleNotFoundError(`no notice ${id}`);
    return notice;
  }

  async create(actor: string, form: NoticeForm): Promise<number> {
    const notice = this.validate(form);
    const id = await this.deps.board.create(notice, (newId) => ({ actor, action: 'notice.create', target: `notice:${newId}`, detail: summary(notice) }));
    this.deps.conditions.invalidate();
    return id;
  }

  async update(actor: string, id: number, form: NoticeForm): Promise<void> {
    const notice = this.validate(form);
    const done = await this.deps.board.update(id, notice, { actor, action: 'notice.update', target: `notice:${id}`, detail: summary(notice) });
    if (!done) throw new ConsoleNotFoundError(`no notice ${id}`);
    this.deps.conditions.invalidate();
  }

  /** The notice stops being read to callers now. */
  async end(actor: string, id: number): Promise<void> {
    const now = this.deps.clock();
    const done = await this.deps.board.end(id, now, { actor, action: 'notice.end', target: `notice:${id}`, detail: { endsAt: now.toISOString() } });
    if (!done) throw new ConsoleNotFoundError(`no notice ${id}`);
    this.deps.conditions.invalidate();
  }

  private validate(f: NoticeForm): OutageNoticeInput {
    const text = (value: string, name: string, max: number) => {
      const v = value.trim();
      if (!v) throw new ConsoleInputError(`${name} is required`);
      if (v.length > max) throw new ConsoleInputError(`${name}: at most ${max} characters`);
      return v;
    };
    let branches: OutageNoticeInput['branches'];
    if (f.scope === 'all') branches = 'all';
    else {
      branches = NOTICE_BRANCHES.filter((b) => f.branches.includes(b)) as NoticeBranch[];
      if (branches.length === 0) throw new ConsoleInputError('choose every caller, or at least one branch');
    }
    const startsAt = f.startsAt ?? this.deps.clock();
    if (f.endsAt && f.endsAt <= startsAt) throw new ConsoleInputError('the notice must end after it starts');
    return {
      messageZh: text(f.messageZh, 'message (Chinese)', MAX_MESSAGE),
      messageEn: text(f.messageEn, 'message (English)', MAX_MESSAGE),
      shortZh: text(f.shortZh, 'short version (Chinese)', MAX_SHORT),
      shortEn: text(f.shortEn, 'short version (English)', MAX_SHORT),
      branches,
      expectedRecoveryAt: f.expectedRecoveryAt,
      startsAt,
      endsAt: f.endsAt,
    };
  }
}

function summary(n: OutageNoticeInput): Record<string, unknown> {
  return {
    branches: n.branches,
    startsAt: n.startsAt.toISOString(),
    endsAt: n.endsAt?.toISOString() ?? null,
    expectedRecoveryAt: n.expectedRecoveryAt?.toISOString() ?? null,
    shortEn: n.shortEn,
  };
}
