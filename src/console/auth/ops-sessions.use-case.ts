import { createHash, randomBytes } from 'node:crypto';
import { DECOY_PIN_HASH, hashPin, verifyPin } from '../../agents/pin-hash';
import type { OpsAccounts, OpsRole, OpsUser } from './ops-accounts.port';

/** How long sessions live and how hard sign-in is throttled. */
export interface SessionPolicy {
  /** A session unused this long is over (the dashboard's own refresh counts as use). */
  idleMs: number;
  /** A session is over this long after sign-in, used or not. */
  absoluteMs: number;
}

const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Failures per username within the window before sign-in is refused for it. */
const MAX_FAILURES_PER_USER = 5;
/**
 * Failures per client address within the window. Higher than per user: a whole contact centre may sign in
 * from one address, and one person's typos must not lock out the floor.
 */
const MAX_FAILURES_PER_ADDRESS = 20;
/** lastSeenAt is written at most this often, so browsing is not one database write per click. */
const TOUCH_EVERY_MS = 30_000;

export const MIN_PASSWORD_LENGTH = 10;

/** What the cookie holds is a random token; the database only ever sees its SHA-256. */
const hashSessionToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export type SignInResult = { kind: 'signedIn'; token: string; user: OpsUser } | { kind: 'failed' } | { kind: 'throttled' };

export interface ActiveSession {
  user: OpsUser;
  tokenHash: string;
  csrfToken: string;
}

/** Accounts, passwords and sessions of the ops console. */
export class OpsSessions {
  constructor(
    private readonly accounts: OpsAccounts,
    private readonly policy: SessionPolicy,
    private readonly clock: () => Date,
  ) {}

  /**
   * Checks a username and password, throttled per username and per address. Success always starts a new
   * session and revokes the one the browser presented (so a planted cookie can never become signed in).
   */
  async signIn(input: { username: string; password: string; address: string; presentedToken: string | null }): Promise<SignInResult> {
    const now = this.clock();
    const username = normaliseUsername(input.username);
    const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
    const [byUser, byAddress] = await Promise.all([
      this.accounts.failedSignInsSince({ username }, since),
      this.accounts.failedSignInsSince({ address: input.address }, since),
    ]);
    if (byUser >= MAX_FAILURES_PER_USER || byAddress >= MAX_FAILURES_PER_ADDRESS) {
      await this.accounts.recordSignIn({ username, address: input.address, succeeded: false, at: now });
      return { kind: 'throttled' };
    }
    const user = username ? await this.accounts.findUserByUsername(username) : null;
    // An unknown user costs the same scrypt as a known one, so timing does not tell which usernames exist.
    const matches = await verifyPin(input.password, user?.passwordHash ?? (await DECOY_PIN_HASH));
    const ok = Boolean(user && user.active && matches);
    await this.accounts.recordSignIn({ username, address: input.address, succeeded: ok, at: now });
    if (input.presentedToken) await this.accounts.revokeSession(hashSessionToken(input.presentedToken), now);
    if (!ok || !user) return { kind: 'failed' };
    const token = randomBytes(32).toString('base64url');
    await this.accounts.createSession({
      tokenHash: hashSessionToken(token),
      userId: user.id,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.policy.absoluteMs),
    });
    const { passwordHash: _secret, ...safe } = user;
    return { kind: 'signedIn', token, user: safe };
  }

  /** The live session behind a cookie's token, or null when unknown, revoked, idle too long, expired or the user is inactive. */
  async resume(token: string): Promise<ActiveSession | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const now = this.clock();
    const tokenHash = hashSessionToken(token);
    const session = await this.accounts.findSession(tokenHash);
    if (!session || session.revokedAt) return null;
    if (now >= session.expiresAt || now.getTime() - session.lastSeenAt.getTime() >= this.policy.idleMs) {
      await this.accounts.revokeSession(tokenHash, now);
      return null;
    }
    const user = await this.accounts.findUser(session.userId);
    if (!user || !user.active) return null;
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await this.accounts.touchSession(tokenHash, now);
    return { user, tokenHash, csrfToken: session.csrfToken };
  }

  /** Sign-out: the session can never be used again. */
  async signOut(tokenHash: string): Promise<void> {
    await this.accounts.revokeSession(tokenHash, this.clock());
  }

  /** A new console account (the CLI's `create-user`). */
  async createUser(input: { username: string; displayName: string; role: OpsRole; password: string }): Promise<OpsUser> {
    const username = normaliseUsername(input.username);
    if (!/^[a-z0-9._-]{2,64}$/.test(username)) throw new AccountError('the username must be 2–64 letters, digits, dots, dashes or underscores');
    checkPassword(input.password);
    if (await this.accounts.findUserByUsername(username)) throw new AccountError(`user ${username} already exists`);
    return this.accounts.createUser({
      username,
      displayName: input.displayName.trim() || username,
      role: input.role,
      passwordHash: await hashPin(input.password),
    });
  }

  /** A new password; every session of that user ends. */
  async setPassword(usernameInput: string, password: string): Promise<void> {
    const username = normaliseUsername(usernameInput);
    checkPassword(password);
    const user = await this.accounts.findUserByUsername(username);
    if (!user || !(await this.accounts.setPasswordHash(username, await hashPin(password)))) throw new AccountError(`no user ${username}`);
    await this.accounts.revokeUserSessions(user.id, this.clock());
  }

  /** The user can no longer sign in; their sessions end now. */
  async deactivate(usernameInput: string): Promise<void> {
    const username = normaliseUsername(usernameInput);
    const user = await this.accounts.findUserByUsername(username);
    if (!user || !(await this.accounts.setActive(username, false))) throw new AccountError(`no user ${username}`);
    await this.accounts.revokeUserSessions(user.id, this.clock());
  }

  listUsers(): Promise<OpsUser[]> {
    return this.accounts.listUsers();
  }
}

/** A refused account change, with a message fit for the person who asked. */
export class AccountError extends Error {}

function normaliseUsername(username: string): string {
  return username.trim().toLowerCase().slice(0, 64);
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AccountError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > 200) throw new AccountError('the password must be at most 200 characters');
}
