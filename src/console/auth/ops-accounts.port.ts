/** What a console user may do: read (viewer), work tickets and change what callers hear (supervisor), everything (admin). */
export type OpsRole = 'viewer' | 'supervisor' | 'admin';
export const OPS_ROLES: readonly OpsRole[] = ['viewer', 'supervisor', 'admin'];

export interface OpsUser {
  id: number;
  username: string;
  displayName: string;
  role: OpsRole;
  active: boolean;
}

export interface OpsUserWithHash extends OpsUser {
  passwordHash: string;
}

export interface StoredSession {
  tokenHash: string;
  userId: number;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Console accounts, their sessions and their sign-in attempts. */
export interface OpsAccounts {
  findUserByUsername(username: string): Promise<OpsUserWithHash | null>;
  findUser(id: number): Promise<OpsUser | null>;
  listUsers(): Promise<OpsUser[]>;
  createUser(user: { username: string; displayName: string; role: OpsRole; passwordHash: string }): Promise<OpsUser>;
  setPasswordHash(username: string, passwordHash: string): Promise<boolean>;
  setActive(username: string, active: boolean): Promise<boolean>;
  failedSignInsSince(by: { username: string } | { address: string }, since: Date): Promise<number>;
  recordSignIn(attempt: { username: string; address: string; succeeded: boolean; at: Date }): Promise<void>;
  createSession(session: Omit<StoredSession, 'revokedAt'>): Promise<void>;
  findSession(tokenHash: string): Promise<StoredSession | null>;
  touchSession(tokenHash: string, at: Date): Promise<void>;
  revokeSession(tokenHash: string, at: Date): Promise<void>;
  /** Every live session of a user (after a password change or deactivation). */
  revokeUserSessions(userId: number, at: Date): Promise<number>;
}
