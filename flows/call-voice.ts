import type { SnapshotFrom } from 'xstate';
import { statePath } from './state-path';
import type { Language, Note, QueueName } from './call-flow.types';
import type { HotlineMachine } from './hotline.flow';
import { enUS } from './prompts/en-US.prompts';
import type { PromptCatalog } from './prompts/prompt-catalog';
import { zhCN } from './prompts/zh-CN.prompts';
import type { HoldSituation, Speech, VoiceTurn } from './voice.types';

export type CallSnapshot = SnapshotFrom<HotlineMachine>;

const PROMPTS: Record<Language, PromptCatalog> = { 'zh-CN': zhCN, 'en-US': enUS };

const MENU_TIMEOUT_SECONDS = 6;
const ENTRY_TIMEOUT_SECONDS = 8;
const HOLD_KEY_TIMEOUT_SECONDS = 2;

function say(text: string, language: Language): Speech {
  return { kind: 'say', text, language };
}

function noteText(p: PromptCatalog, n: Note, lang: Language): string {
  switch (n.kind) {
    case 'invalidChoice':
      return p.invalidChoice;
    case 'noInput':
      return p.noInput;
    case 'invalidEntry':
      return p.invalidEntry;
    case 'ticketNotFound':
      return p.ticketReferenceUnknown;
    case 'tooManyAttempts':
      return p.tooManyAttempts;
    case 'closed':
      return p.closed(n.reason);
    case 'queueTimedOut':
      return p.queueTimedOut;
    case 'queueProblem':
      return p.queueProblem;
    case 'transferring':
      return p.transferring;
    case 'freezeRecorded':
      return p.freezeRecorded(p.spokenDigits(n.reference));
    case 'outageShort':
      return p.outageShort(n.notices.map((notice) => notice.short[lang]));
  }
}

/**
 * What the caller hears now and what is expected of them, for the state the call is in.
 * Pure: the same snapshot always gives the same turn, so a replayed webhook hears the same thing.
 */
export function voiceFor(snapshot: CallSnapshot): VoiceTurn {
  const c = snapshot.context;
  const lang = c.language;
  const p = PROMPTS[lang];
  const notes = c.notes.map((n) => say(noteText(p, n, lang), lang));
  const path = statePath(snapshot.value);
  const ask = (purpose: Parameters<typeof menuTurn>[0], ...texts: string[]) => menuTurn(purpose, [...notes, ...texts.map((t) => say(t, lang))]);
  const enter = (purpose: Parameters<typeof menuTurn>[0], ...texts: string[]) => entryTurn(purpose, [...notes, ...texts.map((t) => say(t, lang))]);

  switch (path) {
    case 'live.choosingLanguage':
      return menuTurn('language', [
        ...c.notes.map((n) => say(noteText(zhCN, n, 'zh-CN'), 'zh-CN')),
        say(zhCN.greeting, 'zh-CN'),
        say(zhCN.chooseThisLanguage, 'zh-CN'),
        // English callers hear the recording notice in English too, before their option.
        say(enUS.greeting, 'en-US'),
        say(enUS.chooseThisLanguage, 'en-US'),
      ]);
    case 'live.mainMenu':
      return ask('mainMenu', p.mainMenu);
    case 'live.freeze.enteringMobileNumber':
      return enter('mobileNumber', p.enterMobileNumber);
    case 'live.freeze.confirmingMobileNumber':
      return ask('confirmMobileNumber', p.confirmMobileNumber(p.spokenDigits(c.mobileNumber ?? '')));
    case 'live.recharge.enteringOrderNumber':
      return enter('orderNumber', p.enterOrderNumber);
    case 'live.recharge.enteringAmount':
      return enter('amount', p.enterAmount);
    case 'live.recharge.choosingNextStep':
      return ask('rechargeNextStep', p.rechargeAdvice, p.navigationHint);
    case 'live.outage.choosingNextStep':
      return c.notices.length > 0
        ? ask(
            'outageNextStep',
            ...c.notices.map((n) => p.outageNotice(n.message[lang], n.expectedRecoveryAt ? p.moment(n.expectedRecoveryAt, c.timeZone) : null)),
            p.outageOptions,
          )
        : ask('outageNextStep', p.noKnownOutage);
    case 'live.complaint.choosingCategory':
      return ask('complaintCategory', p.complaintCategories, p.navigationHint);
    case 'live.complaint.enteringTransactionNumber':
      return enter('transactionNumber', p.enterTransactionNumber);
    case 'live.complaint.choosingNextStep':
      return ask('complaintNextStep', p.complaintOptions(c.complaintCategory === 'service'), p.navigationHint);
    case 'live.ticketStatus.enteringReference':
      return enter('ticketReference', p.enterTicketReference);
    case 'live.ticketStatus.hearingStatus':
      return c.ticketFound
        ? ask(
            'ticketNextStep',
            p.ticketStatus(p.spokenDigits(c.ticketFound.reference), c.ticketFound.status, p.moment(c.ticketFound.dueAt, c.timeZone)),
            p.ticketOptions,
          )
        : ask('ticketNextStep', p.ticketNotFound, p.ticketOptions);
    case 'live.inQueue.waiting':
      return { kind: 'enqueue', speech: notes, queue: c.queue as QueueName };
    case 'live.inQueue.leaving':
    case 'live.inQueue.moving':
    case 'live.afterAgent.leaving':
      return { kind: 'leaveQueue' };
    case 'live.inQueue.withAgent':
      // Talking to an agent: Twilio asks nothing of us until the bridge ends.
      return { kind: 'speak', speech: [] };
    case 'live.afterAgent.holding':
      return { kind: 'enqueue', speech: [...notes, say(p.holdForAgent, lang)], queue: 'after-agent' };
    case 'live.rating':
      return ask('satisfaction', p.rateService);
    case 'live.callback.confirmingNumber':
      return ask('confirmCallbackNumber', c.callbackNumber ? p.confirmEnteredNumber(p.spokenDigits(c.callbackNumber)) : p.confirmCallerId(c.callerIdLast4));
    case 'live.callback.enteringNumber':
      return enter('callbackNumber', p.enterCallbackNumber);
    case 'live.callback.tellingReference':
      return {
        kind: 'hangup',
        speech: [...notes, say(p.callbackBooked(p.spokenDigits(c.ticketReference ?? ''), p.moment(c.ticketDueAt ?? c.endedAt ?? '', c.timeZone)), lang)],
      };
    case 'live.thankingCaller':
      return { kind: 'hangup', speech: [...notes, say(p.thanks, lang)] };
    case 'live.sayingGoodbye':
      return { kind: 'hangup', speech: [...notes, say(p.goodbyeWithoutNumber, lang)] };
    case 'ended':
      return { kind: 'hangup', speech: [] };
    default:
      throw new Error(`no voice for state ${path}`);
  }
}

