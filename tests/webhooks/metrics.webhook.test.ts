import { startTestHotline, type TestHotline } from '../support/test-hotline';
import { TestCall } from '../support/test-call';

describe('metrics for Prometheus', () => {
  let t: TestHotline;
  beforeAll(async () => {
    t = await startTestHotline('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  const scrape = async () => {
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  test('when calls go through the hotline, then /metrics shows webhook latency per route, tickets, queue waits, ended calls and the outbox backlog', async () => {
    const freeze = new TestCall(t);
    await freeze.start();
    await freeze.press('2');
    await freeze.press('1');
    await freeze.press('13800138000#');
    await freeze.press('1');
    await freeze.queueResult('hangup', 12);
    await freeze.ended();

    const text = await scrape();
    expect(text).toMatch(/hotline_webhook_duration_seconds_count\{route="voice",answer="normal"\} 1/);
    expect(text).toMatch(/hotline_webhook_duration_seconds_count\{route="step",answer="normal"\} 4/);
    expect(text).toMatch(/hotline_tickets_opened_total\{category="freeze"\} 1/);
    expect(text).toMatch(/hotline_queue_wait_seconds_count\{queue="freeze",result="hangup"\} 1/);
    expect(text).toMatch(/hotline_calls_ended_total\{branch="freeze",outcome="abandoned"\} 1/);
    // No RISK_WEBHOOK_URL here: the freeze request waits in the outbox, and the backlog says so.
    expect(text).toMatch(/hotline_risk_outbox_backlog\{state="pending"\} 1/);
    expect(text).toMatch(/hotline_process_resident_memory_bytes \d+/);
    expect(text).not.toContain('13800138000');
  });

  test('when a webhook fails, then it counts as an apology and an error', async () => {
    const answer = await t.twilio.post('/twilio/step/abc', { CallSid: `CA${'f'.repeat(32)}`, Digits: '1' });
    expect(answer.status).toBe(200);
    const text = await scrape();
    expect(text).toMatch(/hotline_webhook_duration_seconds_count\{route="step",answer="apology"\} 1/);
    expect(text).toMatch(/hotline_errors_total\{kind="webhook_apology"\} 1/);
  });
});
