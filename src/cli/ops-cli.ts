import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { OPS_ROLES, type OpsRole } from '../console/auth/ops-accounts.port';
import { AccountError, MIN_PASSWORD_LENGTH } from '../console/auth/ops-sessions.use-case';
import { opsSessionsFor } from '../console/ops-console';
import { runCli, UsageError, withDatabase } from './cli-command';

const USAGE = `npm run ops -- <command>

  create-user <username> --role viewer|supervisor|admin [--name "Display Name"] [--password ...]
                      a console account (the password is asked for unless --password is given)
  list                every console account: username, name, role, active
  set-password <username> [--password ...]
                      a new password; the user's sessions end
  deactivate <username>
                      the user can no longer sign in; their sessions end

Passwords have at least ${MIN_PASSWORD_LENGTH} characters. The console is at $PUBLIC_BASE_URL/console.`;

/** Asks for a password on the terminal without echoing it (or reads one line from a pipe). */
async function askPassword(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY === true });
  try {
    const ask = (text: string) =>
      new Promise<string>((resolve) => {
        process.stdout.write(text);
        muted = true;
        rl.question('', (answer) => {
          muted = false;
          process.stdout.write('\n');
          resolve(answer);
        });
      });
    const first = await ask(prompt);
    if (!process.stdin.isTTY) return first;
    const again = await ask('Again: ');
    if (first !== again) throw new UsageError('the passwords differ');
    return first;
  } finally {
    rl.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  await withDatabase(async (prisma) => {
    // Only the session lengths matter here; a half-configured environment still lets an admin manage accounts.
    let policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
    try {
      const c = loadConfig().consoleSession;
      policy = { idleMs: c.idleMinutes * 60_000, absoluteMs: c.maxHours * 3_600_000 };
    } catch {
      // defaults
    }
    const sessions = opsSessionsFor(prisma, policy, () => new Date());
    switch (command) {
      case 'create-user': {
        const [username] = args;
        if (!username) throw new UsageError('give a username');
        const role = values.role as OpsRole;
        if (!OPS_ROLES.includes(role)) throw new UsageError('--role must be viewer, supervisor or admin');
        const password = values.password ?? (await askPassword(`Password for ${username}: `));
        const user = await sessions.createUser({ username, displayName: values.name ?? username, role, password });
        console.log(`created ${user.role} ${user.username} (${user.displayName})`);
        break;
      }
      case 'list': {
        const users = await sessions.listUsers();
        if (users.length === 0) console.log('no console users yet: npm run ops -- create-user admin --role admin');
        for (const u of users) console.log([u.username.padEnd(20), u.displayName.padEnd(20), u.role.padEnd(10), u.active ? 'active' : 'inactive'].join('  '));
        break;
      }
      case 'set-password': {
        const [username] = args;
        if (!username) throw new UsageError('give a username');
        const password = values.password ?? (await askPassword(`New password for ${username}: `));
        await sessions.setPassword(username, password);
        console.log(`${username}: password changed; their sessions have ended`);
        break;
      }
      case 'deactivate': {
        const [username] = args;
        if (!username) throw new UsageError('give a username');
        await sessions.deactivate(username);
        console.log(`${username} deactivated; their sessions have ended`);
        break;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  });
}

runCli(() => main(process.argv.slice(2)), USAGE, [AccountError]);
