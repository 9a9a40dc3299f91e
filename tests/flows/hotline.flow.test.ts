import type { CallFacts, CallInput, QueueName, QueueResult } from '../../flows/call-flow.types';
import { holdVoiceFor } from '../../flows/call-voice';
import { enUS } from '../../flows/prompts/en-US.prompts';
import { zhCN } from '../../flows/prompts/zh-CN.prompts';
import {
  AGENT_ENDED,
  AGENT_PENDING,
  AGENT_TRANSFERS,
  NEW_REFERENCE,
  NOW,
  QUEUE_MAX_WAIT_SECONDS,
  queueConnecting,
  aTicket,
  anOutageNotice,
  callEnded,
  enter,
  garbled,
  hoursAfterNow,
  press,
  queueEnded,
  queueWaited,
  silence,
  skip,
} from './call-events.factory';
import { PureCall, occurrences, wordsOf } from './pure-call.driver';

const MOBILE = '13800138000';
const MOBILE_SPOKEN_EN = '1, 3, 8, 0, 0, 1, 3, 8, 0, 0, 0';
const MOBILE_SPOKEN_ZH = '1、3、8、0、0、1、3、8、0、0、0';
const REFERENCE_SPOKEN_EN = '2, 0, 2, 5, 0, 0, 0, 1';
const REFERENCE_SPOKEN_ZH = '2、0、2、5、0、0、0、1';

const closed: Partial<CallFacts> = { closed: 'afterHours' };

describe('choosing a language', () => {
  it('when the call starts, then the caller hears that key presses are recorded and each language offered in that language', () => {
    const turn = PureCall.start().voice();

    expect(turn).toMatchObject({ kind: 'ask', expect: { purpose: 'language', keys: 'one' } });
    const speech = turn.kind === 'ask' ? turn.speech : [];
    expect(speech).toContainEqual({ kind: 'say', text: expect.stringContaining('按键将被记录'), language: 'zh-CN' });
    expect(speech).toContainEqual({ kind: 'say', text: expect.stringContaining('请按1'), language: 'zh-CN' });
    expect(speech).toContainEqual({ kind: 'say', text: 'For English, press 2.', language: 'en-US' });
  });

  it('when the caller presses 1, then the call continues in Mandarin', () => {
    const call = PureCall.start().send(press('1'));

    expect(call.path).toBe('live.mainMenu');
    expect(call.context.language).toBe('zh-CN');
    expect(call.voice()).toEqual({
      kind: 'ask',
      speech: [{ kind: 'say', text: zhCN.mainMenu, language: 'zh-CN' }],
      expect: { purpose: 'mainMenu', keys: 'one', timeoutSeconds: expect.any(Number) },
    });
  });

  it('when the caller presses 2, then the call continues in English', () => {
    const call = PureCall.start().send(press('2'));

    expect(call.context.language).toBe('en-US');
    expect(call.voice()).toMatchObject({ kind: 'ask', speech: [{ kind: 'say', text: enUS.mainMenu, language: 'en-US' }] });
  });

  it('when the caller presses nothing, then the call continues in Mandarin', () => {
    const call = PureCall.start().send(silence());

    expect(call.path).toBe('live.mainMenu');
    expect(call.context.language).toBe('zh-CN');
  });

  it.each([
    ['an invalid key', press('7')],
    ['something that is not a key', garbled()],
  ])('when the caller gives %s, then the language menu is asked once more with an apology', (_, event) => {
    const call = PureCall.start().send(event);

    expect(call.path).toBe('live.choosingLanguage');
    expect(wordsOf(call.voice())[0]).toBe(zhCN.invalidChoice);
    expect(call.heard()).toContain('For English, press 2.');
  });

  it('when the caller gives an invalid key twice, then the call continues in Mandarin', () => {
    const call = PureCall.start().send(press('7'), garbled());

    expect(call.path).toBe('live.mainMenu');
    expect(call.context.language).toBe('zh-CN');
  });

  it('when the caller gives an invalid key and then 2, then the call continues in English', () => {
    const call = PureCall.start().send(press('7'), press('2'));

    expect(call.path).toBe('live.mainMenu');
    expect(call.context.language).toBe('en-US');
  });

  it.each([
    ['en-US', '2', 'wallet payments are down', '钱包支付暂时中断'],
    ['zh-CN', '1', '钱包支付暂时中断', 'wallet payments are down'],
  ] as const)(
    'when an outage concerns every branch and the caller chooses %s, then its short notice is said in that language before the main menu',
    (_, key, said, notSaid) => {
      const call = PureCall.start().send(press(key, { outages: [anOutageNotice()] }));

      const words = wordsOf(call.voice());
      expect(words[0]).toContain(said);
      expect(call.heard()).not.toContain(notSaid);
      expect(words[words.length - 1]).toBe(call.context.language === 'en-US' ? enUS.mainMenu : zhCN.mainMenu);
    },
  );

  it('when the caller presses nothing during an all-branch outage, then the notice is said in Mandarin', () => {
    const call = PureCall.start().send(silence({ outages: [anOutageNotice()] }));

    expect(wordsOf(call.voice())[0]).toContain('钱包支付暂时中断');
  });

  it('when an outage concerns only recharges, then it is not said after the language choice but when entering the recharge branch', () => {
    const outages = [anOutageNotice({ branches: ['recharge'] })];
    const call = PureCall.start().send(press('2', { outages }));

    expect(call.heard()).toBe(enUS.mainMenu);

    call.send(press('2', { outages }));
    expect(call.path).toBe('live.recharge.enteringOrderNumber');
    expect(wordsOf(call.voice())[0]).toContain('wallet payments are down');
  });
});

