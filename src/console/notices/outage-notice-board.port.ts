import type { AuditRecord } from '../audit/audit-trail.port';
import { BRANCHES, type Branch } from '../../../flows/call-flow.types';

/** Branches a notice can concern (`all` plays it right after the greeting to every caller). */
/** The branches a notice can be scoped to (every branch but the human one, today). */
export const NOTICE_BRANCHES = BRANCHES.filter((b): b is Exclude<Branch, 'human'> => b !== 'human');
export type NoticeBranch = (typeof NOTICE_BRANCHES)[number];

export interface OutageNoticeInput {
  messageZh: string;
  messageEn: string;
  shortZh: string;
  shortEn: string;
  branches: 'all' | NoticeBranch[];
  expectedRecoveryAt: Date | null;
  startsAt: Date;
  endsAt: Date | null;
}

export interface OutageNoticeRecord extends OutageNoticeInput {
  id: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Outage notices as ops manage them; each write lands with its audit entry. */
export interface OutageNoticeBoard {
  list(): Promise<OutageNoticeRecord[]>;
  find(id: number): Promise<OutageNoticeRecord | null>;
  create(notice: OutageNoticeInput, audit: (id: number) => AuditRecord): Promise<number>;
  update(id: number, notice: OutageNoticeInput, audit: AuditRecord): Promise<boolean>;
  end(id: number, at: Date, audit: AuditRecord): Promise<boolean>;
}
