import path from 'node:path';
import {
  ConfigError,
  LOCAL_HOTLINE_NUMBER,
  LOCAL_OPS_API_TOKEN,
  LOCAL_TWILIO_AUTH_TOKEN,
  loadConfig,
  loadDatabaseTarget,
  resolveDatabaseTarget,
} from '../../src/config/config';

/** A complete production environment; tests take pieces away or spoil them. */
const production = (overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
  NODE_ENV: 'production',
  PUBLIC_BASE_URL: 'https://hotline.example.com',
  TWILIO_AUTH_TOKEN: 'a-real-looking-auth-token-0123456789',
  DATABASE_URL: 'postgresql://hotline:secret@db.internal:5432/hotline',
  OPS_API_TOKEN: 'ops-token-0123456789abcdef',
  BUSINESS_HOURS: 'Mon-Fri 09:00-21:00; Sat-Sun 10:00-18:00',
  RISK_WEBHOOK_URL: 'https://risk.internal/freeze-requests',
  RISK_WEBHOOK_SECRET: 'risk-secret-0123456789abcdef',
  HOTLINE_NUMBER: '+862150001234',
  ...overrides,
});

/** The problems a configuration is refused for, or fails the test if it is accepted. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('when nothing is configured outside production, then it starts in local mode on port 3000 with the embedded database', () => {
    const config = loadConfig({});
    const file = path.resolve('data/hotline.db');

    expect(config).toEqual({
      mode: 'local',
      nodeEnv: 'development',
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
      twilioAuthToken: LOCAL_TWILIO_AUTH_TOKEN,
      database: { kind: 'sqlite', url: `file:${file}`, file },
      opsApiToken: LOCAL_OPS_API_TOKEN,
      businessHours: { always: true },
      businessHoursText: 'always',
      timezone: 'Asia/Shanghai',
      queueMaxWaitSeconds: 600,
      holdMusicUrl: expect.stringMatching(/^https:\/\//),
      logLevel: 'info',
      riskWebhook: null,
      retentionDays: 180,
      trustProxy: false,
      consoleSession: { idleMinutes: 30, maxHours: 12 },
      outageSpoolDir: path.resolve('data/outage-spool'),
      hotlineNumber: LOCAL_HOTLINE_NUMBER,
      callbacks: { retryMinutes: 30, maxAttempts: 3 },
      abandonedFollowUpSeconds: 60,
    });
    expect(path.relative(process.cwd(), file)).toBe(path.join('data', 'hotline.db'));
  });

  it('when variables are set but blank, then they count as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '  ', TWILIO_AUTH_TOKEN: '', HOTLINE_TIMEZONE: '' });

    expect(config).toMatchObject({ mode: 'local', port: 3000, database: { kind: 'sqlite' }, timezone: 'Asia/Shanghai' });
  });

  it('when a complete production environment is given, then it is used as given', () => {
    const config = loadConfig(production({ PUBLIC_BASE_URL: 'https://hotline.example.com/', PORT: '8080', QUEUE_MAX_WAIT_SECONDS: '300' }));

    expect(config).toMatchObject({
      mode: 'configured',
      nodeEnv: 'production',
      port: 8080,
      publicBaseUrl: 'https://hotline.example.com',
      database: { kind: 'postgresql', url: 'postgresql://hotline:secret@db.internal:5432/hotline' },
      businessHours: { always: false },
      queueMaxWaitSeconds: 300,
      riskWebhook: { url: 'https://risk.internal/freeze-requests', secret: 'risk-secret-0123456789abcdef' },
    });
  });

  it('when a risk webhook URL is given without its secret, then it is refused', () => {
    expect(problemsOf({ RISK_WEBHOOK_URL: 'https://risk.internal/x' })).toEqual(['RISK_WEBHOOK_SECRET: required when RISK_WEBHOOK_URL is set']);
  });

  it('when HOTLINE_NUMBER or the callback retry is not what it must be, then the message says what it must be', () => {
    expect(problemsOf({ HOTLINE_NUMBER: '021-5000-1234' })).toEqual(['HOTLINE_NUMBER: must be the hotline number in E.164, e.g. +862150001234']);
    expect(problemsOf({ CALLBACK_RETRY_MINUTES: '0' })[0]).toMatch(/^CALLBACK_RETRY_MINUTES:/);
    expect(problemsOf({ CALLBACK_RETRY_MINUTES: '2.5' })[0]).toMatch(/^CALLBACK_RETRY_MINUTES: must be a whole number of minutes/);
    expect(loadConfig({ CALLBACK_RETRY_MINUTES: '5', CALLBACK_MAX_ATTEMPTS: '2' }).callbacks).toEqual({ retryMinutes: 5, maxAttempts: 2 });
  });

  it('when TRUST_PROXY is a hop count or a keyword, then Express gets it in its own terms', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(problemsOf({ TRUST_PROXY: 'yes please' })[0]).toMatch(/^TRUST_PROXY:/);
  });

  it('when NODE_ENV=production and nothing else is set, then it refuses to start and lists every missing variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });

    expect(problems.sort()).toEqual(
      [
        'BUSINESS_HOURS: required when NODE_ENV=production',
        'DATABASE_URL: required when NODE_ENV=production',
        'HOTLINE_NUMBER: required when NODE_ENV=production',
        'OPS_API_TOKEN: required when NODE_ENV=production',
        'PUBLIC_BASE_URL: required when NODE_ENV=production',
        'RISK_WEBHOOK_SECRET: required when NODE_ENV=production',
        'RISK_WEBHOOK_URL: required when NODE_ENV=production',
        'TWILIO_AUTH_TOKEN: required when NODE_ENV=production',
      ].sort(),
    );
  });

  it('when production is refused, then the error message names each problem on its own line', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/Invalid configuration:\n {2}- .*\n {2}- /);
  });

  it('when one production variable is blank, then only that one is reported', () => {
    expect(problemsOf(production({ OPS_API_TOKEN: ' ' }))).toEqual(['OPS_API_TOKEN: required when NODE_ENV=production']);
  });

  it.each([
    ['TWILIO_AUTH_TOKEN', LOCAL_TWILIO_AUTH_TOKEN],
    ['OPS_API_TOKEN', LOCAL_OPS_API_TOKEN],
  ])('when production uses the published local %s, then it refuses to start', (name, token) => {
    expect(problemsOf(production({ [name]: token }))).toEqual([expect.stringMatching(new RegExp(`^${name}: the local token cannot be used in production`))]);
  });

  it('when BUSINESS_HOURS cannot be read, then the message says which part and how to write it', () => {
    expect(problemsOf({ BUSINESS_HOURS: 'Mon-Fri 9-21' })).toEqual(['BUSINESS_HOURS: "9" is not a time like 09:00']);
    expect(problemsOf({ BUSINESS_HOURS: 'weekdays' })).toEqual(['BUSINESS_HOURS: cannot read "weekdays"; use e.g. "Mon-Fri 09:00-21:00"']);
  });

  it('when the time zone is unknown, then the message names it', () => {
    expect(problemsOf({ HOTLINE_TIMEZONE: 'Mars/Olympus_Mons' })).toEqual(['HOTLINE_TIMEZONE: unknown time zone "Mars/Olympus_Mons"']);
  });

  it('when DATABASE_URL is neither PostgreSQL nor a file, then the message says what is accepted without echoing credentials', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://hotline:s3cretpass@db/hotline' });

    expect(problems).toEqual([expect.stringMatching(/^DATABASE_URL: must start with postgresql:\/\/ or file: \(or be unset/)]);
    expect(problems.join('\n')).not.toContain('s3cretpass');
  });

  it('when several variables are wrong at once, then all of them are listed together', () => {
    const problems = problemsOf({ BUSINESS_HOURS: 'nonsense', HOTLINE_TIMEZONE: 'Nowhere/City', DATABASE_URL: 'mongodb://x' });

    expect(problems.map((p) => p.split(':')[0])).toEqual(['BUSINESS_HOURS', 'HOTLINE_TIMEZONE', 'DATABASE_URL']);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['QUEUE_MAX_WAIT_SECONDS', '10'],
    ['LOG_LEVEL', 'verbose'],
    ['PUBLIC_BASE_URL', 'ftp://hotline.example.com'],
    ['TWILIO_AUTH_TOKEN', 'short'],
  ])('when %s is %s, then it is refused and named', (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
  });
});

describe('resolveDatabaseTarget', () => {
  it('when no URL is given, then the embedded SQLite file lives under data/ of the working directory', () => {
    expect(resolveDatabaseTarget(undefined, '/srv/hotline')).toEqual({
      kind: 'sqlite',
      url: 'file:/srv/hotline/data/hotline.db',
      file: '/srv/hotline/data/hotline.db',
    });
  });

  it('when a relative file: URL is given, then it is made absolute', () => {
    expect(resolveDatabaseTarget('file:./tmp/test.db', '/srv/hotline')).toEqual({
      kind: 'sqlite',
      url: 'file:/srv/hotline/tmp/test.db',
      file: '/srv/hotline/tmp/test.db',
    });
  });

  it.each(['postgresql://u:p@localhost/db', 'postgres://u:p@localhost/db'])('when the URL is %s, then it is PostgreSQL', (url) => {
    expect(resolveDatabaseTarget(url)).toEqual({ kind: 'postgresql', url });
  });

  it('when only the database is needed, then a blank DATABASE_URL means the embedded file', () => {
    expect(loadDatabaseTarget({ DATABASE_URL: ' ' })).toMatchObject({ kind: 'sqlite', file: path.resolve('data/hotline.db') });
  });
});
