/** Rules for what callers type on the keypad; pure so the flow and its tests share them. */

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
