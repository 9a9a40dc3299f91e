import { DATABASE_KINDS } from '../support/test-database';
import { startTestHotline, type TestHotline } from '../support/test-hotline';
import { TestCall } from '../support/test-call';

/** Values callers type or are identified by, each unique enough to be found anywhere it leaks. */
const CALLER = '+8613912345678';
const WITHHELD_CALLER = 'anonymous';
const MOBILE = '13698765432';
const ORDER = '8801234567890123';
const AMOUNT_KEYS = '4321*75';
const AMOUNT = '4321.75';
const TRANSACTION = '7700112233445566';
const CALLBACK = '13522446688';

/** Where each value is meant to live; anywhere else is a leak. */
const ALLOWED: Record<string, string[]> = {
  [CALLER]: ['Call.fromNumber', 'Ticket.callerNumber', 'Ticket.callbackNumber'],
  [MOBILE]: ['CallEvent.digits', 'Call.snapshot', 'Ticket.mobileNumber'],
  [ORDER]: ['CallEvent.digits', 'Call.snapshot', 'Ticket.orderNumber'],
  [AMOUNT]: ['Call.snapshot', 'Ticket.amount'],
  [TRANSACTION]: ['CallEvent.digits', 'Call.snapshot', 'Ticket.transactionNumber'],
  [CALLBACK]: ['CallEvent.digits', 'Call.snapshot', 'Ticket.callbackNumber'],
};

describe.each(DATABASE_KINDS)('caller data stays where it belongs on %s', (kind) => {
  let t: TestHotline;
  const references: string[] = [];
  beforeAll(async () => {
    t = await startTestHotline(kind);

    const freeze = new TestCall(t, CALLER);
    await freeze.start();
    await freeze.press('1');
    await freeze.press('1');
    await freeze.press(`${MOBILE}#`);
    await freeze.press('1');
    await freeze.ended();

    const recharge = new TestCall(t, CALLER);
    await recharge.start();
    await recharge.press('1');
    await recharge.press('2');
    await recharge.press(`${ORDER}#`);
    await recharge.press(`${AMOUNT_KEYS}#`);
    await recharge.press('2');
    await recharge.press('1');
    await recharge.ended();

    const complaint = new TestCall(t, WITHHELD_CALLER);
    await complaint.start();
    await complaint.press('1');
    await complaint.press('4');
    await complaint.press('1');
    await complaint.press(`${TRANSACTION}#`);
    await complaint.press('2');
    await complaint.press(`${CALLBACK}#`);
    await complaint.press('1');
    await complaint.ended();

    for (const c of await t.hotline.prisma.ticket.findMany()) references.push(c.reference);
    const status = new TestCall(t, CALLER);
    await status.start();
    await status.press('1');
    await status.press('5');
    await status.press(`${references[0]}#`);
    await status.ended();
  });
  afterAll(async () => {
    await t.close();
  });

  test('when scripted calls enter numbers, amounts and references, then no log line contains them or an unmasked caller number', () => {
    expect(references).toHaveLength(3);
    const log = t.logs.join('');
    expect(t.logs.length).toBeGreaterThan(20);
    for (const value of [CALLER, CALLER.slice(3), MOBILE, ORDER, AMOUNT, AMOUNT_KEYS, TRANSACTION, CALLBACK, ...references]) {
      expect(log).not.toContain(value);
    }
    expect(log).toContain('"transition":"live.mainMenu -> live.freeze.enteringMobileNumber"');
  });

  test('when the calls are stored, then each value lives only in the fields meant to hold it', async () => {
    const p = t.hotline.prisma;
    const tables: Record<string, Array<Record<string, unknown>>> = {
      Call: await p.call.findMany(),
      CallEvent: await p.callEvent.findMany(),
      Ticket: await p.ticket.findMany(),
      OutageNotice: await p.outageNotice.findMany(),
      HotlineSetting: await p.hotlineSetting.findMany(),
    };
    for (const [value, allowed] of Object.entries(ALLOWED)) {
      const found = new Set<string>();
      for (const [table, rows] of Object.entries(tables)) {
        for (const row of rows) {
          for (const [column, cell] of Object.entries(row)) {
            if (typeof cell === 'string' && cell.includes(value)) found.add(`${table}.${column}`);
          }
        }
      }
      expect({ value, found: [...found].filter((f) => !allowed.includes(f)) }).toEqual({ value, found: [] });
      expect(found.size).toBeGreaterThan(0);
    }
  });

  test('when a caller confirms a freeze, recharge or complaint, then the ticket holds what they entered', async () => {
    const tickets = await t.hotline.prisma.ticket.findMany({ orderBy: { createdAt: 'asc' } });
    expect(tickets.map((x) => x.category).sort()).toEqual(['complaint', 'freeze', 'recharge']);
    const byCategory = Object.fromEntries(tickets.map((x) => [x.category, x]));
    expect(byCategory.freeze).toMatchObject({ mobileNumber: MOBILE, callerNumber: CALLER, status: 'open' });
    expect(byCategory.recharge).toMatchObject({ orderNumber: ORDER, amount: AMOUNT, callbackNumber: CALLER, origin: 'requested' });
    expect(byCategory.complaint).toMatchObject({
      transactionNumber: TRANSACTION,
      callbackNumber: CALLBACK,
      complaintCategory: 'failedTransaction',
      callerNumber: WITHHELD_CALLER,
    });
    for (const ticket of tickets) expect(ticket.reference).toMatch(/^\d{8}$/);
  });
});
