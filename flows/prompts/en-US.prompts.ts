import type { PromptCatalog } from './prompt-catalog';

const STATUS = { open: 'in progress', calledBack: 'called back, follow-up in progress', resolved: 'resolved' } as const;

/** English prompts. */
export const enUS: PromptCatalog = {
  greeting: 'Hello, and thank you for calling the wallet support line. To serve you better, your key presses are recorded.',
  chooseThisLanguage: 'For English, press 2.',
  mainMenu:
    'If your phone was lost or stolen, or you see suspicious activity and want to freeze your account, press 1. For a failed recharge or top-up, press 2. For a service outage, press 3. To make a complaint, press 4. To check a ticket, press 5. To speak to an agent, press 0. To hear these options again, press star.',
  navigationHint: 'For an agent, press 0. For the main menu, press 9. To repeat, press star.',

  enterMobileNumber: 'Please enter the mobile number registered to your wallet, followed by the pound key.',
  confirmMobileNumber: (n) => `You entered ${n}. To confirm, press 1. To enter it again, press 2.`,
  freezeRecorded: (ref) =>
    `Your freeze request is recorded. Your request reference is ${ref}. Again, ${ref}. Please note this is a request: our agents and risk team decide on the freeze. We are putting you through to an agent with priority.`,

  enterOrderNumber: 'Please enter the recharge order number, followed by the pound key. If you do not have it, just press pound.',
  enterAmount: 'Please enter the amount, followed by the pound key. Use the star key for the decimal point. To skip, just press pound.',
  rechargeAdvice:
    'You could first check that your bank card or payment channel is working, check your balance and recharge limits, or try another payment method. To wait for an agent, press 1. To request a callback, press 2.',

  outageNotice: (message, recovery) => (recovery ? `${message}. We expect it to be fixed by ${recovery}.` : `${message}.`),
  outageOptions: 'To speak to an agent, press 1. For a callback once it is fixed, press 2. For the main menu, press 9.',
  noKnownOutage:
    'We know of no outage right now. Please check your network connection, or close and restart the app. To speak to an agent, press 1. For the main menu, press 9.',

  complaintCategories:
    'For a failed transaction, or money taken but not received, press 1. For a frozen or blocked account, press 2. For privacy and security, press 3. If you are unhappy with our service, press 4. For anything else, press 5.',
  enterTransactionNumber: 'If you have a related transaction number, enter it followed by the pound key. Otherwise, just press pound.',
  complaintOptions: (toSupervisors) =>
    `We answer every complaint within 24 hours. To wait for ${toSupervisors ? 'a supervisor' : 'an agent'}, press 1. To request a callback, press 2.`,

  enterTicketReference: 'Please enter your 8-digit ticket reference.',
  ticketStatus: (ref, status, due) => `Ticket ${ref} is ${STATUS[status]}. We expect to answer by ${due}.`,
  ticketNotFound: 'Sorry, we could not find your ticket.',
  ticketOptions: 'To speak to an agent, press 1. For the main menu, press 9.',

  hold: ({ position, estimatedMinutes }) =>
    `${position <= 1 ? 'You are next in line.' : `There ${position === 2 ? 'is 1 caller' : `are ${position - 1} callers`} ahead of you.`}${
      estimatedMinutes === null ? '' : ` The expected wait is about ${estimatedMinutes} minute${estimatedMinutes === 1 ? '' : 's'}.`
    }`,
  holdOffer: 'If you would rather not wait, press 1 to request a callback.',
  noAgentsOnline: 'No agent for this line is available right now. Press 1 to request a callback, or stay on the line.',
  holdForAgent: 'Please hold while your agent finishes your request.',
  transferring: 'We are transferring you to a supervisor. Please hold.',
  rateService: 'Please rate our service from 1 to 5, where 5 is very satisfied and 1 is very dissatisfied.',

  confirmCallerId: (last4) =>
    `We will call you back at the number ending in ${last4.split('').join(' ')}. To confirm, press 1. To use another number, press 2.`,
  confirmEnteredNumber: (n) => `We will call you back at ${n}. To confirm, press 1. To enter it again, press 2.`,
  enterCallbackNumber: 'Please enter the number to call you back on, followed by the pound key.',
  callbackBooked: (ref, due) =>
    `Your callback request is booked. Your ticket reference is ${ref}. Again, ${ref}. We will call you back by ${due}. Thank you for calling. Goodbye.`,

  invalidChoice: 'Sorry, that is not a valid choice.',
  noInput: 'Sorry, we did not hear a key press.',
  invalidEntry: 'Sorry, that number is not valid.',
  ticketReferenceUnknown: 'Sorry, we could not find that ticket reference. Please try again.',
  tooManyAttempts: 'Let me put you through to an agent.',
  closed: (reason) =>
    ({
      afterHours: 'Our agents are not available outside business hours. We will book a callback for you.',
      holiday: 'Our agents are not available on public holidays. We will book a callback for you.',
      emergency: 'Our agents are not available right now. We will book a callback for you.',
    })[reason],
  queueTimedOut: 'We are sorry to keep you waiting so long. We will book a callback for you.',
  queueProblem: 'Sorry, we could not connect you. We will book a callback for you.',
  outageShort: (texts) => `Service notice: ${texts.join('. ')}.`,

  thanks: 'Thank you for calling. Goodbye.',
  goodbyeWithoutNumber: 'Sorry, we could not take a number to call you back. Please call again during business hours. Goodbye.',
  apologyToAgent: 'Sorry, we are having a technical problem. Let me put you through to an agent.',
  apologyWhileHolding: 'Sorry, we are having a technical problem. Please stay on the line.',

  spokenDigits: (digits) => digits.split('').join(', '),
  moment: (iso, timeZone) =>
    new Intl.DateTimeFormat('en-US', { timeZone, month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso)),
};
