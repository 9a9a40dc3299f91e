import { randomInt } from 'node:crypto';
import { QUEUE_PRIORITY, type AgentQueue } from '../../../flows/agent-flow.types';
import { LANGUAGES, type Language } from '../../../flows/call-flow.types';
import type { AgentDirectory } from '../../agents/agent-directory.port';
import { hashPin } from '../../agents/pin-hash';
import type { AuditTrail } from '../audit/audit-trail.port';
import { ConsoleInputError, ConsoleNotFoundError } from '../console-errors';

/** A random 6-digit PIN, shown once to whoever set it. */
const newPin = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** Adding agents, switching them on and off, and resetting PINs; audited, never recording a PIN. */
export class AgentAdmin {
  constructor(private readonly deps: { directory: AgentDirectory; audit: AuditTrail }) {}

  /** Adds an agent and returns their first PIN. */
  async add(actor: string, input: { agentId: string; name: string; language: string; queues: string[]; supervisor: boolean }): Promise<string> {
    const agentId = input.agentId.trim();
    if (!/^\d{3,10}$/.test(agentId)) throw new ConsoleInputError('the agent ID must be 3 to 10 digits');
    const name = input.name.trim();
    if (!name || name.length > 60) throw new ConsoleInputError('give the agent a name (at most 60 characters)');
    if (!LANGUAGES.includes(input.language as Language)) throw new ConsoleInputError('the language must be zh-CN or en-US');
    const queues = QUEUE_PRIORITY.filter((q) => input.queues.includes(q) && (q !== 'transfers' || input.supervisor));
    if (queues.length === 0) throw new ConsoleInputError('choose at least one queue');
    if (await this.deps.directory.find(agentId)) throw new ConsoleInputError(`agent ${agentId} already exists`);
    const pin = newPin();
    await this.deps.directory.add({
      agentId,
      name,
      language: input.language as Language,
      queues: queues as AgentQueue[],
      supervisor: input.supervisor,
      active: true,
      pinHash: await hashPin(pin),
    });
    await this.deps.audit.record({
      actor,
      action: 'agent.add',
      target: `agent:${agentId}`,
      detail: { name, language: input.language, queues, supervisor: input.supervisor },
    });
    return pin;
  }

  async setActive(actor: string, agentId: string, active: boolean): Promise<void> {
    if (!(await this.deps.directory.setActive(agentId, active))) throw new ConsoleNotFoundError(`no agent ${agentId}`);
    await this.deps.audit.record({ actor, action: active ? 'agent.activate' : 'agent.deactivate', target: `agent:${agentId}` });
  }

  /** A new random PIN for the agent, returned once. */
  async resetPin(actor: string, agentId: string): Promise<string> {
    const pin = newPin();
    if (!(await this.deps.directory.setPinHash(agentId, await hashPin(pin)))) throw new ConsoleNotFoundError(`no agent ${agentId}`);
    await this.deps.audit.record({ actor, action: 'agent.resetPin', target: `agent:${agentId}` });
    return pin;
  }
}
