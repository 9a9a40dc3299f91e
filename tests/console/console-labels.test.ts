import { BRANCHES, CALL_OUTCOMES, COMPLAINT_CATEGORIES, QUEUES_BY_PRIORITY, TICKET_CATEGORIES, TICKET_STATUSES } from '../../flows/call-flow.types';
import { enUS } from '../../src/console/i18n/en-US.labels';
import { zhCN } from '../../src/console/i18n/zh-CN.labels';
import { labelsFor, parseConsoleLanguage } from '../../src/console/i18n/console-labels';

/** Every key path of a label tree, e.g. `calls.outcome`. */
function keyPaths(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(tree: unknown): unknown[] {
  if (typeof tree !== 'object' || tree === null) return [tree];
  return Object.values(tree).flatMap(leaves);
}

describe('the console labels, one file per language', () => {
  test('when both languages are compared, then they have exactly the same keys, and no label is empty', () => {
    expect(keyPaths(zhCN).sort()).toEqual(keyPaths(enUS).sort());
    for (const labels of [enUS, zhCN]) {
      expect(leaves(labels).filter((l) => typeof l === 'string' && l.trim() === '')).toEqual([]);
    }
  });

  test.each([
    ['branches', BRANCHES],
    ['outcomes', CALL_OUTCOMES],
    ['queues', QUEUES_BY_PRIORITY],
    ['categories', TICKET_CATEGORIES],
    ['complaintCategories', COMPLAINT_CATEGORIES],
  ] as const)('when the %s are labelled, then every value of the enumeration has a label in both languages and nothing else does', (map, values) => {
    for (const labels of [enUS, zhCN]) expect(Object.keys(labels[map]).sort()).toEqual([...values].sort());
    expect(Object.keys(enUS.tickets.statuses).sort()).toEqual([...TICKET_STATUSES].sort());
  });

  test('when a cookie holds an old code (zh, en) or a new one, then the console reads it', () => {
    expect(parseConsoleLanguage('en')).toBe('en-US');
    expect(parseConsoleLanguage('en-US')).toBe('en-US');
    expect(parseConsoleLanguage('zh')).toBe('zh-CN');
    expect(parseConsoleLanguage(undefined)).toBe('zh-CN');
    expect(labelsFor('zh-CN').htmlLang).toBe('zh-CN');
  });
});
