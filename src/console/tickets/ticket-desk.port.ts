import type { AuditRecord } from '../audit/audit-trail.port';
import type { TicketStatus } from '../../../flows/call-flow.types';

export interface TicketNoteView {
  id: number;
  author: string;
  text: string;
  at: string;
}

/** Every ticket status can be set from the console. */
export type WorkableStatus = TicketStatus;

/** Ops' changes to tickets; each write and its audit entry land together or not at all. */
export interface TicketDesk {
  exists(reference: string): Promise<boolean>;
  assign(reference: string, agentId: string | null, audit: AuditRecord): Promise<boolean>;
  addNote(reference: string, note: { author: string; text: string; at: Date }, audit: AuditRecord): Promise<void>;
  notes(reference: string): Promise<TicketNoteView[]>;
  /** Sets the status and stamps `calledBackAt` / `resolvedAt` when it reaches them (reopening clears `resolvedAt`). */
  setStatus(reference: string, status: WorkableStatus, at: Date, audit: AuditRecord): Promise<boolean>;
  /** The full callback number, read in the same transaction that records who asked for it. */
  revealCallbackNumber(reference: string, audit: AuditRecord): Promise<string | null>;
}
