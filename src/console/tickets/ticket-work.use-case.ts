import type { AgentDirectory } from '../../agents/agent-directory.port';
import { ConsoleInputError, ConsoleNotFoundError } from '../console-errors';
import type { TicketDesk, WorkableStatus } from './ticket-desk.port';
import { TICKET_STATUSES } from '../../../flows/call-flow.types';

const STATUSES: readonly WorkableStatus[] = TICKET_STATUSES;
const MAX_NOTE = 2000;

/**
 * Working callback tickets from the console. The caller's ticket-status menu reads the ticket row on every
 * lookup, so a change here is what the next caller hears.
 */
export class TicketWork {
  constructor(private readonly deps: { desk: TicketDesk; agents: AgentDirectory; clock: () => Date }) {}

  notesOf(reference: string) {
    return this.deps.desk.notes(reference);
  }

  /** Assigns the ticket to an agent (empty: nobody). */
  async assign(actor: string, reference: string, agentId: string): Promise<void> {
    const id = agentId.trim();
    if (id && !(await this.deps.agents.find(id))) throw new ConsoleInputError(`no agent ${id}`);
    const done = await this.deps.desk.assign(reference, id || null, {
      actor,
      action: 'ticket.assign',
      target: `ticket:${reference}`,
      detail: { agentId: id || null },
    });
    if (!done) throw new ConsoleNotFoundError(`no ticket ${reference}`);
  }

  async addNote(actor: string, reference: string, text: string): Promise<void> {
    const note = text.trim();
    if (!note) throw new ConsoleInputError('the note is empty');
    if (note.length > MAX_NOTE) throw new ConsoleInputError(`a note has at most ${MAX_NOTE} characters`);
    if (!(await this.deps.desk.exists(reference))) throw new ConsoleNotFoundError(`no ticket ${reference}`);
    // The note's text stays on the ticket; the audit log records that one was written, not what it says.
    await this.deps.desk.addNote(
      reference,
      { author: actor, text: note, at: this.deps.clock() },
      {
        actor,
        action: 'ticket.note',
        target: `ticket:${reference}`,
        detail: { length: note.length },
      },
    );
  }

  async setStatus(actor: string, reference: string, status: string): Promise<void> {
    if (!STATUSES.includes(status as WorkableStatus)) throw new ConsoleInputError(`unknown status ${status}`);
    const done = await this.deps.desk.setStatus(reference, status as WorkableStatus, this.deps.clock(), {
      actor,
      action: 'ticket.status',
      target: `ticket:${reference}`,
      detail: { status },
    });
    if (!done) throw new ConsoleNotFoundError(`no ticket ${reference}`);
  }

  /** The full callback number; who asked is in the audit log before the number leaves the database. */
  async revealCallbackNumber(actor: string, reference: string): Promise<string | null> {
    if (!(await this.deps.desk.exists(reference))) throw new ConsoleNotFoundError(`no ticket ${reference}`);
    return this.deps.desk.revealCallbackNumber(reference, { actor, action: 'ticket.revealCallbackNumber', target: `ticket:${reference}` });
  }
}
