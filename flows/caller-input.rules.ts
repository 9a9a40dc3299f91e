/** Rules for what callers type on the keypad; pure so the flow and its tests share them. */

/** A lone key that navigates rather than answers: `0` a human, `9` the main menu, `*` repeat. */
export type NavigationKey = '0' | '9' | '*';

export const isMobileNumber = (digits: string): boolean => /^\d{6,15}$/.test(digits);

export const isCallbackNumber = (digits: string): boolean => /^\d{6,15}$/.test(digits);

export const isReferenceNumber = (digits: string): boolean => /^\d{1,32}$/.test(digits);

export const isTicketReference = (digits: string): boolean => /^\d{8}$/.test(digits);

/** `12*5` → `12.5`; the keypad has no decimal point, so `*` stands in for it. Null when not an amount. */
export function parseAmount(digits: string): string | null {
  const m = /^(\d{1,9})(?:\*(\d{1,2}))?$/.exec(digits);
  if (!m) return null;
  const whole = String(Number(m[1]));
  const amount = m[2] ? `${whole}.${m[2]}` : whole;
  return Number(amount) > 0 ? amount : null;
}

/** The last four digits of a phone number, for "the number ending in 5678". */
export const lastFour = (number: string): string => number.replace(/\D/g, '').slice(-4);