describe('the main menu', () => {
  it.each([
    ['1', 'live.freeze.enteringMobileNumber', 'mobileNumber', 'freeze'],
    ['2', 'live.recharge.enteringOrderNumber', 'orderNumber', 'recharge'],
    ['3', 'live.outage.choosingNextStep', 'outageNextStep', 'outage'],
    ['4', 'live.complaint.choosingCategory', 'complaintCategory', 'complaint'],
    ['5', 'live.ticketStatus.enteringReference', 'ticketReference', 'ticketStatus'],
  ] as const)('when the caller presses %s, then they reach %s', (key, path, purpose, branch) => {
    const call = PureCall.atMainMenu().send(press(key));

    expect(call.path).toBe(path);
    expect(call.context.branch).toBe(branch);
    expect(call.voice()).toMatchObject({ kind: 'ask', expect: { purpose } });
  });

  it('when the caller presses 0, then they wait for a human in the general queue', () => {
    const call = PureCall.atMainMenu().send(press('0'));

    expect(call.path).toBe('live.inQueue.waiting');
    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'general' });
    expect(call.context.enqueuedAt).toBe(NOW);
  });

  it('when the caller presses an invalid key, then they hear an apology and the menu again', () => {
    const call = PureCall.atMainMenu().send(press('8'));

    expect(call.path).toBe('live.mainMenu');
    expect(wordsOf(call.voice())).toEqual([enUS.invalidChoice, enUS.mainMenu]);
  });

  it('when the caller presses 9, then it is an invalid choice (there is no main menu to return to)', () => {
    const call = PureCall.atMainMenu().send(press('9'));

    expect(wordsOf(call.voice())).toEqual([enUS.invalidChoice, enUS.mainMenu]);
  });

  it('when the caller presses nothing, then they hear that no key was heard and the menu again', () => {
    const call = PureCall.atMainMenu().send(silence());

    expect(wordsOf(call.voice())).toEqual([enUS.noInput, enUS.mainMenu]);
  });

  it('when the caller presses *, then the menu is repeated without an apology and without counting an attempt', () => {
    const call = PureCall.atMainMenu().send(press('8'), press('*'));

    expect(wordsOf(call.voice())).toEqual([enUS.mainMenu]);
    call.send(press('8'), press('*'));
    expect(call.path).toBe('live.mainMenu');
    call.send(silence());
    expect(call.path).toBe('live.inQueue.waiting');
  });

  it('when the third attempt fails, then the caller is told so and waits in the general queue, never hung up on', () => {
    const call = PureCall.atMainMenu().send(press('8'), silence());
    expect(call.path).toBe('live.mainMenu');

    call.send(garbled());
    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'general' });
    expect(call.heard()).toBe(enUS.tooManyAttempts);
  });

  it('when a Mandarin caller stays silent three times, then they wait in the general queue', () => {
    const call = PureCall.atMainMenu('zh-CN').send(silence(), silence(), silence());

    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'general' });
  });
});

describe('freezing an account', () => {
  const atMobileNumber = (language: 'en-US' | 'zh-CN' = 'en-US', facts: Partial<CallFacts> = {}) => PureCall.atMainMenu(language).send(press('1', facts));

  it.each(['123456', MOBILE, '123456789012345'])('when the caller enters %s, then it is read back for confirmation', (number) => {
    const call = atMobileNumber().send(enter(number));

    expect(call.path).toBe('live.freeze.confirmingMobileNumber');
    expect(call.context.mobileNumber).toBe(number);
    expect(call.heard()).toContain(number.split('').join(', '));
  });

  it('when the caller enters the number, then it is read back digit by digit in their language', () => {
    expect(atMobileNumber('en-US').send(enter(MOBILE)).heard()).toContain(MOBILE_SPOKEN_EN);
    expect(atMobileNumber('zh-CN').send(enter(MOBILE)).heard()).toContain(MOBILE_SPOKEN_ZH);
  });

  it.each(['12345', '1234567890123456', '1380013*000'])('when the caller enters %s, then it is refused and asked again', (number) => {
    const call = atMobileNumber().send(enter(number));

    expect(call.path).toBe('live.freeze.enteringMobileNumber');
    expect(wordsOf(call.voice())).toEqual([enUS.invalidEntry, enUS.enterMobileNumber]);
  });

  it('when the caller confirms with 1, then a freeze ticket due in 2 hours is opened and they wait in the freeze queue', () => {
    const call = atMobileNumber().send(enter(MOBILE), press('1'));

    expect(call.actions).toEqual([
      expect.objectContaining({
        type: 'openTicket',
        params: {
          reference: NEW_REFERENCE,
          category: 'freeze',
          language: 'en-US',
          callbackNumber: null,
          mobileNumber: MOBILE,
          orderNumber: null,
          amount: null,
          complaintCategory: null,
          transactionNumber: null,
          origin: 'freezeRequest',
          dueAt: hoursAfterNow(2),
        },
      }),
    ]);
    expect(call.path).toBe('live.inQueue.waiting');
    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'freeze' });
    expect(call.context).toMatchObject({ ticketReference: NEW_REFERENCE, ticketCategory: 'freeze', ticketDueAt: hoursAfterNow(2) });
  });

  it.each([
    ['en-US', REFERENCE_SPOKEN_EN],
    ['zh-CN', REFERENCE_SPOKEN_ZH],
  ] as const)('when a %s caller confirms, then the reference is spoken digit by digit twice before the queue', (language, spoken) => {
    const call = atMobileNumber(language).send(enter(MOBILE), press('1'));

    expect(occurrences(call.heard(), spoken)).toBe(2);
  });

  it('when the reference is the one the facts provide, then that reference is the ticket and the one spoken', () => {
    const call = atMobileNumber().send(enter(MOBILE), press('1', { newReference: '31415926' }));

    expect(call.ticketsOpened().map((t) => t.reference)).toEqual(['31415926']);
    expect(occurrences(call.heard(), '3, 1, 4, 1, 5, 9, 2, 6')).toBe(2);
  });

  it('when the caller presses 2, then they enter the number again and nothing is opened', () => {
    const call = atMobileNumber().send(enter(MOBILE), press('2'));

    expect(call.path).toBe('live.freeze.enteringMobileNumber');
    expect(call.context.mobileNumber).toBeNull();
    expect(call.ticketsOpened()).toEqual([]);
  });

  it('when three entries fail, then the caller still waits in the freeze queue, without a ticket', () => {
    const call = atMobileNumber().send(enter('12'), silence());
    expect(call.path).toBe('live.freeze.enteringMobileNumber');

    call.send(enter('1234567890123456'));
    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'freeze' });
    expect(call.ticketsOpened()).toEqual([]);
    expect(call.context.ticketReference).toBeNull();
  });

  it.each([
    ['entering the number', () => atMobileNumber()],
    ['confirming the number', () => atMobileNumber().send(enter(MOBILE))],
  ])('when the caller presses 0 while %s, then they keep their priority in the freeze queue', (_, arrive) => {
    const call = arrive().send(press('0'));

    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'freeze' });
  });

  it('when the human queues are closed, then a freeze request still goes to the freeze queue', () => {
    const call = atMobileNumber('en-US', closed).send(enter(MOBILE, closed), press('1', closed));

    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'freeze' });
    expect(call.heard()).not.toContain('business hours');
    expect(call.ticketsOpened()).toHaveLength(1);
  });
});

