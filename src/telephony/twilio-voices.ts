import type { Language } from '../../flows/call-flow.types';

/**
 * One Twilio voice per language, pinned: an invalid voice/language pair makes the Say verb fail.
 * Amazon Polly names Mandarin `cmn-CN` (Twilio's basic voices call it `zh-CN`).
 */
export const TWILIO_VOICES: Record<Language, { voice: string; language: string }> = {
  'zh-CN': { voice: 'Polly.Zhiyu', language: 'cmn-CN' },
  'en-US': { voice: 'Polly.Joanna', language: 'en-US' },
};