/** The hold loop (Twilio's `waitUrl`): where the caller is in the queue, the callback offer, music. */
export function holdVoiceFor(snapshot: CallSnapshot, situation: HoldSituation): VoiceTurn {
  if (!snapshot.hasTag('holding') || statePath(snapshot.value).endsWith('.leaving')) return { kind: 'leaveQueue' };
  const lang = snapshot.context.language;
  const p = PROMPTS[lang];
  if (snapshot.hasTag('awaitsAgent')) return { kind: 'speak', speech: [say(p.holdForAgent, lang), { kind: 'pause', seconds: 3 }] };
  const where = situation.staffed === false ? [say(p.noAgentsOnline, lang)] : [say(p.hold(situation), lang), say(p.holdOffer, lang)];
  return {
    kind: 'ask',
    speech: [...where, { kind: 'music' }],
    expect: { purpose: 'holdMenu', keys: 'one', timeoutSeconds: HOLD_KEY_TIMEOUT_SECONDS },
  };
}

/**
 * What to say when the hotline itself failed. In a menu the caller goes to the general queue; while holding
 * they stay where they are. `null`: the language is unknown (no database), so both are spoken.
 */
export function apologyVoice(language: Language | null, where: 'menu' | 'holding'): VoiceTurn {
  const languages: Language[] = language ? [language] : ['zh-CN', 'en-US'];
  const speech = languages.map((l) => say(where === 'menu' ? PROMPTS[l].apologyToAgent : PROMPTS[l].apologyWhileHolding, l));
  return where === 'menu' ? { kind: 'enqueue', speech, queue: 'general' } : { kind: 'speak', speech: [...speech, { kind: 'music' }] };
}

/** Goodbye after an agent, when nothing about the call can be looked up. */
export function bareThanksVoice(language: Language | null): VoiceTurn {
  const languages: Language[] = language ? [language] : ['zh-CN', 'en-US'];
  return { kind: 'hangup', speech: languages.map((l) => say(PROMPTS[l].thanks, l)) };
}

function menuTurn(purpose: Extract<VoiceTurn, { kind: 'ask' }>['expect']['purpose'], speech: Speech[]): VoiceTurn {
  return { kind: 'ask', speech, expect: { purpose, keys: 'one', timeoutSeconds: MENU_TIMEOUT_SECONDS } };
}

function entryTurn(purpose: Extract<VoiceTurn, { kind: 'ask' }>['expect']['purpose'], speech: Speech[]): VoiceTurn {
  return { kind: 'ask', speech, expect: { purpose, keys: 'digits', timeoutSeconds: ENTRY_TIMEOUT_SECONDS } };
}