describe('a failed recharge', () => {
  const atOrderNumber = () => PureCall.atMainMenu().send(press('2'));
  const atNextStep = () => atOrderNumber().send(enter('202503030001'), enter('12*5'));

  it('when the caller enters a 32-digit order number, then it is kept and the amount is asked', () => {
    const order = '1'.repeat(32);
    const call = atOrderNumber().send(enter(order));

    expect(call.path).toBe('live.recharge.enteringAmount');
    expect(call.context.orderNumber).toBe(order);
    expect(call.voice()).toMatchObject({ expect: { purpose: 'amount', keys: 'digits' } });
  });

  it('when the caller enters a 33-digit order number, then it is refused and asked again', () => {
    const call = atOrderNumber().send(enter('1'.repeat(33)));

    expect(call.path).toBe('live.recharge.enteringOrderNumber');
    expect(wordsOf(call.voice())).toEqual([enUS.invalidEntry, enUS.enterOrderNumber]);
  });

  it('when the caller presses # alone, then the order number is skipped', () => {
    const call = atOrderNumber().send(skip());

    expect(call.path).toBe('live.recharge.enteringAmount');
    expect(call.context.orderNumber).toBeNull();
  });

  it('when the caller presses nothing, then the order number is asked once more, then skipped', () => {
    const call = atOrderNumber().send(silence());
    expect(call.path).toBe('live.recharge.enteringOrderNumber');
    expect(wordsOf(call.voice())).toEqual([enUS.noInput, enUS.enterOrderNumber]);

    call.send(silence());
    expect(call.path).toBe('live.recharge.enteringAmount');
    expect(call.context.orderNumber).toBeNull();
  });

  it.each([
    ['12*5', '12.5'],
    ['12*50', '12.50'],
    ['100', '100'],
    ['007', '7'],
    ['9', '9'],
  ])('when the caller enters the amount %s, then the amount %s is kept', (keys, amount) => {
    const call = atOrderNumber().send(skip(), enter(keys));

    expect(call.path).toBe('live.recharge.choosingNextStep');
    expect(call.context.amount).toBe(amount);
  });

  it.each(['1*2*3', '12*345', '00', '1234567890'])('when the caller enters the amount %s, then it is refused', (keys) => {
    const call = atOrderNumber().send(skip(), enter(keys));

    expect(call.path).toBe('live.recharge.enteringAmount');
    expect(wordsOf(call.voice())[0]).toBe(enUS.invalidEntry);
  });

  it('when the caller presses # alone for the amount, then it is skipped', () => {
    const call = atOrderNumber().send(skip(), skip());

    expect(call.path).toBe('live.recharge.choosingNextStep');
    expect(call.context.amount).toBeNull();
  });

  it('when both entries are done, then the caller hears a self-help tip and the choice of an agent or a callback', () => {
    const call = atNextStep();

    expect(call.heard()).toContain('try another payment method');
    expect(call.heard()).toContain('To wait for an agent, press 1. To request a callback, press 2.');
  });

  it('when the caller presses 1, then they wait in the recharge queue', () => {
    expect(atNextStep().send(press('1')).voice()).toMatchObject({ kind: 'enqueue', queue: 'recharge' });
  });

  it('when the caller presses 2 and confirms, then a recharge ticket with what they entered is opened', () => {
    const call = atNextStep().send(press('2'));
    expect(call.path).toBe('live.callback.confirmingNumber');

    call.send(press('1'));
    expect(call.ticketsOpened()).toEqual([
      expect.objectContaining({
        category: 'recharge',
        orderNumber: '202503030001',
        amount: '12.5',
        origin: 'requested',
        callbackNumber: null,
        dueAt: hoursAfterNow(24),
      }),
    ]);
  });

  it('when three recharge choices fail, then the caller waits in the recharge queue', () => {
    const call = atNextStep().send(press('5'), press('6'), silence());

    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'recharge' });
  });
});

describe('a service outage', () => {
  const notices = [
    anOutageNotice({ id: 1, expectedRecoveryAt: hoursAfterNow(6) }),
    anOutageNotice({
      id: 2,
      branches: ['recharge'],
      message: { 'zh-CN': '银行卡充值延迟', 'en-US': 'Bank card top-ups are delayed' },
      expectedRecoveryAt: hoursAfterNow(3),
    }),
  ];
  const atOutage = (language: 'en-US' | 'zh-CN' = 'en-US', outages = notices) => PureCall.atMainMenu(language).send(press('3', { outages }));

  it('when ops have active notices, then each is read in English with its expected recovery in the hotline time zone', () => {
    const call = atOutage();

    expect(call.heard()).toContain('Wallet payments are currently interrupted. We expect it to be fixed by March 3 at 4:00 PM.');
    expect(call.heard()).toContain('Bank card top-ups are delayed. We expect it to be fixed by March 3 at 1:00 PM.');
    expect(call.heard()).toContain(enUS.outageOptions);
  });

  it('when ops have active notices, then a Mandarin caller hears them in Mandarin', () => {
    const call = atOutage('zh-CN');

    expect(call.heard()).toContain('钱包支付服务暂时中断。预计3月3日 16:00恢复。');
    expect(call.heard()).not.toContain('Wallet payments');
  });

  it('when the caller asks for a callback, then the ticket is due an hour after the latest expected recovery', () => {
    const call = atOutage().send(press('2'), press('1'));

    expect(call.ticketsOpened()).toEqual([expect.objectContaining({ category: 'outage', dueAt: hoursAfterNow(7) })]);
  });

  it('when no notice says when it will be fixed, then the callback ticket is due in 24 hours', () => {
    const call = atOutage('en-US', [anOutageNotice({ expectedRecoveryAt: null })]);
    expect(call.heard()).toContain('Wallet payments are currently interrupted.');
    expect(call.heard()).not.toContain('We expect it to be fixed');

    call.send(press('2'), press('1'));
    expect(call.ticketsOpened()).toEqual([expect.objectContaining({ category: 'outage', dueAt: hoursAfterNow(24) })]);
  });

  it('when there is no known outage, then the caller hears self-help and only an agent or the main menu', () => {
    const call = atOutage('en-US', []);

    expect(call.heard()).toContain('We know of no outage right now');
    expect(call.heard()).not.toContain('press 2');
  });

  it('when there is no known outage and the caller presses 2, then it is an invalid choice', () => {
    const call = atOutage('en-US', []).send(press('2'));

    expect(call.path).toBe('live.outage.choosingNextStep');
    expect(wordsOf(call.voice())[0]).toBe(enUS.invalidChoice);
    expect(call.ticketsOpened()).toEqual([]);
  });

  it.each([
    ['there are notices', notices],
    ['there is no notice', []],
  ])('when %s and the caller presses 1, then they wait in the general queue', (_, outages) => {
    expect(atOutage('en-US', outages).send(press('1')).voice()).toMatchObject({ kind: 'enqueue', queue: 'general' });
  });
});

