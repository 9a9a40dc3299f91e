import { and } from 'xstate';
import type { CallEvent, InputPurpose, Note, QueueName } from './call-flow.types';
import type { callActions } from './call-actions';
import { digitsOf, failedOnce, heard, note, retry, set, type CallArgs, type callGuards } from './call-context';
import type { ticketActions } from './ticket-rules';

// Menus and digit entries follow the same rules everywhere (see README "Call flow"), so their transitions are
// built here once instead of being repeated in every state.

type GuardName = keyof typeof callGuards;
type ActionName = keyof typeof callActions | keyof typeof ticketActions;
type Actions = Array<ActionName | object>;
/** A transition as the state tree writes it; named guards and actions are checked by name. */
type Transition = { target?: string; guard?: GuardName | object; actions?: Actions };

/** The named guard of a lone key. */
const pressed = (key: string) => ({ type: 'pressed', params: { key } }) as const;

interface MenuOption {
  key: string;
  meaning: string;
  target: string;
  /** A named guard the option needs besides its key. */
  guard?: GuardName;
  actions?: Transition['actions'];
}

interface MenuRules {
  /** Where a caller goes after three failed attempts; their branch's queue unless given. */
  fallbackQueue?: QueueName;
  /** Below the main menu: 0 a human, 9 the main menu. */
  withNavigation: boolean;
  onTooMany?: Transition | Transition[];
  /** Where `0` goes; freeze callers keep their priority. */
  humanQueue?: QueueName;
}

/** A one-key menu: its options, `*` repeats, 0/9 navigate below the main menu, three failures reach a human. */
export function menu(purpose: InputPurpose, options: MenuOption[], rules: MenuRules) {
  const chosen: Transition[] = options.map((o) => ({
    guard: o.guard ? and([pressed(o.key), o.guard]) : pressed(o.key),
    target: o.target,
    actions: ['clearNotes', heard(purpose, o.meaning), ...(o.actions ?? [])],
  }));
  const repeat: Transition = { guard: pressed('*'), actions: ['clearNotes', heard(purpose, 'repeat')] };
  const nav = rules.withNavigation ? navigation(purpose, true, rules.humanQueue) : [];
  const failures = (meaning: string, kind: 'invalidChoice' | 'noInput') =>
    retry(purpose, meaning, kind, tooMany(purpose, meaning, rules.fallbackQueue, rules.onTooMany));
  return {
    'caller.pressed': [...chosen, repeat, ...nav, ...failures('invalid', 'invalidChoice')],
    'caller.garbled': failures('garbled', 'invalidChoice'),
    'caller.silent': failures('silence', 'noInput'),
  } as never;
}

function navigation(purpose: InputPurpose, mainMenuKey: boolean, humanQueue?: QueueName): Transition[] {
  const nav: Transition[] = [
    {
      guard: pressed('0'),
      target: '#call.live.routingToAgent',
      // A freeze caller who left the freeze queue (for a callback) keeps its priority and its round-the-clock agents.
      actions: [
        'clearNotes',
        heard(purpose, 'human'),
        set({ queue: ({ context }) => humanQueue ?? (context.branch === 'freeze' ? ('freeze' as const) : ('general' as const)) }),
      ],
    },
  ];
  if (mainMenuKey) {
    nav.push({ guard: pressed('9'), target: '#call.live.mainMenu', actions: ['clearNotes', heard(purpose, 'main menu')] });
  }
  return nav;
}

function tooMany(purpose: InputPurpose, meaning: string, fallbackQueue: QueueName | undefined, custom?: Transition | Transition[]): Transition[] {
  const prefix: Actions = ['clearNotes', heard(purpose, `${meaning}, too many attempts`), 'resetAttempts'];
  if (custom) {
    return (Array.isArray(custom) ? custom : [custom]).map((t) => ({ ...t, actions: [...prefix, ...(t.actions ?? [])] }));
  }
  return [
    {
      target: '#call.live.routingToAgent',
      actions: [
        ...prefix,
        note({ kind: 'tooManyAttempts' }),
        fallbackQueue ? { type: 'aimAt', params: { queue: fallbackQueue } } : ('aimAtBranchQueue' as const),
      ],
    },
  ];
}

interface EntryRules {
  accept: (digits: string, event: CallEvent) => boolean;
  onValid: Transition;
  /** `#` alone skips; silence re-prompts once, then skips. */
  optional: boolean;
  onSkip?: Transition;
  /** Where a caller goes after three failed attempts; their branch's queue unless given. */
  fallbackQueue?: QueueName;
  onTooMany?: Transition | Transition[];
  mainMenuKey?: boolean;
  humanQueue?: QueueName;
  invalidNote?: (digits: string) => Extract<Note['kind'], 'invalidEntry' | 'ticketNotFound'>;
}

/** A digit entry ending with `#`: valid input moves on; 0 alone a human, * alone repeats, 9 alone the main menu. */
export function entry(purpose: InputPurpose, rules: EntryRules) {
  const { invalidNote } = rules;
  const invalidKind = invalidNote ? ({ event }: CallArgs) => invalidNote(digitsOf(event)) : ('invalidEntry' as const);
  const keys: Transition[] = [
    { guard: pressed('*'), actions: ['clearNotes', heard(purpose, 'repeat')] },
    ...navigation(purpose, rules.mainMenuKey !== false, rules.humanQueue),
    {
      guard: ({ event }: CallArgs) => event.type === 'caller.pressed' && event.digits !== '' && rules.accept(event.digits, event),
      target: rules.onValid.target,
      actions: ['clearNotes', heard(purpose, 'entered'), ...(rules.onValid.actions ?? [])],
    },
  ];
  const skip: Transition | null = rules.optional
    ? { target: rules.onSkip?.target, actions: ['clearNotes', heard(purpose, 'skipped'), ...(rules.onSkip?.actions ?? [])] }
    : null;
  if (skip) keys.push({ ...skip, guard: 'skipped' });
  const invalid = retry(purpose, 'invalid', invalidKind, tooMany(purpose, 'invalid', rules.fallbackQueue, rules.onTooMany ?? skip ?? undefined));
  const silent = rules.optional
    ? [
        { guard: 'firstAttempt', actions: ['clearNotes', heard(purpose, 'silence'), failedOnce('noInput')] },
        { ...skip!, actions: ['clearNotes', heard(purpose, 'silence, skipped'), ...(rules.onSkip?.actions ?? [])] },
      ]
    : retry(purpose, 'silence', 'noInput', tooMany(purpose, 'silence', rules.fallbackQueue, rules.onTooMany));
  return {
    'caller.pressed': [...keys, ...invalid],
    'caller.garbled': invalid,
    'caller.silent': silent,
  } as never;
}
