import { assign, type EventObject } from 'xstate';

/** Failed answers to one question before a line stops asking it. */
const MAX_ATTEMPTS = 3;

/** What every IVR line (the hotline and the agent line) keeps about the question it is asking. */
export interface IvrContext {
  /** Failed answers to the current question. */
  attempts: number;
  /** Said once before the next prompt. */
  notes: ReadonlyArray<{ kind: string }>;
  /** What the latest keypress was for and what it meant, for the call log. */
  lastInput: { purpose: string; meaning: string } | null;
}

type NoteOf<C extends IvrContext> = C['notes'][number];
type PurposeOf<C extends IvrContext> = NonNullable<C['lastInput']>['purpose'];
/** Notes that carry nothing but their kind: the apologies for a wrong or missing answer. */
type BareKind<N> = N extends { kind: infer K } ? ({ kind: K } extends N ? K : never) : never;
type Dynamic<C, E, T> = T | ((args: { context: C; event: E }) => T);

/**
 * The input bookkeeping and attempt rules both lines share, typed for one machine: `actions` and `guards` go
 * into its `setup()`, the builders refer to them by name.
 */
export function ivrTransitions<C extends IvrContext, E extends EventObject>() {
  type Args = { context: C; event: E };
  type Kind = BareKind<NoteOf<C>>;

  /** `assign` typed for this machine, so actions built outside `createMachine` keep their types. */
  const set = (assignment: Parameters<typeof assign<C, E, undefined, E, never>>[0]) => assign<C, E, undefined, E, never>(assignment);
  /** `set` for a named action that takes `params`. */
  const setWith = <P>(assignment: Parameters<typeof assign<C, E, P, E, never>>[0]) => assign<C, E, P, E, never>(assignment);

  const actions = {
    /** Notes are said once: whatever the step says next starts afresh. */
    clearNotes: set(() => ({ notes: [] }) as unknown as Partial<C>),
    /** A new question: no failed answers yet. */
    resetAttempts: set(() => ({ attempts: 0 }) as Partial<C>),
    /** What the keypress was for and what it meant, for the call log. */
    heard: setWith<{ purpose: PurposeOf<C>; meaning: string }>((_, { purpose, meaning }) => ({ lastInput: { purpose, meaning } }) as Partial<C>),
    /** Something to say before the next prompt; null says nothing. */
    addNote: setWith<NoteOf<C> | null>(({ context }, n) => ({ notes: n ? [...context.notes, n] : context.notes }) as Partial<C>),
    /** One more failed answer, and the apology for it. */
    failedAttempt: setWith<{ kind: Kind }>(
      ({ context }, { kind }) => ({ attempts: context.attempts + 1, notes: [...context.notes, { kind }] }) as unknown as Partial<C>,
    ),
  };

  const guards = {
    /** Another failed answer would still leave one to give: three in all unless `max` says otherwise. */
    attemptLeft: ({ context }: Args, params?: { max: number }) => context.attempts + 1 < (params?.max ?? MAX_ATTEMPTS),
  };

  const heard = (purpose: PurposeOf<C>, meaning: string) => ({ type: 'heard', params: { purpose, meaning } }) as const;
  const note = (n: Dynamic<C, E, NoteOf<C> | null>) => ({ type: 'addNote', params: n }) as const;
  const failedOnce = (kind: Dynamic<C, E, Kind>) =>
    ({ type: 'failedAttempt', params: typeof kind === 'function' ? (args: Args) => ({ kind: kind(args) }) : { kind } }) as const;

  /** A wrong or missing answer is apologised for and asked again until the attempts run out; then `giveUp`. */
  function retry<const T>(purpose: PurposeOf<C>, meaning: string, kind: Dynamic<C, E, Kind>, giveUp: readonly T[], max?: number) {
    const again = {
      guard: max === undefined ? ('attemptLeft' as const) : { type: 'attemptLeft' as const, params: { max } },
      actions: ['clearNotes' as const, heard(purpose, meaning), failedOnce(kind)],
    };
    return [again, ...giveUp];
  }

  return { actions, guards, set, setWith, heard, note, failedOnce, retry };
}