describe('a complaint', () => {
  const atCategory = () => PureCall.atMainMenu().send(press('4'));

  it.each([
    ['1', 'failedTransaction', 'complaints'],
    ['2', 'accountBlocked', 'complaints'],
    ['3', 'privacy', 'complaints'],
    ['4', 'service', 'escalation'],
    ['5', 'other', 'complaints'],
  ] as const)('when the caller chooses category %s (%s) and an agent, then they wait in the %s queue', (key, category, queue) => {
    const call = atCategory().send(press(key));
    expect(call.path).toBe('live.complaint.enteringTransactionNumber');
    expect(call.context.complaintCategory).toBe(category);

    call.send(skip(), press('1'));
    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue });
  });

  it('when the complaint is about our service, then the caller is offered a supervisor', () => {
    expect(atCategory().send(press('4'), skip()).heard()).toContain('To wait for a supervisor, press 1.');
    expect(atCategory().send(press('1'), skip()).heard()).toContain('To wait for an agent, press 1.');
  });

  it('when the caller presses 6, then it is an invalid choice', () => {
    const call = atCategory().send(press('6'));

    expect(call.path).toBe('live.complaint.choosingCategory');
    expect(wordsOf(call.voice())[0]).toBe(enUS.invalidChoice);
  });

  it('when the caller gives a transaction number and asks for a callback, then the ticket carries the category and the number', () => {
    const call = atCategory().send(press('1'), enter('9876543210'), press('2'), press('1'));

    expect(call.ticketsOpened()).toEqual([
      expect.objectContaining({ category: 'complaint', complaintCategory: 'failedTransaction', transactionNumber: '9876543210' }),
    ]);
  });

  it('when the caller presses # alone for the transaction number, then it is skipped', () => {
    const call = atCategory().send(press('3'), skip());

    expect(call.path).toBe('live.complaint.choosingNextStep');
    expect(call.context.transactionNumber).toBeNull();
  });

  it('when the caller presses nothing for the transaction number twice, then it is skipped after one reminder', () => {
    const call = atCategory().send(press('3'), silence());
    expect(wordsOf(call.voice())[0]).toBe(enUS.noInput);

    call.send(silence());
    expect(call.path).toBe('live.complaint.choosingNextStep');
  });
});

describe('ticket status', () => {
  const ticket = aTicket({ reference: '24681357', status: 'open', dueAt: hoursAfterNow(20) });
  const atReference = (language: 'en-US' | 'zh-CN' = 'en-US') => PureCall.atMainMenu(language).send(press('5'));

  it('when the reference is found, then the caller hears it digit by digit, its status and when it is due', () => {
    const call = atReference().send(enter('24681357', { ticket }));

    expect(call.path).toBe('live.ticketStatus.hearingStatus');
    expect(call.heard()).toContain('Ticket 2, 4, 6, 8, 1, 3, 5, 7 is in progress. We expect to answer by March 4 at 6:00 AM.');
    expect(call.heard()).toContain(enUS.ticketOptions);
  });

  it("when a Mandarin caller's reference is found, then the status is said in Mandarin", () => {
    const call = atReference('zh-CN').send(enter('24681357', { ticket: { ...ticket, status: 'resolved' } }));

    expect(call.heard()).toContain('工单2、4、6、8、1、3、5、7的状态是：已解决。预计答复时间：3月4日 06:00。');
  });

  it('when the reference is unknown, then the caller is asked to try again', () => {
    const call = atReference().send(enter('11112222', { ticket: null }));

    expect(call.path).toBe('live.ticketStatus.enteringReference');
    expect(wordsOf(call.voice())).toEqual([enUS.ticketReferenceUnknown, enUS.enterTicketReference]);
  });

  it('when the reference does not have 8 digits, then it is an invalid number, not an unknown ticket', () => {
    const call = atReference().send(enter('1234567'));

    expect(wordsOf(call.voice())).toEqual([enUS.invalidEntry, enUS.enterTicketReference]);
  });

  it('when the reference is unknown three times, then the caller hears once that nothing was found, with 1 an agent and 9 the main menu', () => {
    const call = atReference().send(enter('11112222'), enter('11112223'));
    expect(call.path).toBe('live.ticketStatus.enteringReference');

    call.send(enter('11112224'));
    expect(call.path).toBe('live.ticketStatus.hearingStatus');
    expect(call.context.ticketFound).toBeNull();
    expect(call.heard()).toContain(enUS.ticketNotFound);
    expect(call.heard()).toContain('To speak to an agent, press 1. For the main menu, press 9.');
    // They can no longer enter a reference here, so nothing may ask them to.
    expect(call.heard()).not.toContain('try again');
  });

  it('when the caller has heard the status and presses 1, then they wait in the general queue', () => {
    const call = atReference().send(enter('24681357', { ticket }), press('1'));

    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'general' });
  });

  it('when the caller has heard the status and presses 9, then they are back at the main menu', () => {
    const call = atReference().send(enter('24681357', { ticket }), press('9'));

    expect(call.path).toBe('live.mainMenu');
    expect(call.heard()).toBe(enUS.mainMenu);
  });
});

/** Every place below the main menu, and where `0` sends the caller from there. */
const subMenus: Array<[string, () => PureCall, QueueName]> = [
  ['entering the mobile number to freeze', () => PureCall.atMainMenu().send(press('1')), 'freeze'],
  ['confirming the mobile number to freeze', () => PureCall.atMainMenu().send(press('1'), enter(MOBILE)), 'freeze'],
  ['entering the recharge order number', () => PureCall.atMainMenu().send(press('2')), 'general'],
  ['entering the recharge amount', () => PureCall.atMainMenu().send(press('2'), skip()), 'general'],
  ['choosing after the recharge tip', () => PureCall.atMainMenu().send(press('2'), skip(), skip()), 'general'],
  ['hearing the outage notices', () => PureCall.atMainMenu().send(press('3', { outages: [anOutageNotice()] })), 'general'],
  ['hearing there is no known outage', () => PureCall.atMainMenu().send(press('3')), 'general'],
  ['choosing the complaint category', () => PureCall.atMainMenu().send(press('4')), 'general'],
  ['entering the transaction number', () => PureCall.atMainMenu().send(press('4'), press('1')), 'general'],
  ['choosing after the complaint', () => PureCall.atMainMenu().send(press('4'), press('1'), skip()), 'general'],
  ['entering the ticket reference', () => PureCall.atMainMenu().send(press('5')), 'general'],
  ['hearing the ticket status', () => PureCall.atMainMenu().send(press('5'), enter('24681357', { ticket: aTicket() })), 'general'],
  ['confirming the callback number', () => PureCall.atMainMenu().send(press('2'), skip(), skip(), press('2')), 'general'],
  ['entering a callback number', () => PureCall.atMainMenu().send(press('2'), skip(), skip(), press('2'), press('2')), 'general'],
];

describe('keys that work in every menu below the main menu', () => {
  it.each(subMenus)('when the caller presses 0 while %s, then they wait for a human in the %s queue', (_, arrive, queue) => {
    const call = arrive().send(press('0'));

    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue });
  });

  it.each(subMenus.filter(([where]) => where !== 'entering the recharge amount'))(
    'when the caller presses 9 while %s, then they are back at the main menu',
    (_, arrive) => {
      const call = arrive().send(press('9'));

      expect(call.path).toBe('live.mainMenu');
      expect(call.heard()).toBe(enUS.mainMenu);
    },
  );

  it.each(subMenus)('when the caller presses * while %s, then the prompt is repeated without counting an attempt', (_, arrive) => {
    const prompt = arrive().heard();
    const call = arrive().send(garbled(), press('*'));

    expect(call.context.attempts).toBe(1);
    expect(call.heard()).toBe(prompt);
    call.send(press('*'));
    expect(call.context.attempts).toBe(1);
  });
});

