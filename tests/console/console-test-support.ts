import { opsSessionsFor } from '../../src/console/ops-console';
import type { OpsRole } from '../../src/console/auth/ops-accounts.port';
import type { DatabaseKind } from '../support/test-database';
import { startTestHotline, type TestHotline, type TestHotlineOptions } from '../support/test-hotline';

export const TEST_PASSWORD = 'correct horse battery staple';
export const USERS: Record<OpsRole, string> = { admin: 'ada', supervisor: 'sam', viewer: 'vera' };

/** The real app on a fresh database (SQLite unless asked), with one console user per role (password TEST_PASSWORD). */
export async function startConsoleHotline(options: TestHotlineOptions = {}, kind: DatabaseKind = 'sqlite'): Promise<TestHotline> {
  const t = await startTestHotline(kind, options);
  const sessions = opsSessionsFor(t.hotline.prisma, { idleMs: 60_000, absoluteMs: 3_600_000 }, () => new Date());
  for (const [role, username] of Object.entries(USERS) as Array<[OpsRole, string]>) {
    await sessions.createUser({ username, displayName: `${username} (${role})`, role, password: TEST_PASSWORD });
  }
  return t;
}

export interface ConsoleResponse {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
  setCookies: string[];
}

/** A browser-less console client: keeps its cookies, follows nothing, reads the form token from pages. */
export class ConsoleHttp {
  readonly cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private remember(res: Response): string[] {
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = decodeURIComponent(pair!.slice(eq + 1).trim());
      if (attrs.some((a) => /^\s*max-age=0$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return setCookies;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  async request(
    method: 'GET' | 'POST',
    path: string,
    form?: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<ConsoleResponse> {
    let body: string | undefined;
    if (form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      body = params.toString();
    }
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body } : {}),
    });
    const setCookies = this.remember(res);
    return { status: res.status, headers: res.headers, body: await res.text(), location: res.headers.get('location'), setCookies };
  }

  get(path: string, headers?: Record<string, string>): Promise<ConsoleResponse> {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, form: Record<string, string | string[]>, headers?: Record<string, string>): Promise<ConsoleResponse> {
    return this.request('POST', path, form, headers);
  }

  /** Opens the sign-in form and submits it; returns the POST's answer. */
  async signIn(username: string, password = TEST_PASSWORD): Promise<ConsoleResponse> {
    const form = await this.get('/console/sign-in');
    return this.post('/console/sign-in', { _csrf: csrfFrom(form.body), username, password });
  }

  /** The form token of a signed-in page. */
  async csrf(path = '/console/dashboard'): Promise<string> {
    return csrfFrom((await this.get(path)).body);
  }
}

/** The `_csrf` hidden field of a page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no form token in the page:\n${html.slice(0, 500)}`);
  return m[1]!;
}
