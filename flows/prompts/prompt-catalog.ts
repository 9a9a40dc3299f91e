import type { ClosedReason, TicketStatus } from '../call-flow.types';
import type { HoldSituation } from '../voice.types';

/** Every sentence the hotline says, in one language. Both catalogs implement all of it (the compiler checks). */
export interface PromptCatalog {
  /** Welcome and the notice that keypresses are recorded to serve the caller. */
  greeting: string;
  /** This language's line of the language menu, said in this language. */
  chooseThisLanguage: string;
  mainMenu: string;
  /** The keys that work in every menu below the main menu. */
  navigationHint: string;

  enterMobileNumber: string;
  confirmMobileNumber(spokenNumber: string): string;
  freezeRecorded(spokenReference: string): string;

  enterOrderNumber: string;
  enterAmount: string;
  rechargeAdvice: string;

  outageNotice(message: string, expectedRecovery: string | null): string;
  outageOptions: string;
  noKnownOutage: string;

  complaintCategories: string;
  enterTransactionNumber: string;
  complaintOptions(toSupervisors: boolean): string;

  enterTicketReference: string;
  ticketStatus(spokenReference: string, status: TicketStatus, due: string): string;
  ticketNotFound: string;
  ticketOptions: string;

  hold(situation: HoldSituation): string;
  holdOffer: string;
  /** Nobody who works this queue is logged in right now. */
  noAgentsOnline: string;
  /** The agent stepped away to decide what happens next (e.g. a transfer). */
  holdForAgent: string;
  transferring: string;
  rateService: string;

  confirmCallerId(last4: string): string;
  confirmEnteredNumber(spokenNumber: string): string;
  enterCallbackNumber: string;
  callbackBooked(spokenReference: string, due: string): string;

  invalidChoice: string;
  noInput: string;
  invalidEntry: string;
  ticketReferenceUnknown: string;
  tooManyAttempts: string;
  closed(reason: ClosedReason): string;
  queueTimedOut: string;
  queueProblem: string;
  outageShort(texts: string[]): string;

  thanks: string;
  goodbyeWithoutNumber: string;
  /** Something broke while the caller was in a menu: they are sent to a human. */
  apologyToAgent: string;
  /** Something broke while the caller was holding: they stay where they are. */
  apologyWhileHolding: string;

  /** Digits said one by one, e.g. a reference to write down. */
  spokenDigits(digits: string): string;
  /** A moment in the hotline's time zone, e.g. when a ticket is due. */
  moment(iso: string, timeZone: string): string;
}