describe('outside business hours', () => {
  const queueingPlaces: Array<[string, (facts: Partial<CallFacts>) => PureCall]> = [
    ['presses 0 in the main menu', (f) => PureCall.atMainMenu().send(press('0', f))],
    ['fails the main menu three times', (f) => PureCall.atMainMenu().send(press('8', f), silence(f), garbled(f))],
    ['asks for an agent after a failed recharge', (f) => PureCall.atMainMenu().send(press('2', f), skip(f), skip(f), press('1', f))],
    ['asks for an agent about an outage', (f) => PureCall.atMainMenu().send(press('3', f), press('1', f))],
    ['asks for an agent about a complaint', (f) => PureCall.atMainMenu().send(press('4', f), press('2', f), skip(f), press('1', f))],
    ['presses 0 while choosing a complaint category', (f) => PureCall.atMainMenu().send(press('4', f), press('0', f))],
    [
      'asks for an agent after hearing a ticket status',
      (f) => PureCall.atMainMenu().send(press('5', f), enter('24681357', { ...f, ticket: aTicket() }), press('1', f)),
    ],
    [
      'fails the ticket-status menu three times',
      (f) => PureCall.atMainMenu().send(press('5', f), enter('1', f), enter('2', f), enter('3', f), press('4', f), press('4', f), press('4', f)),
    ],
  ];

  it.each(queueingPlaces)('when the caller %s while agents are away, then they hear why and are offered a callback', (_, arrive) => {
    const call = arrive(closed);

    expect(call.path).toBe('live.callback.confirmingNumber');
    expect(call.context.enqueuedAt).toBeNull();
    expect(call.heard()).toContain('Our agents are not available outside business hours. We will book a callback for you.');
    expect(call.heard()).toContain('number ending in 5 6 7 8');
    // Nobody is about to answer, so nobody may promise it.
    expect(call.heard()).not.toContain(enUS.tooManyAttempts);
  });

  it.each(queueingPlaces)('when the caller %s during opening hours, then they wait in a queue', (_, arrive) => {
    expect(arrive({}).path).toBe('live.inQueue.waiting');
  });

  it('when a closed-hours caller confirms, then a callback ticket records that agents were away', () => {
    const call = PureCall.atMainMenu().send(press('0', closed), press('1', closed));

    expect(call.ticketsOpened()).toEqual([expect.objectContaining({ origin: 'closed', category: 'general', dueAt: hoursAfterNow(24) })]);
    expect(call.path).toBe('live.callback.tellingReference');
  });

  it.each([
    ['holiday', '今天是节假日'],
    ['emergency', '人工客服暂时无法接听'],
  ] as const)('when agents are away for a %s, then a Mandarin caller hears that reason', (reason, said) => {
    const call = PureCall.atMainMenu('zh-CN').send(press('0', { closed: reason }));

    expect(call.path).toBe('live.callback.confirmingNumber');
    expect(wordsOf(call.voice())[0]).toBe(zhCN.closed(reason));
    expect(call.heard()).toContain(said);
  });

  it('when a caller with a withheld number reaches a closed queue, then they are asked for a number to call back', () => {
    const call = PureCall.atMainMenu('en-US', { callerIdUsable: false, callerIdLast4: '' }).send(press('0', closed));

    expect(call.path).toBe('live.callback.enteringNumber');
    expect(wordsOf(call.voice())).toEqual([enUS.closed('afterHours'), enUS.enterCallbackNumber]);
  });
});

describe('the callback flow', () => {
  const atCallback = (input: Partial<CallInput> = {}) => PureCall.atMainMenu('en-US', input).send(press('2'), skip(), skip(), press('2'));

  it('when the caller ID can be called back, then the caller hears its last four digits and 1 to confirm, 2 for another number', () => {
    const call = atCallback();

    expect(call.heard()).toBe('We will call you back at the number ending in 5 6 7 8. To confirm, press 1. To use another number, press 2.');
  });

  it('when a Mandarin caller is offered a callback, then the last four digits are read one by one', () => {
    const call = PureCall.atMainMenu('zh-CN').send(press('2'), skip(), skip(), press('2'));

    expect(call.heard()).toContain('尾号为5、6、7、8的号码');
  });

  it('when the caller confirms, then a ticket due in 24 hours calls back the caller ID and its reference is said twice before goodbye', () => {
    const call = atCallback().send(press('1'));

    expect(call.actions).toEqual([
      expect.objectContaining({
        type: 'openTicket',
        params: expect.objectContaining({ reference: NEW_REFERENCE, callbackNumber: null, dueAt: hoursAfterNow(24) }),
      }),
    ]);
    expect(call.path).toBe('live.callback.tellingReference');
    expect(call.context.outcome).toBe('ticket');
    const turn = call.voice();
    expect(turn.kind).toBe('hangup');
    expect(occurrences(call.heard(), REFERENCE_SPOKEN_EN)).toBe(2);
    expect(call.heard()).toContain('We will call you back by March 4 at 10:00 AM.');
  });

  it('when the caller presses 2 and enters another number, then it is read back and the ticket calls that number', () => {
    const call = atCallback().send(press('2'));
    expect(call.path).toBe('live.callback.enteringNumber');

    call.send(enter('02155501234'));
    expect(call.path).toBe('live.callback.confirmingNumber');
    expect(call.heard()).toBe('We will call you back at 0, 2, 1, 5, 5, 5, 0, 1, 2, 3, 4. To confirm, press 1. To enter it again, press 2.');

    call.send(press('1'));
    expect(call.ticketsOpened()).toEqual([expect.objectContaining({ callbackNumber: '02155501234' })]);
  });

  it.each(['12345', '1234567890123456', '123*456'])('when the caller enters %s as a callback number, then it is refused', (number) => {
    const call = atCallback().send(press('2'), enter(number));

    expect(call.path).toBe('live.callback.enteringNumber');
    expect(wordsOf(call.voice())).toEqual([enUS.invalidEntry, enUS.enterCallbackNumber]);
  });

  it('when the caller ID is withheld, then the caller goes straight to entering a number', () => {
    const call = atCallback({ callerIdUsable: false, callerIdLast4: '' });

    expect(call.path).toBe('live.callback.enteringNumber');
    expect(call.heard()).not.toContain('ending in');
  });

  it('when the caller cannot confirm the callback number three times, then the request is still booked', () => {
    const call = atCallback().send(silence(), press('7'), silence());

    expect(call.path).toBe('live.callback.tellingReference');
    expect(call.ticketsOpened()).toHaveLength(1);
  });

  /** A caller with a withheld number asking for a callback from each branch: straight to entering a number. */
  const withheld: Partial<CallInput> = { callerIdUsable: false, callerIdLast4: '' };
  const callbackFrom: Array<[string, QueueName, () => PureCall]> = [
    ['a failed recharge', 'recharge', () => PureCall.atMainMenu('en-US', withheld).send(press('2'), skip(), skip(), press('2'))],
    ['a complaint', 'complaints', () => PureCall.atMainMenu('en-US', withheld).send(press('4'), press('1'), skip(), press('2'))],
    ['a complaint about our service', 'escalation', () => PureCall.atMainMenu('en-US', withheld).send(press('4'), press('4'), skip(), press('2'))],
    ['the freeze queue', 'freeze', () => PureCall.atMainMenu('en-US', withheld).send(press('1'), enter(MOBILE), press('1'), press('1'), queueEnded('leave'))],
    ['an outage', 'general', () => PureCall.atMainMenu('en-US', withheld).send(press('3', { outages: [anOutageNotice()] }), press('2'))],
    [
      'the queue after a ticket status',
      'general',
      () => PureCall.atMainMenu('en-US', withheld).send(press('5'), enter('24681357', { ticket: aTicket() }), press('1'), press('1'), queueEnded('leave')),
    ],
    ['the queue for a human', 'general', () => PureCall.atMainMenu('en-US', withheld).send(press('0'), press('1'), queueEnded('leave'))],
    ['a recharge queue that was closed', 'recharge', () => PureCall.atMainMenu('en-US', withheld).send(press('2'), skip(), skip(), press('1', closed))],
  ];

  it.each(callbackFrom)(
    'when a withheld caller from %s cannot enter a number three times while agents answer, then they are told and wait in the %s queue',
    (_, queue, arrive) => {
      const call = arrive();
      expect(call.path).toBe('live.callback.enteringNumber');

      call.send(silence(), enter('12'), silence());
      expect(call.voice()).toMatchObject({ kind: 'enqueue', queue });
      expect(call.heard()).toBe(enUS.tooManyAttempts);
    },
  );

  it('when a withheld caller cannot enter a number while agents are away, then they hear when to call again and goodbye', () => {
    const call = atCallback({ callerIdUsable: false, callerIdLast4: '' }).send(silence(closed), silence(closed), silence(closed));

    expect(call.path).toBe('live.sayingGoodbye');
    expect(call.voice()).toEqual({ kind: 'hangup', speech: [{ kind: 'say', text: enUS.goodbyeWithoutNumber, language: 'en-US' }] });
    expect(call.context.outcome).toBe('noCallbackNumber');
    expect(call.ticketsOpened()).toEqual([]);
  });

  it('when a caller who entered another number cannot confirm it, then the caller ID is offered again', () => {
    const call = atCallback().send(press('2'), silence(), silence(), silence());

    expect(call.path).toBe('live.callback.confirmingNumber');
    expect(call.heard()).toContain('ending in 5 6 7 8');
  });
});

