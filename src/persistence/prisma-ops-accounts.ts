import type { HotlinePrisma } from './prisma-client';
import { OPS_ROLES, type OpsAccounts, type OpsRole, type OpsUser, type OpsUserWithHash, type StoredSession } from '../console/auth/ops-accounts.port';

type UserRow = Awaited<ReturnType<HotlinePrisma['opsUser']['findFirstOrThrow']>>;

function toUser(row: UserRow): OpsUser {
  // An unknown role in the table reads as the least privileged one.
  const role = (OPS_ROLES as readonly string[]).includes(row.role) ? (row.role as OpsRole) : 'viewer';
  return { id: row.id, username: row.username, displayName: row.displayName, role, active: row.active };
}

/** Console accounts on Prisma. */
export class PrismaOpsAccounts implements OpsAccounts {
  constructor(private readonly prisma: HotlinePrisma) {}

  async findUserByUsername(username: string): Promise<OpsUserWithHash | null> {
    const row = await this.prisma.opsUser.findUnique({ where: { username } });
    return row ? { ...toUser(row), passwordHash: row.passwordHash } : null;
  }

  async findUser(id: number): Promise<OpsUser | null> {
    const row = await this.prisma.opsUser.findUnique({ where: { id } });
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<OpsUser[]> {
    return (await this.prisma.opsUser.findMany({ orderBy: { username: 'asc' } })).map(toUser);
  }

  async createUser(user: { username: string; displayName: string; role: OpsRole; passwordHash: string }): Promise<OpsUser> {
    return toUser(await this.prisma.opsUser.create({ data: user }));
  }

  async setPasswordHash(username: string, passwordHash: string): Promise<boolean> {
    return (await this.prisma.opsUser.updateMany({ where: { username }, data: { passwordHash } })).count === 1;
  }

  async setActive(username: string, active: boolean): Promise<boolean> {
    return (await this.prisma.opsUser.updateMany({ where: { username }, data: { active } })).count === 1;
  }

  failedSignInsSince(by: { username: string } | { address: string }, since: Date): Promise<number> {
    return this.prisma.signInAttempt.count({ where: { ...by, succeeded: false, at: { gte: since } } });
  }

  async recordSignIn(attempt: { username: string; address: string; succeeded: boolean; at: Date }): Promise<void> {
    await this.prisma.signInAttempt.create({ data: attempt });
  }

  async createSession(session: Omit<StoredSession, 'revokedAt'>): Promise<void> {
    await this.prisma.opsSession.create({ data: session });
  }

  findSession(tokenHash: string): Promise<StoredSession | null> {
    return this.prisma.opsSession.findUnique({ where: { tokenHash } });
  }

  async touchSession(tokenHash: string, at: Date): Promise<void> {
    await this.prisma.opsSession.updateMany({ where: { tokenHash, revokedAt: null }, data: { lastSeenAt: at } });
  }

  async revokeSession(tokenHash: string, at: Date): Promise<void> {
    await this.prisma.opsSession.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: at } });
  }

  async revokeUserSessions(userId: number, at: Date): Promise<number> {
    return (await this.prisma.opsSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at } })).count;
  }
}
