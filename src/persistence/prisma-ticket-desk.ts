import type { HotlinePrisma } from './prisma-client';
import type { AuditRecord } from '../console/audit/audit-trail.port';
import { auditEntryWrite } from './prisma-audit-trail';
import type { TicketDesk, TicketNoteView, WorkableStatus } from '../console/tickets/ticket-desk.port';

/** Ticket work on Prisma. */
export class PrismaTicketDesk implements TicketDesk {
  constructor(private readonly prisma: HotlinePrisma) {}

  async exists(reference: string): Promise<boolean> {
    return (await this.prisma.ticket.count({ where: { reference } })) === 1;
  }

  async assign(reference: string, agentId: string | null, audit: AuditRecord): Promise<boolean> {
    const [updated] = await this.prisma.$transaction([
      this.prisma.ticket.updateMany({ where: { reference }, data: { assignedAgentId: agentId } }),
      auditEntryWrite(this.prisma, audit),
    ]);
    return updated.count === 1;
  }

  async addNote(reference: string, note: { author: string; text: string; at: Date }, audit: AuditRecord): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.ticketNote.create({ data: { reference, author: note.author, text: note.text, createdAt: note.at } }),
      auditEntryWrite(this.prisma, audit),
    ]);
  }

  async notes(reference: string): Promise<TicketNoteView[]> {
    const rows = await this.prisma.ticketNote.findMany({ where: { reference }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map((r) => ({ id: r.id, author: r.author, text: r.text, at: r.createdAt.toISOString() }));
  }

  async setStatus(reference: string, status: WorkableStatus, at: Date, audit: AuditRecord): Promise<boolean> {
    const stamps = status === 'calledBack' ? { calledBackAt: at } : status === 'resolved' ? { resolvedAt: at } : { resolvedAt: null };
    const [updated] = await this.prisma.$transaction([
      this.prisma.ticket.updateMany({ where: { reference }, data: { status, ...stamps } }),
      auditEntryWrite(this.prisma, audit),
    ]);
    return updated.count === 1;
  }

  async revealCallbackNumber(reference: string, audit: AuditRecord): Promise<string | null> {
    const [ticket] = await this.prisma.$transaction([
      this.prisma.ticket.findUnique({ where: { reference }, select: { callbackNumber: true } }),
      auditEntryWrite(this.prisma, audit),
    ]);
    return ticket?.callbackNumber ?? null;
  }
}