describe('a freeze caller who leaves the queue for a callback', () => {
  const inFreezeQueue = (input: Partial<CallInput> = {}) => PureCall.atMainMenu('en-US', input).send(press('1'), enter(MOBILE), press('1'));

  it('when they confirm the callback, then their freeze ticket gets the callback number instead of a second ticket', () => {
    const call = inFreezeQueue().send(press('1'), queueEnded('leave'), press('2'), enter('13900139000'), press('1', { newReference: '99999999' }));

    expect(call.ticketsOpened().map((t) => t.reference)).toEqual([NEW_REFERENCE]);
    expect(call.actions).toEqual([expect.objectContaining({ type: 'setTicketCallback', params: { reference: NEW_REFERENCE, callbackNumber: '13900139000' } })]);
    expect(occurrences(call.heard(), REFERENCE_SPOKEN_EN)).toBe(2);
    expect(call.heard()).not.toContain('9, 9, 9, 9');
    expect(call.heard()).toContain('March 3 at 12:00 PM');
  });

  it('when they go back to the main menu and book a recharge callback, then that is a ticket of its own', () => {
    const call = inFreezeQueue().send(
      press('1'),
      queueEnded('leave'),
      press('9'),
      press('2'),
      enter('20261125'),
      skip(),
      press('2'),
      press('1', { newReference: '77777777' }),
    );

    expect(call.ticketsOpened().map((t) => [t.reference, t.category, t.orderNumber])).toEqual([
      [NEW_REFERENCE, 'freeze', null],
      ['77777777', 'recharge', '20261125'],
    ]);
    expect(call.actions.filter((a) => a.type === 'setTicketCallback')).toEqual([]);
    expect(occurrences(call.heard(), '7, 7, 7, 7, 7, 7, 7, 7')).toBe(2);
  });

  it('when they press 0 in the callback flow while other agents are away, then they go back to the freeze queue', () => {
    const call = inFreezeQueue().send(press('1', closed), queueEnded('leave', 30, closed), press('0', closed));

    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'freeze' });
    expect(call.heard()).not.toContain('business hours');
  });

  it.each([
    ['while other agents are away', closed],
    ['during opening hours', {}],
  ])('when a withheld freeze caller cannot enter a number %s, then they go back to the freeze queue (open around the clock)', (_, facts) => {
    const call = inFreezeQueue({ callerIdUsable: false, callerIdLast4: '' }).send(
      queueWaited(600, facts),
      queueEnded('leave', 600, facts),
      silence(facts),
      silence(facts),
      silence(facts),
    );

    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'freeze' });
  });
});

