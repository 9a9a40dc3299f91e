import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEMO_AGENTS, seedDemoAgents } from '../agents/demo-agents';
import { hashPin } from '../agents/pin-hash';
import { LANGUAGES, type Language } from '../../flows/call-flow.types';
import { parseQueues, PrismaAgentDirectory } from '../persistence/prisma-agent-directory';
import { runCli, UsageError, withDatabase } from './cli-command';

const USAGE = `npm run agents -- <command>

  add <id> <name> --queues freeze,general [--supervisor] [--language zh-CN|en-US] [--pin 1234]
                      a new agent (a random 6-digit PIN is printed when --pin is not given)
  list                every agent: ID, name, language, queues, supervisor, active
  deactivate <id>     the agent can no longer log in
  activate <id>       undo deactivate
  reset-pin <id> [--pin 1234]
                      a new PIN (random and printed when --pin is not given)
  seed-demo           the demo agents (${DEMO_AGENTS.map((a) => `${a.agentId} PIN ${a.pin}`).join(', ')})

Queues: transfers (supervisors), freeze, escalation, complaints, recharge, general.`;

function pinFrom(value: string | undefined): { pin: string; generated: boolean } {
  if (value === undefined) return { pin: String(randomInt(0, 1_000_000)).padStart(6, '0'), generated: true };
  if (!/^\d{4,8}$/.test(value)) throw new UsageError('--pin must be 4 to 8 digits');
  return { pin: value, generated: false };
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      queues: { type: 'string' },
      supervisor: { type: 'boolean', default: false },
      language: { type: 'string', default: 'zh-CN' },
      pin: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  await withDatabase(async (prisma) => {
    const directory = new PrismaAgentDirectory(prisma);
    switch (command) {
      case 'add': {
        const [agentId, name] = args;
        if (!agentId || !/^\d{3,10}$/.test(agentId)) throw new UsageError('the agent ID must be 3 to 10 digits');
        if (!name) throw new UsageError('give the agent a name');
        const queues = parseQueues(values.queues ?? '');
        if (queues.length === 0) throw new UsageError('--queues must name at least one queue');
        if (!LANGUAGES.includes(values.language as Language)) throw new UsageError('--language must be zh-CN or en-US');
        if (await directory.find(agentId)) throw new UsageError(`agent ${agentId} already exists`);
        const { pin, generated } = pinFrom(values.pin);
        await directory.add({
          agentId,
          name,
          language: values.language as Language,
          queues,
          supervisor: values.supervisor,
          active: true,
          pinHash: await hashPin(pin),
        });
        console.log(`added agent ${agentId} ${name} (${queues.join(', ')}${values.supervisor ? ', supervisor' : ''})`);
        if (generated) console.log(`PIN: ${pin}  (shown once; give it to the agent)`);
        break;
      }
      case 'list': {
        const agents = await directory.list();
        if (agents.length === 0) console.log('no agents yet: npm run agents -- add 1001 "张三" --queues freeze,general');
        for (const a of agents) {
          console.log(
            [
              a.agentId.padEnd(6),
              a.name.padEnd(10),
              a.language,
              a.queues.join(',').padEnd(40),
              a.supervisor ? 'supervisor' : '          ',
              a.active ? 'active' : 'inactive',
            ].join('  '),
          );
        }
        break;
      }
      case 'deactivate':
      case 'activate': {
        const [agentId] = args;
        if (!agentId || !(await directory.setActive(agentId, command === 'activate'))) throw new UsageError(`no agent ${agentId ?? ''}`);
        console.log(`agent ${agentId} ${command}d`);
        break;
      }
      case 'reset-pin': {
        const [agentId] = args;
        const { pin, generated } = pinFrom(values.pin);
        if (!agentId || !(await directory.setPinHash(agentId, await hashPin(pin)))) throw new UsageError(`no agent ${agentId ?? ''}`);
        console.log(`agent ${agentId}: PIN reset`);
        if (generated) console.log(`PIN: ${pin}  (shown once; give it to the agent)`);
        break;
      }
      case 'seed-demo': {
        const added = await seedDemoAgents(directory);
        console.log(added.length ? `added demo agents ${added.join(', ')}` : 'the demo agents already exist');
        break;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  });
}

runCli(() => main(process.argv.slice(2)), USAGE);
