import { initialTransition, transition } from 'xstate';
import type { CallEvent, CallInput, Language, TicketRequest } from '../../flows/call-flow.types';
import { voiceFor, type CallSnapshot } from '../../flows/call-voice';
import { statePath } from '../../flows/state-path';
import { hotlineMachine } from '../../flows/hotline.flow';
import type { Speech, VoiceTurn } from '../../flows/voice.types';
import { aCallInput, press } from './call-events.factory';

/** An action the pure step asks the use case to execute, with its resolved params. */
export interface StepAction {
  type: string;
  params?: unknown;
}

/** The words of a turn, in order (pauses and music left out). */
export function wordsOf(turn: VoiceTurn): string[] {
  if (turn.kind === 'leaveQueue') return [];
  return turn.speech.filter((s): s is Extract<Speech, { kind: 'say' }> => s.kind === 'say').map((s) => s.text);
}

/** How many times `part` occurs in `text`. */
export function occurrences(text: string, part: string): number {
  return part === '' ? 0 : text.split(part).length - 1;
}

/**
 * One call driven the way the webhook use case drives it: one event, one pure `transition`,
 * keeping every action the steps asked for.
 */
export class PureCall {
  snapshot: CallSnapshot;
  /** The actions of the latest step. */
  actions: StepAction[];
  /** The actions of every step so far. */
  readonly allActions: StepAction[] = [];

  private constructor(input: CallInput) {
    const [snapshot, actions] = initialTransition(hotlineMachine, input);
    this.snapshot = snapshot;
    this.actions = actions as StepAction[];
    this.allActions.push(...this.actions);
  }

  static start(input: Partial<CallInput> = {}): PureCall {
    return new PureCall(aCallInput(input));
  }

  /** A call that has chosen its language and hears the main menu. */
  static atMainMenu(language: Language = 'en-US', input: Partial<CallInput> = {}): PureCall {
    return PureCall.start(input).send(press(language === 'zh-CN' ? '1' : '2'));
  }

  send(...events: CallEvent[]): this {
    for (const event of events) {
      const [snapshot, actions] = transition(hotlineMachine, this.snapshot, event);
      this.snapshot = snapshot;
      this.actions = actions as StepAction[];
      this.allActions.push(...this.actions);
    }
    return this;
  }

  get path(): string {
    return statePath(this.snapshot.value);
  }

  get context() {
    return this.snapshot.context;
  }

  voice(): VoiceTurn {
    return voiceFor(this.snapshot);
  }

  /** Everything said in the current turn, as one string. */
  heard(): string {
    return wordsOf(this.voice()).join(' ');
  }

  ticketsOpened(): TicketRequest[] {
    return this.allActions.filter((a) => a.type === 'openTicket').map((a) => a.params as TicketRequest);
  }

  ticketCallbacksSet(): Array<{ reference: string; callbackNumber: string | null }> {
    return this.allActions.filter((a) => a.type === 'setTicketCallback').map((a) => a.params as { reference: string; callbackNumber: string | null });
  }
}
