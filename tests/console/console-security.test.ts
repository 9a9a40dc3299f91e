import { createHash } from 'node:crypto';
import { CONSOLE_CSP } from '../../src/console/security/security-headers.middleware';
import { EMERGENCY_CLOSURE_KEY } from '../../src/persistence/prisma-call-store';
import { callParams, newCallSid } from '../support/twilio-test-client';
import { TestCall } from '../support/test-call';
import type { TestHotline } from '../support/test-hotline';
import { ConsoleHttp, csrfFrom, startConsoleHotline, TEST_PASSWORD, USERS } from './console-test-support';

/** HTTP-level security of the ops console, through the real app on a real (SQLite) database. */
describe('ops console security', () => {
  let t: TestHotline;
  let now = new Date();
  beforeAll(async () => {
    t = await startConsoleHotline({ clock: () => now });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    now = new Date();
    // Each test starts with no failed sign-ins on record, so throttling in one cannot leak into another.
    await t.hotline.prisma.signInAttempt.deleteMany();
  });

  const closure = async () => t.hotline.prisma.hotlineSetting.findUnique({ where: { key: EMERGENCY_CLOSURE_KEY } });

  async function signedIn(role: keyof typeof USERS = 'supervisor'): Promise<ConsoleHttp> {
    const c = new ConsoleHttp(t.url);
    const res = await c.signIn(USERS[role]);
    expect(res.status).toBe(303);
    return c;
  }

  describe('headers', () => {
    test('when a page with call data is served, then it carries a strict CSP, nosniff, same-origin referrers and no-store', async () => {
      const c = await signedIn();
      for (const path of ['/console/calls', '/console/dashboard', '/console/sign-in', '/console/dashboard/figures.json', '/console/calls.csv']) {
        const res = await c.get(path);
        expect(res.status).toBe(200);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toBe(CONSOLE_CSP);
        for (const directive of [
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "frame-ancestors 'none'",
          "form-action 'self'",
          "base-uri 'none'",
        ]) {
          expect(csp).toContain(directive);
        }
        expect(csp).not.toContain('unsafe-inline');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('same-origin');
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
      }
    });

    test('when a console page is rendered, then it has no inline script, style or event handler for the CSP to block', async () => {
      const c = await signedIn('admin');
      for (const path of [
        '/console/dashboard',
        '/console/calls',
        '/console/tickets',
        '/console/notices/new',
        '/console/agents',
        '/console/hours',
        '/console/flow',
        '/console/audit',
      ]) {
        const body = (await c.get(path)).body;
        expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
        expect(body).not.toMatch(/\son[a-z]+\s*=/i);
        expect(body).not.toMatch(/\sstyle\s*=/i);
        expect(body).not.toMatch(/<style/i);
        expect(body).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
      }
    });
  });

  describe('sessions', () => {
    test('when a user signs in, then the session cookie is HttpOnly, Secure, SameSite=Strict, scoped to /console, and only its hash is stored', async () => {
      const c = new ConsoleHttp(t.url);
      const res = await c.signIn(USERS.viewer);
      expect(res.status).toBe(303);
      const cookie = res.setCookies.find((s) => s.startsWith('ops_session='))!;
      expect(cookie).toBeDefined();
      const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
      expect(attrs).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/console']));
      const token = c.cookies.get('ops_session')!;
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      const hash = createHash('sha256').update(token).digest('hex');
      expect(await t.hotline.prisma.opsSession.findUnique({ where: { tokenHash: hash } })).not.toBeNull();
      expect(await t.hotline.prisma.opsSession.count({ where: { tokenHash: token } })).toBe(0);
    });

    test('when a page is opened without a session, then the browser is sent to sign-in and brought back afterwards', async () => {
      const c = new ConsoleHttp(t.url);
      const res = await c.get('/console/calls?branch=freeze');
      expect(res.status).toBe(303);
      expect(res.location).toBe('/console/sign-in?next=%2Fconsole%2Fcalls%3Fbranch%3Dfreeze');
      const form = await c.get(res.location!);
      const signIn = await c.post('/console/sign-in', {
        _csrf: csrfFrom(form.body),
        username: USERS.viewer,
        password: TEST_PASSWORD,
        next: '/console/calls?branch=freeze',
      });
      expect(signIn.location).toBe('/console/calls?branch=freeze');
      expect((await c.get('/console/dashboard/figures.json')).status).toBe(200);
      expect((await new ConsoleHttp(t.url).get('/console/dashboard/figures.json')).status).toBe(401);
    });

    test('when sign-in is asked to go back to another site, then it goes to the dashboard instead', async () => {
      const c = new ConsoleHttp(t.url);
      const form = await c.get('/console/sign-in');
      for (const next of ['//evil.example/console', 'https://evil.example/', '/console//evil.example', '/api/calls']) {
        const f = await c.get('/console/sign-in');
        const res = await c.post('/console/sign-in', { _csrf: csrfFrom(f.body), username: USERS.viewer, password: TEST_PASSWORD, next });
        expect(res.location).toBe('/console/dashboard');
      }
      expect(form.status).toBe(200);
    });

    test('when a browser arrives with a session cookie planted before sign-in, then sign-in issues a new one and the planted one never works', async () => {
      const victim = await signedIn('viewer');
      const planted = victim.cookies.get('ops_session')!;
      // The attacker's browser holds the same cookie; the victim signs in again (as another user) with it.
      const again = await victim.signIn(USERS.supervisor);
      expect(again.status).toBe(303);
      const fresh = victim.cookies.get('ops_session')!;
      expect(fresh).not.toBe(planted);
      const attacker = new ConsoleHttp(t.url);
      attacker.cookies.set('ops_session', planted);
      const res = await attacker.get('/console/calls');
      expect(res.status).toBe(303);
      expect(res.location).toMatch(/^\/console\/sign-in\?expired=1/);
      expect((await victim.get('/console/calls')).status).toBe(200);

      // A made-up cookie value is never adopted either.
      const made = new ConsoleHttp(t.url);
      made.cookies.set('ops_session', 'A'.repeat(43));
      await made.signIn(USERS.viewer);
      expect(made.cookies.get('ops_session')).not.toBe('A'.repeat(43));
    });

    test('when a user signs out, then the session is revoked on the server, not only forgotten by the browser', async () => {
      const c = await signedIn('viewer');
      const token = c.cookies.get('ops_session')!;
      const out = await c.post('/console/sign-out', { _csrf: await c.csrf() });
      expect(out.status).toBe(303);
      expect(out.location).toBe('/console/sign-in?signedOut=1');
      const replay = new ConsoleHttp(t.url);
      replay.cookies.set('ops_session', token);
      expect((await replay.get('/console/dashboard')).status).toBe(303);
      const row = await t.hotline.prisma.opsSession.findUniqueOrThrow({ where: { tokenHash: createHash('sha256').update(token).digest('hex') } });
      expect(row.revokedAt).not.toBeNull();
    });

    test('when a session sits unused for longer than the idle limit, then it ends', async () => {
      const c = await signedIn('viewer');
      now = new Date(now.getTime() + 20 * 60_000);
      expect((await c.get('/console/calls')).status).toBe(200);
      now = new Date(now.getTime() + 31 * 60_000);
      const res = await c.get('/console/calls');
      expect(res.status).toBe(303);
      expect(res.location).toMatch(/expired=1/);
    });

    test('when a session is used all day, then it still ends at its absolute expiry', async () => {
      const c = await signedIn('viewer');
      const start = now.getTime();
      for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
        now = new Date(start + minutes * 60_000);
        expect((await c.get('/console/dashboard/figures.json')).status).toBe(200);
      }
      now = new Date(start + 12 * 3_600_000 + 1000);
      expect((await c.get('/console/dashboard/figures.json')).status).toBe(401);
    });
  });

  describe('CSRF', () => {
    test('when a change is posted without the form token or with a wrong one, then it is refused with 403 and nothing changes', async () => {
      const c = await signedIn('supervisor');
      const token = await c.csrf();
      const missing = await c.post('/console/hours/closure', { active: 'true', reason: 'csrf test' });
      const wrong = await c.post('/console/hours/closure', { _csrf: `${token.slice(0, -2)}xx`, active: 'true', reason: 'csrf test' });
      const otherSession = await (await signedIn('admin')).csrf();
      const stolenFromAnother = await c.post('/console/hours/closure', { _csrf: otherSession, active: 'true', reason: 'csrf test' });
      for (const res of [missing, wrong, stolenFromAnother]) {
        expect(res.status).toBe(403);
        expect(res.body).toContain('data-error="csrf"');
      }
      expect(await closure()).toBeNull();
      expect(await t.hotline.prisma.auditEntry.count({ where: { action: 'closure.on' } })).toBe(0);
    });

    test('when a change comes from another origin, then it is refused even with the right token', async () => {
      const c = await signedIn('supervisor');
      const token = await c.csrf();
      const res = await c.post('/console/hours/closure', { _csrf: token, active: 'true', reason: 'cross-site' }, { origin: 'https://evil.example' });
      expect(res.status).toBe(403);
      const fetchSite = await c.post('/console/hours/closure', { _csrf: token, active: 'true', reason: 'cross-site' }, { 'sec-fetch-site': 'cross-site' });
      expect(fetchSite.status).toBe(403);
      expect(await closure()).toBeNull();
    });

    test('when a change carries the session token from this origin, then it is made, audited, and callers hear it at once', async () => {
      const c = await signedIn('supervisor');
      const res = await c.post('/console/hours/closure', { _csrf: await c.csrf(), active: 'true', reason: 'fire drill' }, { origin: t.url });
      expect(res.status).toBe(303);
      expect(JSON.parse((await closure())!.value)).toEqual({ active: true, reason: 'fire drill' });
      const audit = await t.hotline.prisma.auditEntry.findFirstOrThrow({ where: { action: 'closure.on' } });
      expect(audit).toMatchObject({ actor: USERS.supervisor, target: 'setting:emergencyClosure' });
      const caller = new TestCall(t);
      await caller.start();
      await caller.press('2');
      await caller.press('0');
      expect(caller.said()).toContain('not available right now');
      const off = await c.post('/console/hours/closure', { _csrf: await c.csrf('/console/hours'), active: 'false', reason: '' });
      expect(off.status).toBe(303);
      expect(JSON.parse((await closure())!.value).active).toBe(false);
    });

    test('when the sign-in form is posted without its own token, then sign-in is refused (no login CSRF)', async () => {
      const c = new ConsoleHttp(t.url);
      const res = await c.post('/console/sign-in', { username: USERS.admin, password: TEST_PASSWORD });
      expect(res.status).toBe(403);
      expect(c.cookies.has('ops_session')).toBe(false);
    });
  });

  describe('throttling', () => {
    test('when a username fails five times in 15 minutes, then even the right password is refused with a clear message, and every attempt is recorded', async () => {
      const c = new ConsoleHttp(t.url);
      for (let i = 0; i < 5; i++) expect((await c.signIn(USERS.admin, 'wrong password!')).status).toBe(401);
      const refused = await c.signIn(USERS.admin, TEST_PASSWORD);
      expect(refused.status).toBe(429);
      expect(refused.body).toContain('data-notice="throttled"');
      expect(c.cookies.has('ops_session')).toBe(false);
      expect(await t.hotline.prisma.signInAttempt.count({ where: { username: USERS.admin, succeeded: false } })).toBe(6);
      // Another person at the same address is not locked out by one colleague's typos.
      expect((await new ConsoleHttp(t.url).signIn(USERS.viewer)).status).toBe(303);
      now = new Date(now.getTime() + 16 * 60_000);
      expect((await new ConsoleHttp(t.url).signIn(USERS.admin)).status).toBe(303);
    });

    test('when one address keeps failing with many usernames, then that address is refused', async () => {
      const c = new ConsoleHttp(t.url);
      for (let i = 0; i < 20; i++) await c.signIn(`nobody${i}`, 'wrong password!');
      expect((await c.signIn(USERS.viewer)).status).toBe(429);
    });

    test('when the username does not exist, then the answer is the same as for a wrong password', async () => {
      const c = new ConsoleHttp(t.url);
      const unknown = await c.signIn('no-such-user', 'whatever password');
      const wrong = await c.signIn(USERS.viewer, 'whatever password');
      expect(unknown.status).toBe(wrong.status);
      expect(unknown.body.replace(/value="[^"]*"/g, '')).toBe(wrong.body.replace(/value="[^"]*"/g, ''));
    });
  });

  describe('roles', () => {
    test('when a viewer posts a change, then they get the 403 page and nothing changes', async () => {
      const c = await signedIn('viewer');
      const token = await c.csrf();
      const res = await c.post('/console/hours/days', { _csrf: token, date: '2030-10-01', kind: 'holiday', name: '国庆节' });
      expect(res.status).toBe(403);
      expect(res.body).toContain('data-error="forbidden"');
      expect(await t.hotline.prisma.calendarDay.count()).toBe(0);
      expect((await c.get('/console/hours')).body).not.toContain('action="/console/hours/days"');
      expect((await c.get('/console/audit')).status).toBe(403);
    });
  });

  describe('stored XSS through caller-controlled fields', () => {
    test('when a signed webhook carries markup in From, To and CallerName, then the call log and detail render it inert', async () => {
      const callSid = newCallSid();
      const script = '<script>alert("xss")</script>';
      const img = '"><img src=x onerror=alert(1)>';
      const answer = await t.twilio.post(
        '/twilio/voice',
        callParams(callSid, script, { To: img, Called: img, Caller: script, CallerName: img, FromCity: script }),
      );
      expect(answer.status).toBe(200);
      const c = await signedIn('viewer');
      const log = (await c.get('/console/calls')).body;
      const detail = (await c.get(`/console/calls/${callSid}`)).body;
      const csv = (await c.get('/console/calls.csv')).body;
      for (const page of [log, detail]) {
        expect(page).not.toContain('<script>alert');
        expect(page).not.toContain('<img src=x');
        expect(page).not.toMatch(/<[^>]*\sonerror=/i);
      }
      // The dialled number is shown as text: escaped, not dropped.
      expect(detail).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
      expect(csv).not.toContain('<script>');
    });
  });
});
