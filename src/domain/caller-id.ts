/** What the hotline may do with the number Twilio reports as the caller. */
export interface CallerId {
  /** A mainland China number we can call back; withheld, SIP and foreign-format numbers are not. */
  usable: boolean;
  last4: string;
}

const WITHHELD = new Set(['', 'anonymous', 'private', 'unknown', 'restricted', 'unavailable', '+266696687']);

/** Classifies Twilio's `From` (E.164, `anonymous`, `client:…`, `sip:…`). */
export function classifyCallerId(from: string): CallerId {
  const raw = from.trim();
  if (WITHHELD.has(raw.toLowerCase()) || /^(sip|client):/i.test(raw)) return { usable: false, last4: '' };
  const digits = raw.replace(/\D/g, '');
  // Mobiles 13x–19x; landlines: Beijing's area code is 10, the others start with 2–9.
  const usable = /^\+86(1[3-9]\d{9}|10\d{8}|[2-9]\d{8,10})$/.test(raw);
  return { usable, last4: digits.slice(-4) };
}

/** `+8613800138000` → `138****8000`; anything else keeps only its last four digits. Never logs a whole number. */
export function maskPhoneNumber(number: string | null | undefined): string {
  if (!number) return '';
  const raw = number.trim();
  if (/^(sip|client):/i.test(raw)) return raw.split(':')[0] + ':****';
  const national = raw.replace(/^\+86/, '').replace(/\D/g, '');
  if (national.length === 0) return raw.length <= 16 ? raw.replace(/[^\w+-]/g, '') : '****';
  if (national.length >= 11) return `${national.slice(0, 3)}****${national.slice(-4)}`;
  return `****${national.slice(-4)}`;
}