describe('waiting in a queue', () => {
  const inQueue = () => PureCall.atMainMenu().send(press('0'));

  it('when the hold loop asks, then the caller hears their position, the wait and the callback offer', () => {
    const turn = holdVoiceFor(inQueue().snapshot, { position: 3, estimatedMinutes: 4 });

    expect(turn).toMatchObject({ kind: 'ask', expect: { purpose: 'holdMenu', keys: 'one' } });
    expect(wordsOf(turn)).toEqual([
      'There are 2 callers ahead of you. The expected wait is about 4 minutes.',
      'If you would rather not wait, press 1 to request a callback.',
    ]);
  });

  it('when the wait has not reached the limit, then nothing changes', () => {
    const call = inQueue();

    expect(call.snapshot.can(queueWaited(599))).toBe(false);
    expect(call.send(queueWaited(599)).path).toBe('live.inQueue.waiting');
  });

  it('when the wait reaches the limit, then the caller leaves the queue and is offered a callback with an apology', () => {
    const call = inQueue().send(queueWaited(600));
    expect(call.path).toBe('live.inQueue.leaving');
    expect(call.voice()).toEqual({ kind: 'leaveQueue' });
    expect(holdVoiceFor(call.snapshot, { position: 1, estimatedMinutes: null })).toEqual({ kind: 'leaveQueue' });

    call.send(queueEnded('leave', 600));
    expect(call.path).toBe('live.callback.confirmingNumber');
    expect(wordsOf(call.voice())[0]).toBe('We are sorry to keep you waiting so long. We will book a callback for you.');

    call.send(press('1'));
    expect(call.ticketsOpened()).toEqual([expect.objectContaining({ origin: 'queueTimeout' })]);
    expect(call.context).toMatchObject({ queueResult: 'leave', queueSeconds: 600 });
  });

  it('when the caller presses 1 while holding, then they leave the queue for a callback, without an apology for the wait', () => {
    const call = inQueue().send(press('1'));
    expect(call.path).toBe('live.inQueue.leaving');

    call.send(queueEnded('leave', 30));
    expect(call.path).toBe('live.callback.confirmingNumber');
    expect(call.heard()).not.toContain('sorry');
    call.send(press('1'));
    expect(call.ticketsOpened()).toEqual([expect.objectContaining({ origin: 'leftQueue' })]);
  });

  it('when the caller presses another key while holding, then they keep waiting', () => {
    expect(inQueue().send(press('5')).path).toBe('live.inQueue.waiting');
  });

  it('when the caller hangs up in the queue, then the call ends as abandoned', () => {
    const call = inQueue().send(queueEnded('hangup', 42));

    expect(call.path).toBe('ended');
    expect(call.context).toMatchObject({ outcome: 'abandoned', queueResult: 'hangup', queueSeconds: 42 });
  });

  it.each(['bridged', 'redirected-from-bridged'] as const)(
    'when the queue ends %s and the agent ended the call, then the caller is asked for a 1–5 score, thanked and hung up on',
    (result) => {
      const call = inQueue().send(queueEnded(result, 42, AGENT_ENDED));

      expect(call.path).toBe('live.rating');
      expect(call.voice()).toMatchObject({ kind: 'ask', expect: { purpose: 'satisfaction', keys: 'one' } });
      expect(wordsOf(call.voice())).toContain(enUS.rateService);
      call.send(press('4'));
      expect(call.path).toBe('live.thankingCaller');
      expect(call.voice()).toEqual({ kind: 'hangup', speech: [{ kind: 'say', text: enUS.thanks, language: 'en-US' }] });
      call.send(callEnded());
      expect(call.context).toMatchObject({ outcome: 'answered', queueResult: result, finalStatus: 'completed', csatScore: 4 });
    },
  );

  it('when the caller says nothing to the satisfaction question, then it is skipped and they are thanked', () => {
    const call = inQueue()
      .send(queueEnded('bridged', 42, AGENT_ENDED))
      .send(silence());

    expect(call.path).toBe('live.thankingCaller');
    expect(call.context.csatScore).toBeNull();
  });

  it('when an agent takes the caller, then the caller hears the agent ID and the call records the agent', () => {
    const call = inQueue().send(queueConnecting('1001'));

    expect(call.path).toBe('live.inQueue.withAgent');
    expect(call.context).toMatchObject({ agentId: '1001', agentName: '张三', answeredAt: NOW, queueSeconds: 42 });
  });

  it('when the bridge ends while the agent is still deciding (after *), then the caller holds until the agent transfers them', () => {
    const call = inQueue()
      .send(queueConnecting('1001'))
      .send(queueEnded('bridged', 300, AGENT_PENDING));

    expect(call.path).toBe('live.afterAgent.holding');
    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'after-agent' });
    expect(wordsOf(holdVoiceFor(call.snapshot, { position: 1, estimatedMinutes: null }))).toContain(enUS.holdForAgent);
    call.send(queueWaited(5, AGENT_PENDING));
    expect(call.path).toBe('live.afterAgent.holding');
    call.send(queueWaited(10, AGENT_TRANSFERS));
    expect(call.path).toBe('live.afterAgent.leaving');
    call.send(queueEnded('leave', 10, AGENT_TRANSFERS));
    expect(call.path).toBe('live.inQueue.waiting');
    expect(call.voice()).toMatchObject({ kind: 'enqueue', queue: 'transfers' });
    expect(wordsOf(call.voice())).toContain(enUS.transferring);
    expect(call.context.transfer).toEqual({ agentId: '1001', agentName: '张三', reason: 'suspectedFraud' });
  });

  it('when the agent never decides, then after a while the caller goes on to the survey', () => {
    const call = inQueue()
      .send(queueEnded('bridged', 300, AGENT_PENDING))
      .send(queueWaited(95, AGENT_PENDING));

    expect(call.path).toBe('live.afterAgent.leaving');
    call.send(queueEnded('leave', 95, AGENT_PENDING));
    expect(call.path).toBe('live.rating');
  });

  it.each(['error', 'system-error', 'queue-full', 'redirected'] as QueueResult[])(
    'when the queue ends with %s, then the caller hears an apology and is offered a callback',
    (result) => {
      const call = inQueue().send(queueEnded(result));

      expect(call.path).toBe('live.callback.confirmingNumber');
      expect(wordsOf(call.voice())[0]).toBe(enUS.queueProblem);
    },
  );
});

