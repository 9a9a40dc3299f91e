import readline from 'node:readline';
import type { CallerInput, GatherPrompt, HoldDecision, HoldPrompt } from './caller-input';
import { KeyScriptError, parseKeyEntry, type KeyEntry } from './key-script';
import { gatherQuestion, holdQuestion } from './transcript-printer';

const HOLD_STEP_SECONDS = 30;

/** The CLI's caller: asks the keyboard at every Gather and hold point; `q` (or end of input) hangs up. */
export class KeyboardCallerInput implements CallerInput {
  private readonly rl: readline.Interface;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private asking: string | undefined;

  constructor(
    input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stdout,
  ) {
    this.rl = readline.createInterface({ input, output });
    this.rl.on('close', () => {
      this.closed = true;
    });
  }

  close(): void {
    this.rl.close();
  }

  /** Prints a line above the open question (if any), keeping what the user is typing. */
  print(line: string): void {
    if (this.asking === undefined || this.closed) {
      this.output.write(`${line}\n`);
      return;
    }
    readline.clearLine(this.output, 0);
    readline.cursorTo(this.output, 0);
    this.output.write(`${line}\n${this.asking}${this.rl.line}`);
  }

  async atGather(prompt: GatherPrompt): Promise<KeyEntry | undefined> {
    for (;;) {
      const answer = await this.ask(gatherQuestion(prompt));
      if (answer === undefined || answer === 'q') return { kind: 'hangup' };
      try {
        return parseKeyEntry(answer);
      } catch (err) {
        if (!(err instanceof KeyScriptError)) throw err;
        this.output.write(`   ${err.message}\n`);
      }
    }
  }

  async atHold(prompt: HoldPrompt): Promise<HoldDecision> {
    // A pause is short and comes round again: asking at each one would bury the call in questions.
    if (prompt.state === 'paused') return { kind: 'pending' };
    for (;;) {
      const answer = await this.ask(holdQuestion(prompt));
      if (answer === undefined || answer === 'q') return { kind: 'entry', entry: { kind: 'hangup' } };
      if (answer === '') return { kind: 'entry', entry: { kind: 'wait', seconds: HOLD_STEP_SECONDS } };
      if (/^\d+$/.test(answer)) return { kind: 'entry', entry: { kind: 'wait', seconds: Number(answer) } };
      if (answer === '*' && prompt.starLeaves) return { kind: 'entry', entry: { kind: 'keys', digits: '*' } };
      this.output.write('   Enter, a number of seconds, q' + (prompt.starLeaves ? ' or *' : '') + '\n');
    }
  }

  // One question at a time: a hold prompt and a Gather can both want the keyboard.
  private ask(question: string): Promise<string | undefined> {
    const next = this.queue.then(
      () =>
        new Promise<string | undefined>((resolve) => {
          if (this.closed) return resolve(undefined);
          const onClose = () => resolve(undefined);
          this.rl.once('close', onClose);
          this.asking = question;
          this.rl.question(question, (answer) => {
            this.asking = undefined;
            this.rl.off('close', onClose);
            resolve(answer.trim());
          });
        }),
    );
    this.queue = next;
    return next;
  }
}
