import type { Language } from '../../../flows/call-flow.types';
import { enUS, type ConsoleLabels } from './en-US.labels';
import { zhCN } from './zh-CN.labels';

export type { ConsoleLabels } from './en-US.labels';

/** Console languages: the hotline's own codes; Chinese by default, English by switch (a cookie). */
export type ConsoleLanguage = Language;

const LABELS: Record<ConsoleLanguage, ConsoleLabels> = { 'zh-CN': zhCN, 'en-US': enUS };

/** The labels of a console language. */
export function labelsFor(language: ConsoleLanguage): ConsoleLabels {
  return LABELS[language];
}

/** English only when asked for (`en-US`, or `en` from cookies set before the codes were unified); Chinese otherwise. */
export function parseConsoleLanguage(value: string | undefined): ConsoleLanguage {
  return value === 'en-US' || value === 'en' ? 'en-US' : 'zh-CN';
}

/** A label from a map, or the key itself when the map has none (values stay readable, never blank). */
export function labelOf(map: Record<string, string>, key: string | null | undefined): string {
  if (!key) return '';
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key]! : key;
}
