import type { Language } from '../call-flow.types';

/** What callers hear while the hotline runs without its database; both languages, as the caller's is unknown. */
export interface EmergencyPrompts {
  /** The honest hold message: service is degraded, the position, and the callback offer. */
  degradedHold(position: number): string;
  waitedTooLong: string;
  /** A callback booked during the outage; `number` as the caller hears it, `reference` spoken digit by digit or null. */
  callbackRecorded(number: string, reference: string | null): string;
  enterCallbackNumber: string;
  noCallbackNumber: string;
  spokenDigits(digits: string): string;
}

const zhCN: EmergencyPrompts = {
  degradedHold: (position) =>
    `系统目前出现故障，服务受到影响，等待时间可能比平时长。${position <= 1 ? '您是下一位。' : `您前面还有${position - 1}位来电者。`}如需回电，请按1。`,
  waitedTooLong: '很抱歉让您久等了。',
  callbackRecorded: (number, reference) =>
    `您的回电请求已记录。系统恢复后，我们会尽快给${number}回电，最迟在24小时内。${
      reference ? `您的工单号是：${reference}。再说一遍：${reference}。` : '工单号将在回电时告知您。'
    }感谢您的来电，再见。`,
  enterCallbackNumber: '请输入回电号码，以井号键结束。',
  noCallbackNumber: '很抱歉，我们未能记录回电号码。请稍后再次来电。再见。',
  spokenDigits: (digits) => digits.split('').join('、'),
};

const enUS: EmergencyPrompts = {
  degradedHold: (position) =>
    `Our systems are having a problem, so service is limited and waits may be longer than usual. ${
      position <= 1 ? 'You are next in line.' : `There are ${position - 1} callers ahead of you.`
    } To request a callback, press 1.`,
  waitedTooLong: 'We are sorry you have waited so long.',
  callbackRecorded: (number, reference) =>
    `Your callback request is recorded. Once our systems are back we will call ${number} as soon as we can, within 24 hours. ${
      reference ? `Your ticket reference is ${reference}. Again, ${reference}.` : 'We will give you your ticket reference when we call.'
    } Thank you for calling. Goodbye.`,
  enterCallbackNumber: 'Please enter the number we should call you back on, followed by the pound key.',
  noCallbackNumber: 'Sorry, we could not record a number to call you back. Please call again later. Goodbye.',
  spokenDigits: (digits) => digits.split('').join(', '),
};

export const EMERGENCY_PROMPTS: Record<Language, EmergencyPrompts> = { 'zh-CN': zhCN, 'en-US': enUS };

/** How each language names a number by its last four digits, or in full when the caller typed it. */
export const numberAsHeard: Record<Language, (n: { last4: string } | { typed: string }) => string> = {
  'zh-CN': (n) => ('last4' in n ? `尾号为${zhCN.spokenDigits(n.last4)}的号码` : zhCN.spokenDigits(n.typed)),
  'en-US': (n) => ('last4' in n ? `the number ending in ${enUS.spokenDigits(n.last4)}` : enUS.spokenDigits(n.typed)),
};