describe('a caller who gives up after waiting in a queue', () => {
  const inQueue = (input: Partial<CallInput> = {}) => PureCall.atMainMenu('en-US', input).send(press('2'), skip(), skip(), press('1'));
  const timedOut = () => inQueue().send(queueWaited(QUEUE_MAX_WAIT_SECONDS), queueEnded('leave', QUEUE_MAX_WAIT_SECONDS));
  const askedForCallback = (input: Partial<CallInput> = {}) => inQueue(input).send(press('1'), queueEnded('leave', 30));

  it('when a caller whose wait timed out hangs up at the callback-number confirmation, then the call is abandoned, without a ticket', () => {
    const call = timedOut();
    expect(call.path).toBe('live.callback.confirmingNumber');

    call.send(callEnded());
    expect(call.path).toBe('ended');
    expect(call.context).toMatchObject({ outcome: 'abandoned', callbackReason: 'queueTimeout', ticketReference: null });
    expect(call.ticketsOpened()).toEqual([]);
  });

  it('when the queue could not keep the caller and they hang up at the callback-number confirmation, then the call is abandoned, without a ticket', () => {
    const call = inQueue().send(queueEnded('queue-full'), callEnded());

    expect(call.context).toMatchObject({ outcome: 'abandoned', callbackReason: 'queueProblem', ticketReference: null });
    expect(call.ticketsOpened()).toEqual([]);
  });

  it('when a caller who timed out goes back to the main menu and hangs up there, then the call is still abandoned', () => {
    const call = timedOut().send(press('9'), callEnded());

    expect(call.context.outcome).toBe('abandoned');
  });

  it('when a caller who pressed 1 for a callback hangs up at the confirmation, then the ticket is opened for the caller ID and the call is abandoned', () => {
    const call = askedForCallback().send(callEnded('completed', 60, { newReference: '55554444' }));

    expect(call.actions).toEqual([
      expect.objectContaining({
        type: 'openTicket',
        params: expect.objectContaining({ reference: '55554444', category: 'recharge', origin: 'leftQueue', callbackNumber: null }),
      }),
    ]);
    expect(call.context).toMatchObject({ outcome: 'abandoned', ticketReference: '55554444', ticketCategory: 'recharge', finalStatus: 'completed' });
  });

  it('when a caller who pressed 1 typed another number and hangs up before confirming it, then the ticket calls that number', () => {
    const call = askedForCallback().send(press('2'), enter('02155501234'), callEnded());

    expect(call.ticketsOpened()).toEqual([expect.objectContaining({ origin: 'leftQueue', callbackNumber: '02155501234' })]);
    expect(call.context.outcome).toBe('abandoned');
  });

  it('when a caller who pressed 1 hangs up while typing another number, then the ticket calls the caller ID', () => {
    const call = askedForCallback().send(press('2'), callEnded());

    expect(call.ticketsOpened()).toEqual([expect.objectContaining({ origin: 'leftQueue', callbackNumber: null })]);
  });

  it('when a withheld caller who pressed 1 hangs up before typing a number, then there is nobody to call back: abandoned, without a ticket', () => {
    const call = askedForCallback({ callerIdUsable: false, callerIdLast4: '' });
    expect(call.path).toBe('live.callback.enteringNumber');

    call.send(callEnded());
    expect(call.context).toMatchObject({ outcome: 'abandoned', ticketReference: null });
    expect(call.ticketsOpened()).toEqual([]);
  });

  it('when the status callback of a caller who pressed 1 is delivered twice, then one ticket is opened', () => {
    const call = askedForCallback().send(callEnded(), callEnded('completed', 70, { newReference: '99999999' }));

    expect(call.ticketsOpened().map((t) => t.reference)).toEqual([NEW_REFERENCE]);
  });

  it.each([
    ['the queue hang-up first', [queueEnded('hangup', 31), callEnded()]],
    ['the status callback first', [callEnded(), queueEnded('hangup', 31)]],
  ])('when a caller hangs up right after pressing 1, before leaving the queue (%s), then the ticket is opened once and the call is abandoned', (_, events) => {
    const call = inQueue().send(press('1'), ...events);

    expect(call.path).toBe('ended');
    expect(call.ticketsOpened()).toEqual([expect.objectContaining({ origin: 'leftQueue', category: 'recharge', callbackNumber: null })]);
    expect(call.context).toMatchObject({ outcome: 'abandoned', queueResult: 'hangup', ticketReference: NEW_REFERENCE, finalStatus: 'completed' });
  });

  it('when a caller whose wait is timing out hangs up before leaving the queue, then the call is abandoned, without a ticket', () => {
    const call = inQueue().send(queueWaited(QUEUE_MAX_WAIT_SECONDS), callEnded());

    expect(call.context.outcome).toBe('abandoned');
    expect(call.ticketsOpened()).toEqual([]);
  });

  it('when a freeze caller who pressed 1 hangs up at the confirmation, then their freeze ticket gets the callback instead of a second ticket', () => {
    const call = PureCall.atMainMenu().send(
      press('1'),
      enter(MOBILE),
      press('1'),
      press('1'),
      queueEnded('leave'),
      callEnded('completed', 80, { newReference: '99999999' }),
    );

    expect(call.ticketsOpened().map((t) => t.reference)).toEqual([NEW_REFERENCE]);
    expect(call.ticketCallbacksSet()).toEqual([{ reference: NEW_REFERENCE, callbackNumber: null }]);
    expect(call.context.outcome).toBe('abandoned');
  });

  it('when a caller asked for a callback from a menu, never queued, and hangs up at the confirmation, then the call is hung up in a menu', () => {
    const call = PureCall.atMainMenu().send(press('2'), skip(), skip(), press('2'), callEnded());

    expect(call.context.outcome).toBe('hungUpInMenu');
    expect(call.ticketsOpened()).toEqual([]);
  });
});

describe('the end of a call', () => {
  const atSecond = (seconds: number) => ({ now: new Date(Date.parse(NOW) + seconds * 1000).toISOString() });
  const inQueue = () => PureCall.atMainMenu().send(press('0'));
  const finalRecord = (call: PureCall) => {
    const { outcome, queueResult, queueSeconds, finalStatus, durationSeconds, endedAt, queueLeftAt } = call.context;
    return { outcome, queueResult, queueSeconds, finalStatus, durationSeconds, endedAt, queueLeftAt };
  };

  it('when the status callback and the queue hang-up arrive in either order, then the call record is the same', () => {
    const enqueueFirst = inQueue().send(queueEnded('hangup', 42, atSecond(42)), callEnded('completed', 60, atSecond(42)));
    const statusFirst = inQueue().send(callEnded('completed', 60, atSecond(42)), queueEnded('hangup', 42, atSecond(42)));

    expect(finalRecord(enqueueFirst)).toEqual({
      outcome: 'abandoned',
      queueResult: 'hangup',
      queueSeconds: 42,
      finalStatus: 'completed',
      durationSeconds: 60,
      endedAt: atSecond(42).now,
      queueLeftAt: atSecond(42).now,
    });
    expect(finalRecord(statusFirst)).toEqual(finalRecord(enqueueFirst));
  });

  it('when the status callback comes first and the queue hang-up late, then the wait Twilio reports is kept', () => {
    const call = inQueue().send(callEnded('completed', 60, atSecond(40)));
    expect(call.context.queueSeconds).toBe(40);

    call.send(queueEnded('hangup', 38, atSecond(45)));
    expect(call.context).toMatchObject({ outcome: 'abandoned', queueResult: 'hangup', queueSeconds: 38, queueLeftAt: atSecond(40).now });
  });

  it('when a status callback is delivered twice, then the second changes nothing', () => {
    const call = inQueue().send(queueEnded('hangup'), callEnded('completed', 60));
    const before = call.snapshot;
    const again = callEnded('failed', 99, atSecond(500));

    expect(call.snapshot.can(again)).toBe(false);
    call.send(again);
    expect(call.snapshot.context).toEqual(before.context);
    expect(call.snapshot.value).toEqual(before.value);
  });

  it('when the queue hang-up is delivered twice, then the second changes nothing', () => {
    const call = inQueue().send(callEnded('completed', 60), queueEnded('hangup', 42));

    expect(call.snapshot.can(queueEnded('hangup', 7))).toBe(false);
  });

  it('when the caller hangs up in a menu, then the call ends as hung up in a menu', () => {
    const call = PureCall.atMainMenu().send(press('4'), callEnded('completed', 33, atSecond(33)));

    expect(call.path).toBe('ended');
    expect(call.context).toMatchObject({
      outcome: 'hungUpInMenu',
      finalStatus: 'completed',
      durationSeconds: 33,
      endedAt: atSecond(33).now,
      queueResult: null,
      queueSeconds: null,
    });
    expect(call.voice()).toEqual({ kind: 'hangup', speech: [] });
  });

  it('when the caller hangs up while hearing their callback reference, then the call keeps its ticket outcome', () => {
    const call = PureCall.atMainMenu().send(press('2'), skip(), skip(), press('2'), press('1'), callEnded());

    expect(call.context.outcome).toBe('ticket');
    expect(call.context.ticketReference).toBe(NEW_REFERENCE);
  });

  it('when the call ended before any menu, then a late queue result is ignored', () => {
    const call = PureCall.start().send(callEnded('canceled', 0));

    expect(call.snapshot.can(queueEnded('hangup'))).toBe(false);
    expect(call.context).toMatchObject({ outcome: 'hungUpInMenu', finalStatus: 'canceled' });
  });
});
