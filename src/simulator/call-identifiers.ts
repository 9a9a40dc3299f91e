import { randomBytes } from 'node:crypto';

/** A Twilio-shaped SID: two-letter prefix and 32 lowercase hex digits (CA… calls, AC… accounts, QU… queues). */
export function newSid(prefix: 'CA' | 'AC' | 'QU'): string {
  return prefix + randomBytes(16).toString('hex');
}

// Enough of the E.164 country codes for the regions this hotline hears from; longest prefix first.
const COUNTRY_PREFIXES: Array<[string, string]> = [
  ['852', 'HK'],
  ['853', 'MO'],
  ['886', 'TW'],
  ['86', 'CN'],
  ['44', 'GB'],
  ['49', 'DE'],
  ['33', 'FR'],
  ['81', 'JP'],
  ['82', 'KR'],
  ['65', 'SG'],
  ['61', 'AU'],
  ['91', 'IN'],
  ['1', 'US'],
];

/** The ISO country Twilio would report for an E.164 number, or '' when unknown. */
export function countryOf(number: string): string {
  if (!number.startsWith('+')) return '';
  const digits = number.slice(1);
  return COUNTRY_PREFIXES.find(([prefix]) => digits.startsWith(prefix))?.[1] ?? '';
}
